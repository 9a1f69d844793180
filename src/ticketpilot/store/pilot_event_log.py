"""A pilot's stored events read as an :class:`~ticketpilot.pilot.log.EventLog`, kept up to date.

Reading a million events row by row through the ORM's type processing (a datetime and a JSON
document built per row) takes seconds; here the time and payload come back as the database's
raw text where it stores text (SQLite) and are parsed in bulk, and only the columns the
readers use are fetched.

Events are only ever added, except when a rehearsal is replaced, so :class:`EventLogCache`
keeps each pilot's log and, on the next read, fetches just the rows stored since (``id`` above
the last one read). A mark (how many events, the highest id, when that event was recorded)
tells whether anything else changed (a replaced rehearsal); if it did, the log is read again in
full. The runtime holds one cache, with a folder where a large pilot's log is kept as a file
(:mod:`ticketpilot.store.event_log_file`), so the dashboard, the reports, drift and the gate,
in this process or the next, read each event once.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    Select,
    String,
    Text,
    cast,
    func,
    select,
    type_coerce,
)

from ticketpilot.pilot.log import EventLog
from ticketpilot.store.event_log_file import Mark, database_fingerprint, load, save
from ticketpilot.store.tables import pilot_events

_E = pilot_events.c
#: a pilot's log is kept on disk from this many events (below, reading it takes < 0.2 s)
KEEP_FROM = 50_000


def read_event_log(engine: Engine, pilot: str, after_id: int = 0) -> tuple[EventLog, int]:
    """The events of ``pilot`` stored with ``id > after_id`` (storage order), and the highest
    id read (``after_id`` when none)."""
    sqlite = engine.dialect.name == "sqlite"
    at = type_coerce(_E.at, String) if sqlite else _E.at
    # ``pilot || ''`` keeps SQLite off the (pilot, ticket_id) index: one pass in id order over
    # the table is twice as fast as the index's lookups and a sort of a million rows
    which = _E.pilot.concat("") == pilot if sqlite else _E.pilot == pilot
    query = (
        select(_E.id, _E.kind, _E.ticket_id, at, _E.prompt_version,
               cast(_E.payload, Text))
        .where(which, _E.id > after_id)
        .order_by(_E.id)
    )  # fmt: skip
    with engine.connect() as connection, _no_gc():
        rows = connection.exec_driver_sql(*_compiled(connection, query)).fetchall()
        if not rows:
            return EventLog.empty(), after_id
        ids, kinds, tickets, times, prompts, payloads = zip(*rows, strict=True)
        del rows
        log = EventLog.from_rows(kinds, tickets, times, prompts, payloads)
    return log, int(ids[-1])


def _compiled(connection: Connection, query: Select[Any]) -> tuple[str, Any]:
    """The query as the driver's SQL and parameters: its rows come back as the driver makes
    them, without the ORM's per-row processing (a tenth of the read of a million rows)."""
    compiled = query.compile(connection, compile_kwargs={"render_postcompile": True})
    if compiled.positional:
        return str(compiled), tuple(compiled.params[name] for name in compiled.positiontup or ())
    return str(compiled), compiled.params


@contextmanager
def _no_gc() -> Iterator[None]:
    """The cyclic garbage collector paused while millions of tuples are built (none of them
    can form a cycle; each collection would walk them all)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class EventLogCache:
    """Each pilot's event log, read once and then topped up with the events stored since.

    With a ``folder`` (the workspace's ``.ticketpilot/cache``), a pilot's log of at least
    ``keep_from`` events is also kept there as a file (:mod:`ticketpilot.store.event_log_file`),
    so the next process starts from it too.
    """

    def __init__(self, folder: Path | None = None, *, keep_from: int = KEEP_FROM) -> None:
        self.folder = folder
        self.keep_from = keep_from
        self._logs: dict[tuple[str, str], tuple[EventLog, Mark]] = {}
        self._lock = threading.Lock()

    def get(self, engine: Engine, pilot: str) -> EventLog:
        """The events of ``pilot`` as stored now, in time order."""
        database = database_fingerprint(engine)
        mark = _mark(engine, pilot)
        with self._lock:
            cached = self._logs.get((database, pilot))
        if cached is None and self.folder is not None:
            cached = load(self._path(pilot), database)
        if cached is not None and cached[1] == mark:
            self._keep(database, pilot, cached[0], mark, saved=True)
            return cached[0]
        log: EventLog | None = None
        if cached is not None and 0 < cached[1].count <= mark.count and _holds(engine, pilot,
                                                                                cached[1]):  # fmt: skip
            added, _ = read_event_log(engine, pilot, cached[1].last_id)
            log = cached[0].joined(added).in_time_order()
        if log is None:
            log = read_event_log(engine, pilot)[0].in_time_order()
        if len(log) == mark.count:  # nothing was stored meanwhile: the mark is the log's
            self._keep(database, pilot, log, mark, saved=False)
        return log

    def clear(self) -> None:
        """Forget the logs held in memory (the files stay; each is checked before use)."""
        with self._lock:
            self._logs.clear()

    def _path(self, pilot: str) -> Path:
        assert self.folder is not None
        return self.folder / f"pilot-events-{pilot}.arrow"

    def _keep(self, database: str, pilot: str, log: EventLog, mark: Mark, *, saved: bool) -> None:
        with self._lock:
            self._logs[(database, pilot)] = (log, mark)
        if not saved and self.folder is not None and mark.count >= self.keep_from:
            save(self._path(pilot), log, mark, database)


def _mark(engine: Engine, pilot: str) -> Mark:
    """How many events ``pilot`` has, its highest id, and when that event was recorded (a
    replaced rehearsal can reuse the ids and count of the one before; never its time)."""
    counted = select(func.count(), func.max(_E.id)).where(_E.pilot == pilot)
    with engine.connect() as connection:
        count, last_id = connection.execute(counted).one()
        recorded = _recorded(connection, pilot, last_id) if last_id is not None else ""
    return Mark(int(count), int(last_id or 0), recorded)


def _holds(engine: Engine, pilot: str, mark: Mark) -> bool:
    """Whether the database still holds exactly the events ``mark`` covers."""
    counted = select(func.count()).where(_E.pilot == pilot, _E.id <= mark.last_id)
    with engine.connect() as connection:
        count = connection.execute(counted).scalar_one()
        return bool(count == mark.count and _recorded(connection, pilot, mark.last_id)
                    == mark.last_recorded)  # fmt: skip


def _recorded(connection: Connection, pilot: str, event_id: int) -> str:
    query = select(_E.recorded_at).where(_E.id == event_id, _E.pilot == pilot)
    value = connection.execute(query).scalar_one_or_none()
    return "" if value is None else str(value)
