"""The import log: one row per ``ticketpilot import`` run, with its counts and status."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, Engine, select, update

from ticketpilot.store.tables import imports


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


class ImportLog:
    """Opens and closes import records."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def start(self, path: str, sha256: str, fmt: str, now: datetime) -> int:
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
    ) -> None:
        connection.execute(
            update(imports)
            .where(imports.c.id == import_id)
            .values(
                rows_read=rows_read,
                inserted=inserted,
                updated=updated,
                unchanged=unchanged,
                quarantined=quarantined,
            )
        )

    def finish(self, import_id: int, status: str, now: datetime) -> None:
        with self.engine.begin() as connection:
            connection.execute(
                update(imports)
                .where(imports.c.id == import_id)
                .values(status=status, finished_at=now)
            )

    def all(self) -> list[ImportRecord]:
        with self.engine.connect() as connection:
            rows = connection.execute(select(imports).order_by(imports.c.id)).all()
        return [ImportRecord(*row) for row in rows]
