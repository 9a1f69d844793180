"""Pilot events: one table, idempotent by key (read back for the metrics by
:mod:`ticketpilot.store.pilot_event_log`).

Each row is one event of :mod:`ticketpilot.pilot.events` - its kind, ticket, time, who reported
it (``actor``: an agent id or API token name), the prompt version where it has one, and the
rest of its fields as JSON (``payload``). ``(pilot, idempotency_key)`` is unique and every
insert is insert-or-ignore (:mod:`ticketpilot.store.idempotent`), so a retried, duplicated or
late-delivered event is stored once however many workers receive it at the same moment.
:meth:`PilotEvents.insert_replied` stores events and their tickets' reply time in one atomic
write: a single statement on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import Connection, Engine, Select, bindparam, delete, func, select, update
from sqlalchemy.dialects import postgresql

from ticketpilot.store.idempotent import atomic, insert_or_ignore
from ticketpilot.store.pilot_tickets import PilotTickets
from ticketpilot.store.tables import pilot_events, pilot_tickets

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
            values = {
                f"b_{name}": value for name, value in self._values(rows, recorded_at)[0].items()
            }
            return {str(key) for key in connection.execute(_insert_reply(), values).scalars()}
        with atomic(connection):
            stored = self.insert(connection, rows, recorded_at)
            replied = first_replies([r for r in rows if r.key in stored], reply_kinds)
            PilotTickets(self.engine, self.pilot).mark_replied(connection, replied)
        return stored

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
    names = ("pilot", "idempotency_key", "kind", "ticket_id", "at", "recorded_at", "actor",
             "prompt_version", "payload")  # fmt: skip
    inserted = (
        postgresql.insert(pilot_events)
        .values({name: bindparam(f"b_{name}", type_=pilot_events.c[name].type) for name in names})
        .on_conflict_do_nothing(index_elements=["pilot", "idempotency_key"])
        .returning(_E.idempotency_key, _E.ticket_id, _E.at)
        .cte("inserted")
    )
    mark = (
        update(pilot_tickets)
        .where(_T.pilot == bindparam("b_pilot"), _T.ticket_id == inserted.c.ticket_id,
               _T.replied_at.is_(None) | (_T.replied_at > inserted.c.at))
        .values(replied_at=inserted.c.at)
        .cte("mark")
    )  # fmt: skip
    return select(inserted.c.idempotency_key).add_cte(mark)
