"""Pilot tickets: each ticket's arm, stored with the design that assigned it, and its agent view.

One row per ticket the pilot took in (``pilot`` "live", or "rehearsal" for simulated tickets):
the arm, when and from where it was assigned, the fingerprint of the cohort design (the salt's
hash and the two shares, so a changed charter is noticed rather than silently re-assigning),
when an agent first opened it and who, the draft shown (a ``drafts`` row), when the first
reply went out (``replied_at``: the queue's "still open"), and, while an experiment runs, the
treatment ticket's variant and the experiment's name.

Every write is conditional (insert-or-ignore, ``... WHERE first_view_at IS NULL``), so two
workers handling the same ticket at once agree on one assignment, one first view, one draft.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    Select,
    Update,
    bindparam,
    case,
    delete,
    func,
    select,
    update,
)

from ticketpilot.store.idempotent import insert_or_ignore
from ticketpilot.store.tables import pilot_tickets, tickets

_T = pilot_tickets.c


@dataclass(frozen=True, slots=True)
class PilotTicketRow:
    """One stored pilot ticket."""

    ticket_id: str
    arm: str
    assigned_at: datetime
    category: str | None
    source: str
    salt_hash: str
    treatment_share: float
    control_share: float
    first_view_at: datetime | None = None
    viewer: str | None = None
    draft_id: int | None = None
    replied_at: datetime | None = None
    experiment: str | None = None  # a treatment ticket's experiment and variant, if one runs
    variant: str | None = None


_FIELDS = tuple(PilotTicketRow.__dataclass_fields__)


@dataclass(frozen=True, slots=True)
class QueueRow:
    """An open live pilot ticket for the agents' queue, with what the queue shows of it."""

    ticket: PilotTicketRow
    subject: str
    created_at: datetime | None


@dataclass(frozen=True, slots=True)
class StoredDesign:
    """A cohort design fingerprint found on stored tickets, and how many it assigned."""

    salt_hash: str
    treatment_share: float
    control_share: float
    tickets: int


class PilotTickets:
    """The pilot tickets of one pilot (``"live"`` or ``"rehearsal"``)."""

    def __init__(self, engine: Engine, pilot: str = "live") -> None:
        self.engine = engine
        self.pilot = pilot

    def assign(self, connection: Connection, rows: Sequence[PilotTicketRow]) -> set[str]:
        """Store the assignments of tickets not yet assigned; returns the ids stored now.

        A ticket already assigned keeps its stored row (and arm), whatever ``rows`` says.
        """
        values = [
            {"pilot": self.pilot, **{name: getattr(r, name) for name in _FIELDS}} for r in rows
        ]
        stored = insert_or_ignore(
            connection,
            pilot_tickets,
            values,
            keys=("pilot", "ticket_id"),
            returning=(_T.ticket_id,),
        )
        return {str(row[0]) for row in stored}

    def get_many(self, connection: Connection, ids: Iterable[str]) -> dict[str, PilotTicketRow]:
        """The stored rows of ``ids`` (those assigned), by id."""
        wanted = list(dict.fromkeys(ids))
        found: dict[str, PilotTicketRow] = {}
        if len(wanted) == 1:  # the API's case: a statement built once
            row = connection.execute(_one_row(), {"b_pilot": self.pilot, "b_id": wanted[0]}).first()
            return {} if row is None else {row[0]: PilotTicketRow(*row)}
        for start in range(0, len(wanted), 500):
            query = select(*(_T[name] for name in _FIELDS)).where(
                _T.pilot == self.pilot, _T.ticket_id.in_(wanted[start : start + 500])
            )
            for row in connection.execute(query):
                found[row[0]] = PilotTicketRow(*row)
        return found

    def get_created(
        self, connection: Connection, ticket_id: str
    ) -> tuple[PilotTicketRow, datetime | None] | None:
        """A ticket's pilot row and when the ticket was created (one query), or ``None`` if
        the pilot never took it in."""
        row = connection.execute(_row_created(), {"b_pilot": self.pilot, "b_id": ticket_id}).first()
        return None if row is None else (PilotTicketRow(*row[:-1]), row[-1])

    def get(self, ticket_id: str) -> PilotTicketRow | None:
        """One ticket's row, or ``None`` if the pilot never took it in."""
        with self.engine.connect() as connection:
            return self.get_many(connection, [ticket_id]).get(ticket_id)

    def mark_viewed(
        self, connection: Connection, ticket_id: str, at: datetime, viewer: str
    ) -> bool:
        """Record the first view (``at``, by ``viewer``) unless one is stored; True if this was it."""
        result = connection.execute(
            update(pilot_tickets)
            .where(_T.pilot == self.pilot, _T.ticket_id == ticket_id, _T.first_view_at.is_(None))
            .values(first_view_at=at, viewer=viewer)
        )
        return bool(result.rowcount)

    def set_draft(self, connection: Connection, ticket_id: str, draft_id: int) -> bool:
        """Attach the draft shown to the ticket unless one is attached; True if this one was."""
        result = connection.execute(
            update(pilot_tickets)
            .where(_T.pilot == self.pilot, _T.ticket_id == ticket_id, _T.draft_id.is_(None))
            .values(draft_id=draft_id)
        )
        return bool(result.rowcount)

    def mark_replied(self, connection: Connection, replies: Mapping[str, datetime]) -> None:
        """Set each ticket's ``replied_at`` to the earliest reply time seen."""
        if not replies:
            return
        connection.execute(_mark_replied(), [{"b_pilot": self.pilot, "b_id": tid, "b_at": when}
                                             for tid, when in replies.items()])  # fmt: skip

    def queue(self, *, limit: int, viewer: str | None = None) -> list[QueueRow]:
        """Open pilot tickets (no reply yet, not resolved): treatment first, then control, oldest
        first. With ``viewer``, tickets another agent has opened are left out."""
        arm_order = case((_T.arm == "treatment", 0), else_=1)
        query = (
            select(*(_T[name] for name in _FIELDS), tickets.c.subject, tickets.c.created_at)
            .join(tickets, tickets.c.id == _T.ticket_id)
            .where(
                _T.pilot == self.pilot,
                _T.arm.in_(("treatment", "control")),
                _T.replied_at.is_(None),
                tickets.c.resolved_at.is_(None),
            )
            .order_by(arm_order, func.coalesce(tickets.c.created_at, _T.assigned_at), _T.ticket_id)
            .limit(limit)
        )
        if viewer is not None:
            query = query.where(_T.viewer.is_(None) | (_T.viewer == viewer))
        with self.engine.connect() as connection:
            rows = connection.execute(query).all()
        n = len(_FIELDS)
        return [QueueRow(PilotTicketRow(*row[:n]), row[n] or "", row[n + 1]) for row in rows]

    def designs(self) -> list[StoredDesign]:
        """Every design fingerprint on stored tickets, with its ticket count, most used first."""
        query = (
            select(_T.salt_hash, _T.treatment_share, _T.control_share, func.count())
            .where(_T.pilot == self.pilot)
            .group_by(_T.salt_hash, _T.treatment_share, _T.control_share)
            .order_by(func.count().desc())
        )
        with self.engine.connect() as connection:
            return [StoredDesign(*row) for row in connection.execute(query)]

    def arms(self, *, except_salt_hash: str | None = None) -> list[tuple[str, str]]:
        """``(ticket id, stored arm)`` of every ticket (assigned under another salt, if given)."""
        query = select(_T.ticket_id, _T.arm).where(_T.pilot == self.pilot)
        if except_salt_hash is not None:
            query = query.where(_T.salt_hash != except_salt_hash)
        with self.engine.connect() as connection:
            return [(str(tid), str(arm)) for tid, arm in connection.execute(query)]

    def variants(self, experiment: str) -> dict[str, str]:
        """``ticket id -> variant`` of the tickets assigned under ``experiment``."""
        query = select(_T.ticket_id, _T.variant).where(
            _T.pilot == self.pilot, _T.experiment == experiment, _T.variant.is_not(None)
        )
        with self.engine.connect() as connection:
            return {str(tid): str(variant) for tid, variant in connection.execute(query)}

    def count(self) -> dict[str, int]:
        """Tickets per stored arm."""
        query = select(_T.arm, func.count()).where(_T.pilot == self.pilot).group_by(_T.arm)
        with self.engine.connect() as connection:
            return {str(arm): int(n) for arm, n in connection.execute(query)}

    def clear(self, connection: Connection) -> int:
        """Delete this pilot's tickets (a rehearsal replaced by the next); returns how many."""
        result = connection.execute(delete(pilot_tickets).where(_T.pilot == self.pilot))
        return int(result.rowcount)


