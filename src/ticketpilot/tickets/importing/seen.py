"""The ids an import has read so far, kept on disk so memory stays flat however long the file.

For each id: the line and content digest of its first record, which is what tells a later
record with the same id apart as an exact repeat (counted) or a conflict (quarantined, naming
that line). A million ids cost about 300 MB as a Python dict; here they cost disk, and the
import looks them up one batch at a time.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ticketpilot.tickets.importing.scratch import LOOKUP_CHUNK, ScratchDatabase

_SCHEMA = """
CREATE TABLE seen (id BLOB PRIMARY KEY, line INTEGER NOT NULL, digest TEXT NOT NULL)
WITHOUT ROWID;
"""


def _key(ticket_id: str) -> bytes:
    # ids keep any undecodable bytes as lone surrogates, which SQLite text refuses
    return ticket_id.encode("utf-8", "surrogatepass")


class SeenIds(ScratchDatabase):
    """``id -> (line, digest)`` of the first record of each id read so far."""

    def __init__(self) -> None:
        super().__init__("seen", _SCHEMA)

    def find(self, ids: Sequence[str]) -> dict[str, tuple[int, str]]:
        """The entries of those ``ids`` already added."""
        keys = {_key(i): i for i in ids}
        found: dict[str, tuple[int, str]] = {}
        wanted = list(keys)
        for start in range(0, len(wanted), LOOKUP_CHUNK):
            chunk = wanted[start : start + LOOKUP_CHUNK]
            query = f"SELECT id, line, digest FROM seen WHERE id IN ({','.join('?' * len(chunk))})"
            for key, line, digest in self.db.execute(query, chunk):
                found[keys[key]] = (line, digest)
        return found

    def add(self, entries: Iterable[tuple[str, int, str]]) -> None:
        """Add ``(id, line, digest)`` entries; the ids must not be in yet."""
        self.db.execute("BEGIN")
        self.db.executemany(
            "INSERT INTO seen VALUES (?, ?, ?)", ((_key(i), n, d) for i, n, d in entries)
        )
        self.db.execute("COMMIT")
