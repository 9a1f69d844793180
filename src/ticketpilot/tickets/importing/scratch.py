"""A scratch SQLite database in a temporary folder: where an import keeps what outgrows memory.

An import streams, so what it must remember about rows already read (the ids it has seen, the
tweets still to link) goes to disk here instead of into Python objects, and memory stays flat
however long the file. The folder is made in the system's temporary folder (``TMPDIR``) and
removed on :meth:`ScratchDatabase.close`. Nothing here needs to survive a crash: no journal, no
syncs. A scratch file that cannot be made or written is a :class:`StorageError` naming
``TMPDIR``, so the user learns where space ran out.

A killed import cannot remove its folder. Each folder's name says whose it is
(``ticketpilot-scratch_<pid>_<host>_<name>_<random>``), and :func:`remove_stale` (run at the
start of every import) removes those of this host whose process is gone; a live owner's folder
is never touched.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Self

from ticketpilot.errors import StorageError
from ticketpilot.tickets.importing.owner import host_token, is_alive, this_host

CACHE_KIB = 32_768
LOOKUP_CHUNK = 500  # keys per ``IN (...)``: well under every SQLite build's variable limit
PREFIX = "ticketpilot-scratch_"
_OWNER = re.compile(re.escape(PREFIX) + r"(\d+)_([A-Za-z0-9-]+)_")


def scratch_error(error: Exception) -> StorageError:
    """The message for a scratch file that cannot be made or written (``TMPDIR`` full, say)."""
    return StorageError(
        f"cannot write the import's scratch file in {tempfile.gettempdir()}: {error}. Free space "
        "there or point TMPDIR at a folder with room for about the import file's size."
    )


def folder_prefix(name: str) -> str:
    """The start of the name of this process's scratch folder for ``name``."""
    return f"{PREFIX}{os.getpid()}_{host_token(this_host())}_{name}_"


def remove_stale(folder: Path | None = None, alive: Callable[[int], bool] = is_alive) -> list[Path]:
    """Remove the scratch folders in ``folder`` (``TMPDIR``) left by processes of this host that
    are gone; returns what was removed."""
    root = Path(folder or tempfile.gettempdir())
    host = host_token(this_host())
    removed: list[Path] = []
    try:
        entries = list(root.iterdir())
    except OSError:
        return removed
    for entry in entries:
        owner = _OWNER.match(entry.name)
        if owner is None or owner.group(2) != host or alive(int(owner.group(1))):
            continue
        shutil.rmtree(entry, ignore_errors=True)
        if not entry.exists():
            removed.append(entry)
    return removed


class ScratchDatabase:
    """One SQLite connection (autocommit) on a file in a folder of its own."""

    def __init__(self, name: str, schema: str) -> None:
        try:
            self._folder = tempfile.TemporaryDirectory(prefix=folder_prefix(name))
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

    @property
    def folder(self) -> Path:
        return Path(self._folder.name)

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