def ticket_facts(connection: Connection, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """``created_at``, ``category``, ``resolved_at`` and ``content_hash`` of stored tickets."""
    wanted = list(dict.fromkeys(ids))
    columns = (tickets.c.created_at, tickets.c.category, tickets.c.resolved_at,
               tickets.c.content_hash)  # fmt: skip
    facts: dict[str, dict[str, Any]] = {}
    for start in range(0, len(wanted), 500):
        query = select(tickets.c.id, *columns).where(tickets.c.id.in_(wanted[start : start + 500]))
        for row in connection.execute(query):
            facts[row[0]] = {c.name: value for c, value in zip(columns, row[1:], strict=True)}
    return facts


def set_ticket_outcome(
    connection: Connection,
    ticket_id: str,
    *,
    resolved_at: datetime | None = None,
    csat: float | None = None,
) -> None:
    """Write a resolution time (unless the ticket holds a later one) or a CSAT score onto the
    ticket itself."""
    if resolved_at is not None:
        connection.execute(
            update(tickets)
            .where(tickets.c.id == ticket_id)
            .where(tickets.c.resolved_at.is_(None) | (tickets.c.resolved_at < resolved_at))
            .values(resolved_at=resolved_at)
        )
    if csat is not None:
        connection.execute(update(tickets).where(tickets.c.id == ticket_id).values(csat=csat))


# the statements of the feedback path, built once (bound parameters ``b_*``): SQLAlchemy then
# finds their compiled form without building them and their cache key again on every event


@cache
def _one_row() -> Select[Any]:
    return select(*(_T[name] for name in _FIELDS)).where(
        _T.pilot == bindparam("b_pilot"), _T.ticket_id == bindparam("b_id")
    )


@cache
def _row_created() -> Select[Any]:
    return (
        select(*(_T[name] for name in _FIELDS), tickets.c.created_at)
        .select_from(pilot_tickets.outerjoin(tickets, tickets.c.id == _T.ticket_id))
        .where(_T.pilot == bindparam("b_pilot"), _T.ticket_id == bindparam("b_id"))
    )


@cache
def _mark_replied() -> Update:
    at = bindparam("b_at", type_=pilot_tickets.c.replied_at.type)
    return (
        update(pilot_tickets)
        .where(_T.pilot == bindparam("b_pilot"), _T.ticket_id == bindparam("b_id"),
               _T.replied_at.is_(None) | (_T.replied_at > at))
        .values(replied_at=at)
    )  # fmt: skip
