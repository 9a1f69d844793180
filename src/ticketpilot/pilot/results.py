"""What the pilot service answers: plain frozen records with ``as_dict`` for JSON and pages.

===============  ==============================================================================
record           returned by
===============  ==============================================================================
IngestResult     ``ingest_ticket``: the arm, whether this call assigned it, the ticket write
RecordResult     ``record_event`` / ``record_events``: stored, duplicate, or outside the pilot
PilotDraft       ``pilot_draft``: the draft shown (treatment) or none (control), first view
QueueItem        ``queue``: one open pilot ticket
DesignCheck      the stored assignments' cohort designs against the charter's
PilotReport      ``pilot_report``: metrics, status in words, per-segment statuses, design check
Rehearsal        ``simulate``: the simulated pilot's input, volume, events and its report
===============  ==============================================================================
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from ticketpilot.pilot.events import PilotEvent, event_record
from ticketpilot.pilot.metrics import PilotMetrics
from ticketpilot.pilot.records import Fingerprint
from ticketpilot.pilot.status import PilotStatus
from ticketpilot.pilot.variants import ExperimentResults

TicketWrite = Literal["inserted", "updated", "unchanged"]
RecordOutcome = Literal["stored", "duplicate", "outside"]
PilotName = Literal["live", "rehearsal"]


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


@dataclass(frozen=True)
class IngestResult:
    """One ingested ticket: its arm and what this call changed."""

    ticket_id: str
    arm: str  # treatment | control | outside
    new: bool  # this call assigned the ticket (False: it was assigned before)
    ticket: TicketWrite  # what happened to the stored ticket itself
    design_changed: bool = False  # assigned earlier under another cohort design (arm kept)

    def as_dict(self) -> dict[str, Any]:
        return {"ticket_id": self.ticket_id, "arm": self.arm, "new": self.new,
                "ticket": self.ticket, "design_changed": self.design_changed}  # fmt: skip


@dataclass(frozen=True)
class RecordResult:
    """One event offered to the pilot: ``stored`` now, a ``duplicate`` of a stored one (same
    key, or a ticket already assigned), or ``outside`` the pilot (a resolution or rating of a
    ticket in neither cohort: the ticket was updated, no pilot event stored)."""

    key: str
    outcome: RecordOutcome
    event: PilotEvent  # as stored, with the service's fill-ins (seconds, hours)

    @property
    def stored(self) -> bool:
        return self.outcome == "stored"

    def as_dict(self) -> dict[str, Any]:
        record = event_record(self.event)
        record["at"] = _iso(self.event.at)
        return {"key": self.key, "outcome": self.outcome, "event": record}


@dataclass(frozen=True)
class PilotDraft:
    """What an agent opening a pilot ticket gets: a draft (or its fallback) for a treatment
    ticket, nothing for a control ticket; either way the first view, when handling time starts."""

    ticket_id: str
    arm: str
    first_view_at: datetime | None
    viewer: str | None
    first_view: bool  # this call was the ticket's first view
    draft_id: int | None = None  # the drafts row shown (None: control)
    outcome: str | None = None  # "draft" | "fallback" (None: control)
    text: str | None = None  # the draft, this ticket's PII restored (None: fallback, control)
    reasons: tuple[str, ...] = ()  # why a fallback happened
    flags: tuple[str, ...] = ()  # failed non-blocking checks the agent should see
    citations: tuple[dict[str, Any], ...] = ()  # past tickets drawn on: ticket_id, score, used
    checks: tuple[dict[str, Any], ...] = ()  # every check: check, passed, severity, reason
    prompt_version: str | None = None
    latency_ms: float | None = None
    reused: bool = False  # the stored draft of an earlier view (no new drafting call)
    variant: str | None = None  # the experiment's variant that drafted it (None: no experiment)

    def as_dict(self) -> dict[str, Any]:
        return {
            "ticket_id": self.ticket_id, "arm": self.arm,
            "first_view_at": _iso(self.first_view_at), "viewer": self.viewer,
            "first_view": self.first_view, "draft_id": self.draft_id, "outcome": self.outcome,
            "text": self.text, "reasons": list(self.reasons), "flags": list(self.flags),
            "citations": list(self.citations), "checks": list(self.checks),
            "prompt_version": self.prompt_version, "latency_ms": self.latency_ms,
            "reused": self.reused, "variant": self.variant,
        }  # fmt: skip


@dataclass(frozen=True)
class QueueItem:
    """An open pilot ticket in the agents' queue."""

    ticket_id: str
    arm: str
    subject: str
    category: str | None
    created_at: datetime | None
    age_hours: float  # since created (or assigned, for a ticket without a creation time)
    has_draft: bool
    first_view_at: datetime | None
    viewer: str | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "ticket_id": self.ticket_id, "arm": self.arm, "subject": self.subject,
            "category": self.category, "created_at": _iso(self.created_at),
            "age_hours": round(self.age_hours, 2), "has_draft": self.has_draft,
            "first_view_at": _iso(self.first_view_at), "viewer": self.viewer,
        }  # fmt: skip


