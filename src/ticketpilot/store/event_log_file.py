"""A pilot's event log kept beside the database as an Arrow file, so a new process reads it back
in a fraction of a second instead of parsing every stored event again.

The file holds the :class:`~ticketpilot.pilot.log.EventLog` columns (ticket, prompt version,
category and reason dictionary-encoded) and, in its metadata, the mark of what it covers: how
many events, up to which id, when the last of them was recorded, and a fingerprint of the
database (its URL without the password). :class:`~ticketpilot.store.pilot_event_log.
EventLogCache` trusts the file only when the database still holds exactly that prefix, and then
reads just the events stored after it. Files are written whole to a temporary name and renamed,
so a reader never sees half of one; an unreadable or foreign file is ignored (and replaced).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from sqlalchemy import Engine

from ticketpilot.pilot.log import EventLog
from ticketpilot.workspace import private_files

FORMAT = "ticketpilot-event-log/1"
_DICTIONARY = ("prompt_version", "category", "reason")
_PLAIN = ("kind", "at", "latency_ms", "detected", "drafted", "seconds", "distance",
          "draft_chars", "sent_chars", "severity", "hours", "score")  # fmt: skip


@dataclass(frozen=True)
class Mark:
    """What a log covers: ``count`` events of the pilot, ids up to ``last_id``, the last one
    recorded at ``last_recorded`` (ISO text, ``""`` when the pilot has none)."""

    count: int
    last_id: int
    last_recorded: str


def database_fingerprint(engine: Engine) -> str:
    """The database's URL without its password, hashed: a file of another database is foreign."""
    url = engine.url.render_as_string(hide_password=True)
    return hashlib.sha256(url.encode()).hexdigest()[:16]


def save(path: Path, log: EventLog, mark: Mark, database: str) -> None:
    """Write ``log`` and its mark to ``path`` (atomically)."""
    columns: dict[str, Any] = {name: pa.array(getattr(log, name)) for name in _PLAIN}
    columns["ticket"] = pa.DictionaryArray.from_arrays(
        pa.array(log.ticket, type=pa.int32()), pa.array(log.ticket_ids, type=pa.string())
    )
    for name in _DICTIONARY:
        columns[name] = pc.dictionary_encode(pa.array(getattr(log, name), type=pa.string()))
    metadata = {"format": FORMAT, "database": database, "count": str(mark.count),
                "last_id": str(mark.last_id), "last_recorded": mark.last_recorded}  # fmt: skip
    table = pa.table(columns).replace_schema_metadata(metadata)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with private_files():
        path.parent.mkdir(parents=True, exist_ok=True)
        with pa.OSFile(str(temporary), "wb") as sink, pa.ipc.new_file(sink, table.schema) as out:
            out.write_table(table)
        temporary.replace(path)


def load(path: Path, database: str) -> tuple[EventLog, Mark] | None:
    """The log and mark kept at ``path`` for ``database``; ``None`` when there is none, it is
    unreadable, or it belongs to another database or format."""
    try:
        with pa.memory_map(str(path)) as source:
            table = pa.ipc.open_file(source).read_all()
        meta = {k.decode(): v.decode() for k, v in (table.schema.metadata or {}).items()}
        if meta.get("format") != FORMAT or meta.get("database") != database:
            return None
        mark = Mark(int(meta["count"]), int(meta["last_id"]), meta["last_recorded"])
        return _log(table), mark
    except (OSError, KeyError, ValueError, pa.ArrowException):
        return None


def _log(table: pa.Table) -> EventLog:
    plain = {name: table.column(name).to_numpy(zero_copy_only=False) for name in _PLAIN}
    ticket = table.column("ticket").combine_chunks()
    texts: dict[str, Any] = {
        name: _decoded(table.column(name).combine_chunks()) for name in _DICTIONARY
    }
    return EventLog(
        ticket=ticket.indices.to_numpy(zero_copy_only=False).astype(np.int64),
        ticket_ids=tuple(ticket.dictionary.to_pylist()),
        at=plain.pop("at").astype("datetime64[us]"),
        **plain,
        **texts,
    )


def _decoded(column: pa.DictionaryArray) -> np.ndarray[Any, np.dtype[np.object_]]:
    """A dictionary column as an object array (``None`` where null)."""
    values = np.array([*column.dictionary.to_pylist(), None], dtype=object)
    codes = column.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)
    decoded: np.ndarray[Any, np.dtype[np.object_]] = values[codes]
    return decoded
