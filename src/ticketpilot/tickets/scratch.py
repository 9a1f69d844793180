"""A scratch SQLite database in a temporary folder: where an import keeps what outgrows memory.

An import streams, so what it must remember about rows already read (the ids it has seen, the
tweets still to link) goes to disk here instead of into Python objects, and memory stays flat
however long the file. The folder is made in the system's temporary folder (``TMPDIR``) and
removed on :meth:`ScratchDatabase.close`. Nothing here needs to survive a crash: no journal, no
syncs.
"""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path
from types import TracebackType
from typing import Self

CACHE_KIB = 32_768
LOOKUP_CHUNK = 500  # keys per ``IN (...)``: well under every SQLite build's variable limit


class ScratchDatabase:
    """One SQLite connection (autocommit) on a file in a folder of its own."""

    def __init__(self, name: str, schema: str) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix=f"ticketpilot-{name}-")
        self.db = sqlite3.connect(Path(self._folder.name) / f"{name}.db", isolation_level=None)
        for pragma in ("journal_mode=OFF", "synchronous=OFF", "temp_store=FILE"):
            self.db.execute(f"PRAGMA {pragma}")
        self.db.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
        self.db.executescript(schema)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection and remove the folder with the file."""
        self.db.close()
        self._folder.cleanup()
