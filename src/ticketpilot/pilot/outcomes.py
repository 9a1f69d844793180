"""From a list of events to one row per pilot ticket, held as NumPy columns.

A ticket is a pilot unit when it has an ``assigned`` event and the cohort design puts it in the
treatment or control arm (the arm is recomputed from the design, never trusted from the log).
Of several events of one kind the first in time counts (the first draft shown, the first reply
sent); a ticket's flags keep their worst severity; the last resolution and rating count.
Everything that does not fit is counted in :class:`Health`, not dropped silently.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields, replace
from datetime import datetime
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ticketpilot.pilot.cohorts import CohortDesign
from ticketpilot.pilot.events import PilotEvent
from ticketpilot.pilot.log import KINDS, EventLog

UNTAGGED = "untagged"


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


def tabulate(events: Iterable[PilotEvent], design: CohortDesign) -> PilotData:
    """Fold ``events`` (any order) into one row per pilot ticket."""
    return tabulate_log(EventLog.from_events(events), design)


def tabulate_log(log: EventLog, design: CohortDesign) -> PilotData:
    """Fold an event log (any order) into one row per pilot ticket, as column operations."""
    log = log.in_time_order()
    count = len(log.ticket_ids)
    seen = log.first_of(*KINDS)  # tickets in the order of their first event
    assigned = log.first_of("assigned")
    shown = log.first_of("shown")
    withheld = log.first_of("withheld")
    outcome = log.first_of(*_OUTCOMES)
    resolved = log.last_of("resolved")
    rated = log.last_of("rated")
    replies = np.bincount(log.ticket[log.of_kind(*_OUTCOMES)], minlength=count)
    flags = np.zeros(count, dtype=np.int8)
    flagged = log.of_kind("flagged")
    np.maximum.at(flags, log.ticket[flagged], log.severity[flagged])

    order = np.argsort(seen, kind="stable")
    order = order[seen[order] >= 0]
    with_assignment = order[assigned[order] >= 0]
    arms = np.array(design.arms(log.ticket_ids[t] for t in with_assignment), dtype=object)
    kept = with_assignment[arms != "outside"]
    arm = arms[arms != "outside"].astype(str)
    start = _when(log.at[assigned[kept]].min()) if kept.size else None
    health = Health(
        orphan_tickets=int(order.size - with_assignment.size),
        outside_tickets=int(with_assignment.size - kept.size),
        control_drafts=int(np.sum((arm == "control") & (shown[kept] >= 0))),
        repeated_outcomes=int(np.sum(replies[kept] > 1)),
        flags_without_draft=int(np.sum((flags[kept] > 0) & (shown[kept] < 0))),
    )
    last = _when(log.at[-1]) if len(log) else None
    table = _table(log, kept, arm, start, assigned, shown, withheld, outcome, flags, resolved,
                   rated)  # fmt: skip
    return PilotData(table, start, last, health)


_OUTCOMES = ("accepted", "edited", "rejected", "handled")
_NAN = float("nan")


def _when(value: np.datetime64) -> datetime:
    moment = value.astype("datetime64[us]").item()
    assert isinstance(moment, datetime)
    return moment


def _pick(column: NDArray[Any], rows: NDArray[np.intp], missing: object) -> NDArray[Any]:
    """``column[rows]``, with ``missing`` where a row is -1."""
    values = column[np.maximum(rows, 0)].copy() if column.size else np.full(rows.size, missing)
    values[rows < 0] = missing
    return values


def _table(
    log: EventLog, kept: NDArray[np.intp], arm: NDArray[np.str_], start: datetime | None,
    assigned: NDArray[np.intp], shown: NDArray[np.intp], withheld: NDArray[np.intp],
    outcome: NDArray[np.intp], flags: NDArray[np.int8], resolved: NDArray[np.intp],
    rated: NDArray[np.intp],
) -> TicketTable:  # fmt: skip
    first = assigned[kept]
    is_shown = shown[kept] >= 0
    draft = np.where(is_shown, shown[kept], withheld[kept])
    reply = outcome[kept]
    kinds = np.array((*KINDS, ""), dtype=object)
    reply_kind = kinds[np.where(reply >= 0, log.kind[np.maximum(reply, 0)], len(KINDS))]
    edited = reply_kind == "edited"
    origin = np.datetime64(start, "us") if start else np.datetime64("1970-01-01", "us")
    assigned_at = log.at[first] if kept.size else np.zeros(0, dtype="datetime64[us]")
    category = _pick(log.category, first, None)
    longer = np.fmax(_pick(log.draft_chars, reply, _NAN), _pick(log.sent_chars, reply, _NAN))
    return TicketTable(
        ticket_id=np.array([log.ticket_ids[t] for t in kept], dtype=str).reshape(-1),
        arm=arm.astype(str).reshape(-1),
        category=np.array([c or UNTAGGED for c in category], dtype=str).reshape(-1),
        day=(assigned_at - origin) / np.timedelta64(1, "D"),
        shown=is_shown,
        prompt_version=_pick(log.prompt_version, draft, "").astype(str).reshape(-1),
        latency_ms=_pick(log.latency_ms, draft, _NAN),
        detected=_pick(log.detected, draft, False).astype(bool),
        withheld=~is_shown & (withheld[kept] >= 0),
        drafted=is_shown | _pick(log.drafted, withheld[kept], False).astype(bool),
        outcome=reply_kind.astype(str).reshape(-1),
        seconds=_pick(log.seconds, reply, _NAN),
        distance=np.where(edited, _pick(log.distance, reply, _NAN), _NAN),
        longer_chars=np.where(edited, longer, _NAN),
        severity=flags[kept].astype(np.int8),
        resolution_hours=_pick(log.hours, resolved[kept], _NAN),
        csat=_pick(log.score, rated[kept], _NAN),
    )
