"""Quarantine: rows an import could not take, kept with their line number and reason."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, Engine, delete, func, select

from ticketpilot.store.tables import imports, quarantine
from ticketpilot.tickets.model import Rejection


@dataclass(frozen=True, slots=True)
class QuarantinedRow:
    import_id: int
    path: str
    imported_at: datetime
    line: int
    ticket_id: str | None
    reason: str
    raw: str


def _storable(text: str) -> str:
    """Undecodable bytes (kept as surrogate escapes) are stored as visible ``\\xe9`` escapes,
    and NUL characters as ``\\x00`` (PostgreSQL text cannot hold them; SQLite gets the same)."""
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return text.replace("\x00", "\\x00") if "\x00" in text else text


class QuarantineRepository:
    """Stores rejections and lists them back, newest import first."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def add(self, connection: Connection, import_id: int, rejections: Sequence[Rejection]) -> None:
        if rejections:
            connection.execute(
                quarantine.insert(),
                [
                    {
                        "import_id": import_id,
                        "line": r.line,
                        "ticket_id": _storable(r.ticket_id) if r.ticket_id else None,
                        "reason": _storable(r.reason),
                        "raw": _storable(r.raw),
                    }
                    for r in rejections
                ],
            )

    def clear_for_file(self, connection: Connection, sha256: str, keep_import: int) -> None:
        """Forget quarantine rows of earlier imports of the same file: they are read again."""
        earlier = select(imports.c.id).where(
            imports.c.sha256 == sha256, imports.c.id != keep_import
        )
        connection.execute(delete(quarantine).where(quarantine.c.import_id.in_(earlier)))

    def list(self, limit: int = 100, import_id: int | None = None) -> list[QuarantinedRow]:
        query = (
            select(
                quarantine.c.import_id,
                imports.c.path,
                imports.c.started_at,
                quarantine.c.line,
                quarantine.c.ticket_id,
                quarantine.c.reason,
                quarantine.c.raw,
            )
            .join(imports, imports.c.id == quarantine.c.import_id)
            .order_by(quarantine.c.import_id.desc(), quarantine.c.line)
            .limit(limit)
        )
        if import_id is not None:
            query = query.where(quarantine.c.import_id == import_id)
        with self.engine.connect() as connection:
            return [QuarantinedRow(*row) for row in connection.execute(query).all()]

    def count(self, import_id: int | None = None) -> int:
        query = select(func.count()).select_from(quarantine)
        if import_id is not None:
            query = query.where(quarantine.c.import_id == import_id)
        with self.engine.connect() as connection:
            return int(connection.execute(query).scalar_one())
