"""The documents behind the rows: ticket id, text, metadata and reply, in `docs.sqlite`.

Row numbers are the positions shared by the vector store, the BM25 index and the ANN graph.
Only the rows of a search's hits are read back, so replies never have to sit in memory.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import closing
from datetime import datetime
from pathlib import Path
from typing import Any

from ticketpilot.retrieval.documents import IndexedDoc
from ticketpilot.retrieval.filters import FilterRow

FILE_NAME = "docs.sqlite"
_CHUNK = 500

_SCHEMA = """
CREATE TABLE IF NOT EXISTS docs (
    row INTEGER PRIMARY KEY,
    ticket_id TEXT NOT NULL,
    text TEXT NOT NULL,
    category TEXT,
    language TEXT,
    created_at TEXT,
    reply TEXT,
    scope TEXT
);
CREATE INDEX IF NOT EXISTS docs_ticket ON docs (ticket_id);
"""


_COLUMNS = "row, ticket_id, text, category, language, created_at, reply, scope"


def _row_doc(values: tuple[Any, ...]) -> tuple[int, IndexedDoc]:
    row, ticket_id, text, category, language, created, reply, scope = values
    created_at = None if created is None else datetime.fromisoformat(created)
    return int(row), IndexedDoc(ticket_id, text, category, language, created_at, reply, scope)


class DocStore:
    """Rows of documents in a SQLite file; rows past `count` (an interrupted add) are dropped.

    A file written before documents had a scope gains the column (empty) on open.
    """

    def __init__(self, folder: Path, count: int) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(folder / FILE_NAME, check_same_thread=False)
        self._db.executescript(_SCHEMA)
        columns = {row[1] for row in self._db.execute("PRAGMA table_info(docs)")}
        if "scope" not in columns:
            self._db.execute("ALTER TABLE docs ADD COLUMN scope TEXT")
        self._db.execute("DELETE FROM docs WHERE row >= ?", (count,))
        self._db.commit()

    def append(self, first_row: int, docs: Sequence[IndexedDoc]) -> None:
        """Store `docs` as rows first_row, first_row+1, ... and commit."""
        self._db.executemany(
            f"INSERT INTO docs ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (first_row + i, d.ticket_id, d.text, d.category, d.language,
                 None if d.created_at is None else d.created_at.isoformat(), d.reply, d.scope)
                for i, d in enumerate(docs)
            ],
        )  # fmt: skip
        self._db.commit()

    def get(self, rows: Sequence[int]) -> dict[int, IndexedDoc]:
        """The documents at `rows` (those that exist)."""
        found: dict[int, IndexedDoc] = {}
        for start in range(0, len(rows), _CHUNK):
            chunk = [int(r) for r in rows[start : start + _CHUNK]]
            marks = ",".join("?" * len(chunk))
            query = f"SELECT {_COLUMNS} FROM docs WHERE row IN ({marks})"
            with closing(self._db.execute(query, chunk)) as cursor:
                found.update(_row_doc(values) for values in cursor)
        return found

    def latest(self, ticket_ids: Sequence[str]) -> dict[str, tuple[int, IndexedDoc]]:
        """For each indexed ticket id among `ticket_ids`: its newest (row, document)."""
        found: dict[str, tuple[int, IndexedDoc]] = {}
        for start in range(0, len(ticket_ids), _CHUNK):
            chunk = list(ticket_ids[start : start + _CHUNK])
            marks = ",".join("?" * len(chunk))
            query = f"SELECT {_COLUMNS} FROM docs WHERE ticket_id IN ({marks}) ORDER BY row"
            with closing(self._db.execute(query, chunk)) as cursor:
                for values in cursor:
                    row, doc = _row_doc(values)
                    found[doc.ticket_id] = (row, doc)
        return found

    def texts(self, first_row: int = 0) -> Iterator[str]:
        """Every text from `first_row` on, in row order."""
        query = "SELECT text FROM docs WHERE row >= ? ORDER BY row"
        with closing(self._db.execute(query, (first_row,))) as cursor:
            for (text,) in cursor:
                yield text

    def filter_values(self) -> Iterator[FilterRow]:
        """(category, language, created_at, scope) of every row, in row order."""
        query = "SELECT category, language, created_at, scope FROM docs ORDER BY row"
        with closing(self._db.execute(query)) as cursor:
            for category, language, created, scope in cursor:
                created_at = None if created is None else datetime.fromisoformat(created)
                yield category, language, created_at, scope

    def superseded_rows(self) -> list[int]:
        """Rows whose ticket id has a newer row (replaced versions)."""
        query = (
            "SELECT row FROM docs WHERE row NOT IN (SELECT max(row) FROM docs GROUP BY ticket_id)"
        )
        with closing(self._db.execute(query)) as cursor:
            return [int(row) for (row,) in cursor]

    def close(self) -> None:
        """Close the file."""
        self._db.close()
