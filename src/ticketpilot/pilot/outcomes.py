"""From a list of events to one row per pilot ticket, held as NumPy columns.

A ticket is a pilot unit when it has an ``assigned`` event and the cohort design puts it in the
treatment or control arm (the arm is recomputed from the design, never trusted from the log).
Of several events of one kind the first in time counts (the first draft shown, the first reply
sent); a ticket's flags keep their worst severity; the last resolution and rating count.
Everything that does not fit is counted in :class:`Health`, not dropped silently.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields, replace
from datetime import datetime

import numpy as np
from numpy.typing import NDArray

from ticketpilot.pilot.cohorts import CohortDesign
from ticketpilot.pilot.events import (
    SEVERITIES,
    Accepted,
    Assigned,
    Edited,
    Flagged,
    Handled,
    PilotEvent,
    Rated,
    Rejected,
    Resolved,
    Shown,
    Withheld,
)

UNTAGGED = "untagged"
_OUTCOME_TYPES = (Accepted, Edited, Rejected, Handled)
_SECONDS_PER_DAY = 86_400.0


@dataclass(frozen=True)
class TicketTable:
    """One row per pilot ticket; ``""`` and NaN mark what a ticket does not have."""

    ticket_id: NDArray[np.str_]
    arm: NDArray[np.str_]
    category: NDArray[np.str_]
    day: NDArray[np.float64]  # days from the pilot's first assignment to this ticket's
    shown: NDArray[np.bool_]
    prompt_version: NDArray[np.str_]
    latency_ms: NDArray[np.float64]
    detected: NDArray[np.bool_]
    withheld: NDArray[np.bool_]
    drafted: NDArray[np.bool_]  # a draft was written (shown, or withheld by the checks)
    outcome: NDArray[np.str_]  # accepted / edited / rejected / handled
    seconds: NDArray[np.float64]  # first view -> send
    distance: NDArray[np.float64]
    longer_chars: NDArray[np.float64]  # the longer of draft and sent text, for edited drafts
    severity: NDArray[np.int8]  # 0 none, 1 minor, 2 major, 3 critical
    resolution_hours: NDArray[np.float64]
    csat: NDArray[np.float64]

    def __len__(self) -> int:
        return int(self.ticket_id.size)

    def where(self, mask: NDArray[np.bool_]) -> TicketTable:
        """The rows where ``mask`` holds."""
        return replace(self, **{f.name: getattr(self, f.name)[mask] for f in fields(self)})


@dataclass(frozen=True)
class Health:
    """Events that could not count, and signs of broken logging; all zero in a clean pilot."""

    orphan_tickets: int = 0  # events for tickets never assigned: not counted
    outside_tickets: int = 0  # tickets outside both cohorts that have events: not counted
    control_drafts: int = 0  # control tickets shown a draft: contamination (kept in control)
    repeated_outcomes: int = 0  # tickets with more than one reply outcome (the first counts)
    flags_without_draft: int = 0  # flags on tickets that were shown no draft

    def problems(self) -> list[str]:
        """One line per non-zero count, for the status's warnings."""
        lines = {
            "orphan_tickets": "tickets with events but no assignment (not counted)",
            "outside_tickets": "tickets outside both cohorts with events (not counted)",
            "control_drafts": "control tickets that were shown a draft (contamination)",
            "repeated_outcomes": "tickets with more than one reply outcome (first counted)",
            "flags_without_draft": "hallucination flags on tickets shown no draft",
        }
        return [f"{getattr(self, k):,} {text}" for k, text in lines.items() if getattr(self, k)]


@dataclass(frozen=True)
class PilotData:
    """The tabulated pilot: its tickets, when it started, the last event seen, its health."""

    table: TicketTable
    start: datetime | None
    last_event: datetime | None
    health: Health


