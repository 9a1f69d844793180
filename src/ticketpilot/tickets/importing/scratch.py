"""A scratch SQLite database in a temporary folder: where an import keeps what outgrows memory.

An import streams, so what it must remember about rows already read (the ids it has seen, the
tweets still to link) goes to disk here instead of into Python objects, and memory stays flat
however long the file. The folder is made in the system's temporary folder (``TMPDIR``) and
removed on :meth:`ScratchDatabase.close`. Nothing here needs to survive a crash: no journal, no
syncs. A scratch file that cannot be made or written is a :class:`StorageError` naming
``TMPDIR``, so the user learns where space ran out.
"""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path
from types import TracebackType
from typing import Self

from ticketpilot.errors import StorageError

CACHE_KIB = 32_768
LOOKUP_CHUNK = 500  # keys per ``IN (...)``: well under every SQLite build's variable limit


def scratch_error(error: Exception) -> StorageError:
    """The message for a scratch file that cannot be made or written (``TMPDIR`` full, say)."""
    return StorageError(
        f"cannot write the import's scratch file in {tempfile.gettempdir()}: {error}. Free space "
        "there or point TMPDIR at a folder with room for about the import file's size."
    )


class ScratchDatabase:
    """One SQLite connection (autocommit) on a file in a folder of its own."""

    def __init__(self, name: str, schema: str) -> None:
        try:
            self._folder = tempfile.TemporaryDirectory(prefix=f"ticketpilot-{name}-")
        except OSError as exc:
            raise scratch_error(exc) from exc
        try:
            self.db = sqlite3.connect(Path(self._folder.name) / f"{name}.db", isolation_level=None)
            for pragma in ("journal_mode=OFF", "synchronous=OFF", "temp_store=FILE"):
                self.db.execute(f"PRAGMA {pragma}")
            self.db.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
            self.db.executescript(schema)
        except sqlite3.Error as exc:
            self._folder.cleanup()
            raise scratch_error(exc) from exc

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
