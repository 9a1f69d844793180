"""Pilot events: one table, idempotent by key, read back in columns for the metrics.

Each row is one event of :mod:`ticketpilot.pilot.events` - its kind, ticket, time, who reported
it (``actor``: an agent id or API token name), the prompt version where it has one, and the
rest of its fields as JSON (``payload``). ``(pilot, idempotency_key)`` is unique and every
insert is insert-or-ignore (:mod:`ticketpilot.store.idempotent`), so a retried, duplicated or
late-delivered event is stored once however many workers receive it at the same moment.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, delete, func, select

from ticketpilot.store.idempotent import insert_or_ignore
from ticketpilot.store.tables import pilot_events

_E = pilot_events.c


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


@dataclass(frozen=True, slots=True)
class EventColumns:
    """Every event of a pilot as parallel lists, in time order (then storage order)."""

    kind: list[str]
    ticket_id: list[str]
    at: list[datetime]
    payload: list[dict[str, Any]]

    def __len__(self) -> int:
        return len(self.kind)


class PilotEvents:
    """The events of one pilot (``"live"`` or ``"rehearsal"``)."""

    def __init__(self, engine: Engine, pilot: str = "live") -> None:
        self.engine = engine
        self.pilot = pilot

    def insert(
        self, connection: Connection, rows: Sequence[EventRow], recorded_at: datetime
    ) -> set[str]:
        """Store the events whose key is new; returns the keys stored by this call."""
        values = [
            {"pilot": self.pilot, "idempotency_key": r.key, "kind": r.kind,
             "ticket_id": r.ticket_id, "at": r.at, "recorded_at": recorded_at, "actor": r.actor,
             "prompt_version": r.prompt_version, "payload": r.payload}
            for r in rows
        ]  # fmt: skip
        stored = insert_or_ignore(connection, pilot_events, values,
                                  keys=("pilot", "idempotency_key"),
                                  returning=(_E.idempotency_key,))  # fmt: skip
        return {str(row[0]) for row in stored}

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

    def columns(self) -> EventColumns:
        """Every event of this pilot, in time order, as columns (one query, one pass)."""
        query = (
            select(_E.kind, _E.ticket_id, _E.at, _E.payload)
            .where(_E.pilot == self.pilot)
            .order_by(_E.at, _E.id)
        )
        kinds: list[str] = []
        ids: list[str] = []
        times: list[datetime] = []
        payloads: list[dict[str, Any]] = []
        with self.engine.connect() as connection:
            for kind, ticket_id, at, payload in connection.execute(query):
                kinds.append(kind)
                ids.append(ticket_id)
                times.append(at)
                payloads.append(payload)
        return EventColumns(kinds, ids, times, payloads)

    def count(self) -> dict[str, int]:
        """Stored events per kind."""
        query = select(_E.kind, func.count()).where(_E.pilot == self.pilot).group_by(_E.kind)
        with self.engine.connect() as connection:
            return {str(kind): int(n) for kind, n in connection.execute(query)}

    def clear(self, connection: Connection) -> int:
        """Delete this pilot's events (a rehearsal replaced by the next); returns how many."""
        result = connection.execute(delete(pilot_events).where(_E.pilot == self.pilot))
        return int(result.rowcount)
