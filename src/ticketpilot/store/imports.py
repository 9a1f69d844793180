"""The import log: one row per ``ticketpilot import`` run, with its counts and status.

A run is ``running`` until it ends ``done``, ``failed`` or ``interrupted``. A run killed from
outside (SIGKILL, a power cut) cannot say so itself: its row records the process id and host
that run it and a heartbeat (the time of its last stored batch), and :meth:`ImportLog.settle`
marks a ``running`` row ``interrupted`` once its process is gone (same host) or its heartbeat is
older than :data:`STALE_AFTER` (another host, whose processes cannot be seen from here).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy import Connection, Engine, select, update

from ticketpilot.store.tables import imports

STALE_AFTER = timedelta(hours=24)
"""A running import of another host with no heartbeat for this long is taken as interrupted."""


@dataclass(frozen=True, slots=True)
class ImportRecord:
    id: int
    path: str
    sha256: str
    format: str
    started_at: datetime
    finished_at: datetime | None
    rows_read: int
    inserted: int
    updated: int
    unchanged: int
    quarantined: int
    status: str
    source: str | None = None
    pid: int | None = None
    host: str | None = None
    heartbeat_at: datetime | None = None


class ImportLog:
    """Opens and closes import records."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def start(
        self,
        path: str,
        sha256: str,
        fmt: str,
        now: datetime,
        *,
        source: str | None = None,
        pid: int | None = None,
        host: str | None = None,
    ) -> int:
        with self.engine.begin() as connection:
            result = connection.execute(
                imports.insert().values(
                    path=path,
                    sha256=sha256,
                    format=fmt,
                    started_at=now,
                    rows_read=0,
                    inserted=0,
                    updated=0,
                    unchanged=0,
                    quarantined=0,
                    status="running",
                    source=source,
                    pid=pid,
                    host=host,
                    heartbeat_at=now,
                )
            )
            return int(result.inserted_primary_key[0])  # type: ignore[index]

    def progress(
        self,
        connection: Connection,
        import_id: int,
        *,
        rows_read: int,
        inserted: int,
        updated: int,
        unchanged: int,
        quarantined: int,
        now: datetime | None = None,
    ) -> None:
        values: dict[str, object] = {
            "rows_read": rows_read,
            "inserted": inserted,
            "updated": updated,
            "unchanged": unchanged,
            "quarantined": quarantined,
        }
        if now is not None:
            values["heartbeat_at"] = now
        connection.execute(update(imports).where(imports.c.id == import_id).values(**values))

    def finish(self, import_id: int, status: str, now: datetime) -> None:
        with self.engine.begin() as connection:
            connection.execute(
                update(imports)
                .where(imports.c.id == import_id)
                .values(status=status, finished_at=now)
            )

    def settle(self, host: str, alive: Callable[[int], bool], now: datetime) -> list[ImportRecord]:
        """Mark ``running`` imports whose process is gone ``interrupted`` (see the module
        docstring); their ``finished_at`` is their last heartbeat. Returns those rows."""
        with self.engine.begin() as connection:
            running = [
                ImportRecord(*row)
                for row in connection.execute(select(imports).where(imports.c.status == "running"))
            ]
            gone = [r for r in running if _gone(r, host, alive, now)]
            for record in gone:
                connection.execute(
                    update(imports)
                    .where(imports.c.id == record.id, imports.c.status == "running")
                    .values(status="interrupted", finished_at=_last_seen(record))
                )
        return [replace(r, status="interrupted", finished_at=_last_seen(r)) for r in gone]

    def all(self) -> list[ImportRecord]:
        with self.engine.connect() as connection:
            rows = connection.execute(select(imports).order_by(imports.c.id)).all()
        return [ImportRecord(*row) for row in rows]


def _last_seen(record: ImportRecord) -> datetime:
    return record.heartbeat_at or record.started_at


def _gone(record: ImportRecord, host: str, alive: Callable[[int], bool], now: datetime) -> bool:
    if record.host == host and record.pid is not None:
        return not alive(record.pid)
    return now - _last_seen(record) > STALE_AFTER