@dataclass(frozen=True)
class DesignCheck:
    """The cohort designs stored tickets were assigned under, against the charter's now.

    ``moved`` counts stored pilot tickets (treatment or control) whose arm under the charter's
    design differs from the arm they were given: the metrics recompute arms from the charter,
    so such a ticket would be analysed in an arm it never was in (a changed salt moves most of
    them). Tickets stored outside the pilot stay outside (their stored arm rules), so a ramp of
    the shares moves none.
    """

    current: Fingerprint
    stored: tuple[tuple[Fingerprint, int], ...]
    moved: int = 0

    @property
    def changed(self) -> bool:
        return any(fp != self.current for fp, _ in self.stored)

    def describe(self) -> str | None:
        """One line when the design changed, else ``None``."""
        if not self.changed:
            return None
        earlier = "; ".join(f"{n:,} tickets under {fp.describe()}" for fp, n in self.stored
                            if fp != self.current)  # fmt: skip
        effect = (f"{self.moved:,} of them would now be in another arm" if self.moved
                  else "no stored ticket changes arm (a ramp of the shares)")  # fmt: skip
        return (f"the cohort design changed: {earlier}, now {self.current.describe()}; "
                f"{effect}")  # fmt: skip

    def as_dict(self) -> dict[str, Any]:
        return {
            "current": _fingerprint(self.current),
            "stored": [{**_fingerprint(fp), "tickets": n} for fp, n in self.stored],
            "changed": self.changed,
            "moved": self.moved,
            "message": self.describe(),
        }  # fmt: skip


def _fingerprint(fp: Fingerprint) -> dict[str, Any]:
    return {"salt_hash": fp.salt_hash, "treatment_share": fp.treatment_share,
            "control_share": fp.control_share}  # fmt: skip


def design_status(status: PilotStatus, check: DesignCheck) -> PilotStatus:
    """``status`` with the design check applied: unhealthy when stored tickets would change arm
    (nothing else is read), a warning when only the shares ramped."""
    message = check.describe()
    if message is None:
        return status
    if check.moved:
        return PilotStatus("unhealthy", "unhealthy: the cohort design changed", (message,),
                           status.warnings, None, ())  # fmt: skip
    return PilotStatus(status.kind, status.headline, status.reasons,
                       (*status.warnings, message), status.days_left, status.criteria)  # fmt: skip


@dataclass(frozen=True)
class PilotReport:
    """The pilot's figures and status, with the provenance of each (``metrics.method()``)."""

    pilot: PilotName
    metrics: PilotMetrics
    status: PilotStatus
    by_category: dict[str, PilotStatus]
    by_prompt_version: dict[str, PilotStatus]
    design: DesignCheck
    events: dict[str, int]  # stored events per kind
    baseline_resolution_hours: float | None = None
    baseline_source: str = "none"
    experiment: ExperimentResults | None = None  # the charter's [experiment], when one runs

    def as_dict(self) -> dict[str, Any]:
        return {
            "pilot": self.pilot,
            "status": self.status.as_dict(),
            "method": self.metrics.method(),
            "design_check": self.design.as_dict(),
            "events": self.events,
            "baseline_resolution_hours": self.baseline_resolution_hours,
            "baseline_source": self.baseline_source,
            "status_by_category": {k: v.as_dict() for k, v in self.by_category.items()},
            "status_by_prompt_version": {k: v.as_dict()
                                         for k, v in self.by_prompt_version.items()},
            "metrics": self.metrics.as_dict(),
            "experiment": self.experiment.as_dict() if self.experiment else None,
        }  # fmt: skip


@dataclass(frozen=True)
class Rehearsal:
    """A simulated pilot: what it was played over, at what volume, and what it reported."""

    report: PilotReport
    replay_id: int
    pool: int  # replayed tickets played over
    days: int
    tickets_per_day: float
    volume_source: str  # where tickets_per_day came from
    seed: int
    start: datetime
    events: int  # events the simulator produced
    stored: int  # events stored through the feedback service
    duplicates: int
    replaced: int  # events of the previous rehearsal deleted first
    expected_acceptance: float  # the true acceptance rate the rehearsal estimates
    seconds: float
    notes: tuple[str, ...] = field(default=())

    def as_dict(self) -> dict[str, Any]:
        return {
            "replay_id": self.replay_id, "pool": self.pool, "days": self.days,
            "tickets_per_day": round(self.tickets_per_day, 2),
            "volume_source": self.volume_source, "seed": self.seed, "start": _iso(self.start),
            "events": self.events, "stored": self.stored, "duplicates": self.duplicates,
            "replaced": self.replaced, "expected_acceptance": round(self.expected_acceptance, 4),
            "seconds": round(self.seconds, 2), "notes": list(self.notes),
            "report": self.report.as_dict(),
        }  # fmt: skip
