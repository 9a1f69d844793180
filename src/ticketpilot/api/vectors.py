"""Past replies' embeddings shared by every worker and kept across restarts.

The extractive drafter ranks the replies of the 20 nearest past tickets by how much they agree,
which needs each reply's embedding; the engine keeps them in memory, per process. Cold, a
worker embeds up to 20 replies per draft (about 1 s on a loaded 2-core machine), and with
``--workers 4`` every reply is embedded four times, again after every restart. Behind this
wrapper the engine looks each reply up in the index's own on-disk embedding cache first
(``embedding-cache.sqlite``, keyed by model and text), so each past reply is embedded once per
workspace. One embedding call at a time per worker (the workers give the parallelism; threads
of one worker would only contend for the same cores). If the cache file cannot be used (locked
past its timeout by another worker, say) the reply is embedded directly: never an error.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import numpy as np
import numpy.typing as npt

from ticketpilot.retrieval.cache import CachedEmbedder, EmbeddingCache
from ticketpilot.retrieval.embedder import Embedder


class SharedVectors:
    """``embed(texts)`` through the on-disk cache at ``path``; :meth:`close` releases it."""

    def __init__(self, embedder: Embedder, path: Path) -> None:
        self._embedder = embedder
        self._cache = EmbeddingCache(path)
        self._cached = CachedEmbedder(embedder, self._cache)
        self._lock = threading.Lock()

    def embed(self, texts: list[str]) -> npt.NDArray[np.float32]:
        with self._lock:
            try:
                return self._cached.embed(texts)
            except sqlite3.Error:
                return self._embedder.embed(texts)

    @property
    def hits(self) -> int:
        return self._cached.hits

    @property
    def misses(self) -> int:
        return self._cached.misses

    def close(self) -> None:
        with self._lock:
            self._cache.close()