class _Row:
    __slots__ = (
        "assigned",
        "category",
        "flags",
        "outcome",
        "rated",
        "repeats",
        "resolved",
        "shown",
        "withheld",
    )  # fmt: skip

    def __init__(self) -> None:
        self.assigned: Assigned | None = None
        self.category: str | None = None
        self.shown: Shown | None = None
        self.withheld: Withheld | None = None
        self.outcome: Accepted | Edited | Rejected | Handled | None = None
        self.flags = 0
        self.resolved: Resolved | None = None
        self.rated: Rated | None = None
        self.repeats = 0

    def add(self, event: PilotEvent) -> None:
        if isinstance(event, Assigned):
            if self.assigned is None:
                self.assigned = event
        elif isinstance(event, Shown):
            if self.shown is None:
                self.shown = event
        elif isinstance(event, Withheld):
            if self.withheld is None:
                self.withheld = event
        elif isinstance(event, _OUTCOME_TYPES):
            if self.outcome is None:
                self.outcome = event
            else:
                self.repeats = 1
        elif isinstance(event, Flagged):
            self.flags = max(self.flags, SEVERITIES.index(event.severity) + 1)
        elif isinstance(event, Resolved):
            self.resolved = event
        else:
            self.rated = event


def tabulate(events: Iterable[PilotEvent], design: CohortDesign) -> PilotData:
    """Fold ``events`` (any order) into one row per pilot ticket."""
    ordered = sorted(events, key=lambda e: e.at)
    rows: dict[str, _Row] = {}
    for event in ordered:
        row = rows.get(event.ticket_id)
        if row is None:
            row = rows[event.ticket_id] = _Row()
        row.add(event)
    assigned = [(tid, row) for tid, row in rows.items() if row.assigned is not None]
    arms = design.arms(tid for tid, _ in assigned)
    kept = [(tid, row, arm) for (tid, row), arm in zip(assigned, arms, strict=True)
            if arm != "outside"]  # fmt: skip
    start = min((row.assigned.at for _, row, _ in kept if row.assigned), default=None)
    health = Health(
        orphan_tickets=len(rows) - len(assigned),
        outside_tickets=len(assigned) - len(kept),
        control_drafts=sum(arm == "control" and row.shown is not None for _, row, arm in kept),
        repeated_outcomes=sum(row.repeats for _, row, _ in kept),
        flags_without_draft=sum(row.flags > 0 and row.shown is None for _, row, _ in kept),
    )
    last = ordered[-1].at if ordered else None
    return PilotData(_columns(kept, start), start, last, health)


def _columns(kept: Sequence[tuple[str, _Row, str]], start: datetime | None) -> TicketTable:
    origin = start or datetime(1970, 1, 1)
    flat = [_flat(tid, row, arm, origin) for tid, row, arm in kept]
    columns = list(zip(*flat, strict=True)) if flat else [()] * len(_DTYPES)
    return TicketTable(
        *(
            np.array(col, dtype=dtype).reshape(-1)
            for col, dtype in zip(columns, _DTYPES, strict=True)
        )
    )


#: the column types of :class:`TicketTable`, in field order
_DTYPES = (str, str, str, float, bool, str, float, bool, bool, bool, str, float, float, float,
           np.int8, float, float)  # fmt: skip
_NAN = float("nan")


def _flat(ticket_id: str, row: _Row, arm: str, origin: datetime) -> tuple[object, ...]:
    """One ticket's values in :class:`TicketTable` field order."""
    shown, withheld, outcome = row.shown, row.withheld, row.outcome
    draft = shown or withheld
    edit = outcome if isinstance(outcome, Edited) else None
    assigned_at = row.assigned.at if row.assigned else origin
    latency = draft.latency_ms if draft else None
    return (
        ticket_id,
        arm,
        (row.assigned.category if row.assigned else None) or UNTAGGED,
        (assigned_at - origin).total_seconds() / _SECONDS_PER_DAY,
        shown is not None,
        (draft.prompt_version if draft else None) or "",
        _NAN if latency is None else latency,
        bool(draft and draft.detected),
        shown is None and withheld is not None,
        shown is not None or bool(withheld and withheld.drafted),
        outcome.kind if outcome else "",
        _NAN if outcome is None or outcome.seconds is None else outcome.seconds,
        edit.distance if edit else _NAN,
        max(edit.draft_chars, edit.sent_chars) if edit else _NAN,
        row.flags,
        _NAN if row.resolved is None or row.resolved.hours is None else row.resolved.hours,
        row.rated.score if row.rated else _NAN,
    )
