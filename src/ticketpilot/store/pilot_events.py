"""Pilot events: one table, idempotent by key (read back for the metrics by
:mod:`ticketpilot.store.pilot_event_log`).

Each row is one event of :mod:`ticketpilot.pilot.events` - its kind, ticket, time, who reported
it (``actor``: an agent id or API token name), the prompt version where it has one, and the
rest of its fields as JSON (``payload``). ``(pilot, idempotency_key)`` is unique and every
insert is insert-or-ignore (:mod:`ticketpilot.store.idempotent`), so a retried, duplicated or
late-delivered event is stored once however many workers receive it at the same moment.
:meth:`PilotEvents.insert_replied` stores events and their tickets' reply time in one atomic
write, :meth:`PilotEvents.insert_outcome` a resolution or rating and its ticket's resolution
time or CSAT: each a single statement on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    Select,
    and_,
    bindparam,
    case,
    cast,
    delete,
    exists,
    extract,
    func,
    select,
    true,
    update,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.types import JSON, Boolean

from ticketpilot.store.idempotent import atomic, insert_or_ignore
from ticketpilot.store.pilot_tickets import PilotTickets
from ticketpilot.store.tables import pilot_events, pilot_tickets, tickets

_E = pilot_events.c
_T = pilot_tickets.c


@dataclass(frozen=True, slots=True)
class EventRow:
    """One stored (or to be stored) pilot event."""

    key: str
    kind: str
    ticket_id: str
    at: datetime
    payload: dict[str, Any]
    actor: str | None = None
    prompt_version: str | None = None


class PilotEvents:
    """The events of one pilot (``"live"`` or ``"rehearsal"``)."""

    def __init__(self, engine: Engine, pilot: str = "live") -> None:
        self.engine = engine
        self.pilot = pilot

    def _values(self, rows: Sequence[EventRow], recorded_at: datetime) -> list[dict[str, Any]]:
        return [
            {"pilot": self.pilot, "idempotency_key": r.key, "kind": r.kind,
             "ticket_id": r.ticket_id, "at": r.at, "recorded_at": recorded_at, "actor": r.actor,
             "prompt_version": r.prompt_version, "payload": r.payload}
            for r in rows
        ]  # fmt: skip

    def _bound(self, row: EventRow, recorded_at: datetime) -> dict[str, Any]:
        """One row's values as the one-statement paths take them: each column ``b_<name>`` (an
        update takes a parameter named as a column for a value to set)."""
        return {f"b_{name}": value for name, value in self._values([row], recorded_at)[0].items()}

    def insert(
        self, connection: Connection, rows: Sequence[EventRow], recorded_at: datetime
    ) -> set[str]:
        """Store the events whose key is new; returns the keys stored by this call."""
        values = self._values(rows, recorded_at)
        stored = insert_or_ignore(connection, pilot_events, values,
                                  keys=("pilot", "idempotency_key"),
                                  returning=(_E.idempotency_key,))  # fmt: skip
        return {str(row[0]) for row in stored}

    def insert_replied(
        self,
        connection: Connection,
        rows: Sequence[EventRow],
        recorded_at: datetime,
        reply_kinds: Collection[str],
    ) -> set[str]:
        """:meth:`insert`, and for the events stored whose kind is in ``reply_kinds`` set their
        tickets' ``replied_at`` to the earliest (``PilotTickets.mark_replied``), as one atomic
        write on an ``autocommit`` connection: with no reply among ``rows``, or one reply on
        PostgreSQL (the API's case), a single statement - its own transaction, one round trip;
        else a transaction. Returns the keys stored."""
        if not any(row.kind in reply_kinds for row in rows):
            return self.insert(connection, rows, recorded_at)
        if connection.dialect.name == "postgresql" and len(rows) == 1:
            params = self._bound(rows[0], recorded_at)
            return {str(key) for key in connection.execute(_insert_reply(), params).scalars()}
        with atomic(connection):
            stored = self.insert(connection, rows, recorded_at)
            replied = first_replies([r for r in rows if r.key in stored], reply_kinds)
            PilotTickets(self.engine, self.pilot).mark_replied(connection, replied)
        return stored

    def insert_checked(
        self,
        connection: Connection,
        row: EventRow,
        recorded_at: datetime,
        *,
        arms: Sequence[str],
        fill_seconds: bool,
        reply: bool,
    ) -> tuple[str, datetime | None, bool] | None:
        """PostgreSQL, one statement: read the ticket's arm and first view, store the event
        unless its key is stored or the ticket's arm is not in ``arms``, with ``seconds`` =
        first view -> ``at`` (never negative) added to its payload when ``fill_seconds`` and
        the ticket was viewed, and with ``reply`` set the ticket's ``replied_at`` as
        :meth:`insert_replied` does. Returns the arm, the first view and whether this call
        stored the event; ``None`` when the pilot never took the ticket in."""
        params = self._bound(row, recorded_at)
        params.update(b_arms=list(arms), b_fill=fill_seconds)
        found = connection.execute(_insert_checked(reply), params).first()
        return None if found is None else (str(found[0]), found[1], found[2] is not None)

    def insert_outcome(self, connection: Connection, row: EventRow, recorded_at: datetime) -> bool:
        """Store one ``resolved`` or ``rated`` event unless its key is, and when stored set its
        ticket's ``resolved_at`` (unless the ticket holds a later one) or ``csat`` - unless a
        later event of the kind is stored (a late event never overrides a newer one): one
        atomic write on an ``autocommit`` connection, a single statement on PostgreSQL. True
        if this call stored it."""
        if connection.dialect.name == "postgresql":
            params = self._bound(row, recorded_at)
            params["b_csat"] = row.payload.get("score")
            found = connection.execute(_insert_outcome(row.kind), params).scalars()
            return any(True for _ in found)
        with atomic(connection):
            if not self.insert(connection, [row], recorded_at):
                return False
            connection.execute(_outcome_update(row.kind), {"b_ticket_id": row.ticket_id, "b_at": row.at,
                                           "b_pilot": self.pilot, "b_idempotency_key": row.key,
                                           "b_csat": row.payload.get("score")})  # fmt: skip
        return True

    def by_keys(self, connection: Connection, keys: Iterable[str]) -> dict[str, EventRow]:
        """The stored events of ``keys``, by key (keys never stored are absent)."""
        wanted = list(dict.fromkeys(keys))
        found: dict[str, EventRow] = {}
        columns = (_E.idempotency_key, _E.kind, _E.ticket_id, _E.at, _E.payload, _E.actor,
                   _E.prompt_version)  # fmt: skip
        for start in range(0, len(wanted), 500):
            query = select(*columns).where(
                _E.pilot == self.pilot, _E.idempotency_key.in_(wanted[start : start + 500])
            )
            for row in connection.execute(query):
                found[row[0]] = EventRow(*row)
        return found

    def latest_at(
        self, connection: Connection, ticket_id: str, kind: str, *, other_than: str
    ) -> datetime | None:
        """The latest time of ``kind`` events of a ticket other than the one keyed ``other_than``."""
        query = select(func.max(_E.at)).where(
            _E.pilot == self.pilot, _E.ticket_id == ticket_id, _E.kind == kind,
            _E.idempotency_key != other_than,
        )  # fmt: skip
        value = connection.execute(query).scalar_one_or_none()
        if value is None or isinstance(value, datetime):
            return value
        return datetime.fromisoformat(str(value))  # SQLite's max() of a DateTime column is text

    def clear(self, connection: Connection) -> int:
        """Delete this pilot's events (a rehearsal replaced by the next); returns how many."""
        result = connection.execute(delete(pilot_events).where(_E.pilot == self.pilot))
        return int(result.rowcount)


def first_replies(rows: Iterable[EventRow], reply_kinds: Collection[str]) -> dict[str, datetime]:
    """The earliest time of a reply event per ticket among ``rows``."""
    replies: dict[str, datetime] = {}
    for row in rows:
        if row.kind in reply_kinds:
            replies[row.ticket_id] = min(row.at, replies.get(row.ticket_id, row.at))
    return replies


@cache
def _insert_reply() -> Select[tuple[str]]:
    """One reply event stored unless its key is, and its ticket's ``replied_at`` set from it
    when stored and earlier (PostgreSQL: data-modifying CTEs). Built once, so its compiled
    form is cached. Its parameters are the columns' names prefixed ``b_`` (an update takes a
    parameter named as a column for a value to set)."""
    inserted = _inserted_cte()
    mark = _mark_replied(inserted)
    return select(inserted.c.idempotency_key).add_cte(mark)


_NAMES = ("pilot", "idempotency_key", "kind", "ticket_id", "at", "recorded_at", "actor",
          "prompt_version", "payload")  # fmt: skip


def _inserted_cte() -> Any:
    """A PostgreSQL CTE inserting one event (parameters ``b_<column>``) unless its key is
    stored, returning the key, ticket and time of the row when inserted."""
    return (
        postgresql.insert(pilot_events)
        .values({n: bindparam(f"b_{n}", type_=pilot_events.c[n].type) for n in _NAMES})
        .on_conflict_do_nothing(index_elements=["pilot", "idempotency_key"])
        .returning(_E.idempotency_key, _E.ticket_id, _E.at)
        .cte("inserted")
    )


def _mark_replied(inserted: Any) -> Any:
    """A PostgreSQL CTE setting the ticket's ``replied_at`` from the event ``inserted`` (a CTE
    returning its ticket and time) when stored and earlier than the one held."""
    return (
        update(pilot_tickets)
        .where(_T.pilot == bindparam("b_pilot"), _T.ticket_id == inserted.c.ticket_id,
               _T.replied_at.is_(None) | (_T.replied_at > inserted.c.at))
        .values(replied_at=inserted.c.at)
        .cte("mark")
    )  # fmt: skip


def _set_outcome(kind: str, ticket: Any, at: Any, pilot: Any, key: Any) -> Any:
    """The ticket update of a stored ``resolved`` (``resolved_at = at`` unless later) or
    ``rated`` (``csat = :b_csat``) event at ``at`` of ``ticket`` (a condition on
    ``tickets.id``), unless another event of the kind for that ticket, at a later time, is
    stored (under another key than ``key``)."""
    later = exists().where(_E.pilot == pilot, _E.ticket_id == tickets.c.id, _E.kind == kind,
                           _E.idempotency_key != key, _E.at > at)  # fmt: skip
    statement = update(tickets).where(ticket, ~later)
    if kind == "resolved":
        return statement.where(tickets.c.resolved_at.is_(None) | (tickets.c.resolved_at < at)
                               ).values(resolved_at=at)  # fmt: skip
    return statement.values(csat=bindparam("b_csat", type_=tickets.c.csat.type))


@cache
def _insert_outcome(kind: str) -> Select[tuple[str]]:
    """PostgreSQL: :meth:`PilotEvents.insert_outcome` as one statement (data-modifying CTEs;
    the update sees the events stored before the statement, so never its own). Built once per
    kind, so its compiled form is cached."""
    inserted = _inserted_cte()
    mark = _set_outcome(kind, tickets.c.id == inserted.c.ticket_id, inserted.c.at,
                        bindparam("b_pilot"), inserted.c.idempotency_key).cte("mark")  # fmt: skip
    return select(inserted.c.idempotency_key).add_cte(mark)


@cache
def _outcome_update(kind: str) -> Any:
    """SQLite: the ticket update of :meth:`PilotEvents.insert_outcome` after its insert."""
    at = bindparam("b_at", type_=_E.at.type)
    return _set_outcome(kind, tickets.c.id == bindparam("b_ticket_id"), at, bindparam("b_pilot"),
                        bindparam("b_idempotency_key"))  # fmt: skip


@cache
def _insert_checked(reply: bool) -> Select[Any]:
    """PostgreSQL: :meth:`PilotEvents.insert_checked` as one statement - the ticket's row read
    in a CTE, the insert selecting from it (nothing when the ticket is absent or its arm not
    in ``b_arms``), and with ``reply`` the update of its reply time, as in
    :func:`_insert_reply`. Built once per ``reply``, so its compiled form is cached."""
    ticket = (
        select(_T.arm, _T.first_view_at)
        .where(_T.pilot == bindparam("b_pilot"), _T.ticket_id == bindparam("b_ticket_id"))
        .cte("ticket")
    )
    at = bindparam("b_at", type_=_E.at.type)
    given = bindparam("b_payload", type_=_E.payload.type)
    seconds = func.greatest(0, extract("epoch", at - ticket.c.first_view_at))
    filled = postgresql.JSONB
    payload = case(
        (and_(bindparam("b_fill", type_=Boolean()), ticket.c.first_view_at.is_not(None)),
         cast(cast(given, filled).op("||")(func.jsonb_build_object("seconds", seconds)), JSON)),
        else_=given,
    )  # fmt: skip
    columns = [bindparam(f"b_{n}", type_=pilot_events.c[n].type) for n in _NAMES[:-1]]
    source = select(*columns, payload).where(ticket.c.arm.in_(bindparam("b_arms", expanding=True)))
    inserted = (
        postgresql.insert(pilot_events)
        .from_select(list(_NAMES), source)
        .on_conflict_do_nothing(index_elements=["pilot", "idempotency_key"])
        .returning(_E.idempotency_key, _E.ticket_id, _E.at)
        .cte("inserted")
    )
    query = select(ticket.c.arm, ticket.c.first_view_at, inserted.c.idempotency_key).select_from(
        ticket.outerjoin(inserted, true())
    )
    if not reply:
        return query
    mark = _mark_replied(inserted)
    return query.add_cte(mark)
