"""The indexes a runtime has opened: each folder opened once, shared, and closed with it.

Search, the audit's layer 3, drafting and the service all ask the runtime's
:class:`OpenIndexes` for the workspace index, so one process loads its arrays and model once.
Opening and closing (which writes the snapshots) run under a private umask: what an index
writes in the workspace is its owner's only.
"""

from __future__ import annotations

import threading
from pathlib import Path

from ticketpilot.retrieval.embedder import Embedders
from ticketpilot.retrieval.index import RetrievalIndex, remove_index
from ticketpilot.retrieval.manifest import Manifest
from ticketpilot.retrieval.models import default_embedders
from ticketpilot.retrieval.settings import RetrievalSettings
from ticketpilot.workspace import private_files


def index_exists(path: Path) -> bool:
    """Whether ``path`` holds a built index (a manifest)."""
    return Manifest.load(path) is not None


class OpenIndexes:
    """Indexes by folder, opened on first use with models from ``embedders``."""

    def __init__(self, embedders: Embedders | None = None) -> None:
        self.embedders = embedders if embedders is not None else default_embedders()
        self._open: dict[Path, RetrievalIndex] = {}
        self._lock = threading.Lock()

    def open(self, path: Path, embedder: str | None = None) -> RetrievalIndex:
        """The index in ``path`` (created empty if the folder holds none), opened once."""
        key = path.resolve()
        with self._lock, private_files():
            if key not in self._open:
                self._open[key] = RetrievalIndex.open(
                    key,
                    embedder=embedder,
                    settings=RetrievalSettings(embedder=embedder) if embedder else None,
                    embedders=self.embedders,
                )
            return self._open[key]

    def discard(self, path: Path) -> None:
        """Close the index in ``path`` if open and delete it, keeping its embedding cache."""
        key = path.resolve()
        with self._lock:
            index = self._open.pop(key, None)
            if index is not None:
                index.close()
            remove_index(key)

    def __contains__(self, path: object) -> bool:
        return isinstance(path, Path) and path.resolve() in self._open

    def close(self) -> None:
        """Close every index this cache opened."""
        with self._lock, private_files():
            while self._open:
                self._open.popitem()[1].close()
