"""An on-disk embedding cache keyed by (model, text) hash, so no text is embedded twice.

`CachedEmbedder` wraps any embedder: it looks every text up, embeds only the misses (each
distinct text once, even when repeated in one call) and stores them. The cache is one SQLite
file, safe to share between indexes and runs of the same model.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import closing
from pathlib import Path

import numpy as np

from ticketpilot.retrieval.embedder import Embedder, FloatMatrix, ProgressFn

_LOOKUP_CHUNK = 500


def text_key(model: str, text: str) -> bytes:
    """The cache key of `text` embedded by `model`: 16 bytes of SHA-256."""
    return hashlib.sha256(f"{model}\x00{text}".encode()).digest()[:16]


class EmbeddingCache:
    """Vectors by text hash in a SQLite file (created on first use)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._db = sqlite3.connect(path, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS vectors (key BLOB PRIMARY KEY, vector BLOB NOT NULL)"
            " WITHOUT ROWID"
        )
        self._db.commit()

    def get_many(self, keys: Sequence[bytes]) -> dict[bytes, bytes]:
        """The stored vectors (raw float32 bytes) of those keys that are present."""
        found: dict[bytes, bytes] = {}
        for start in range(0, len(keys), _LOOKUP_CHUNK):
            chunk = keys[start : start + _LOOKUP_CHUNK]
            marks = ",".join("?" * len(chunk))
            query = f"SELECT key, vector FROM vectors WHERE key IN ({marks})"
            with closing(self._db.execute(query, chunk)) as cursor:
                found.update(cursor.fetchall())
        return found

    def put_many(self, items: Sequence[tuple[bytes, bytes]]) -> None:
        """Store (key, float32 bytes) pairs, replacing any present."""
        self._db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?)", items)
        self._db.commit()

    def __len__(self) -> int:
        with closing(self._db.execute("SELECT count(*) FROM vectors")) as cursor:
            return int(cursor.fetchone()[0])

    def close(self) -> None:
        """Close the file."""
        self._db.close()


class CachedEmbedder:
    """An embedder that consults `cache` first; `hits` and `misses` count texts looked up."""

    def __init__(self, inner: Embedder, cache: EmbeddingCache) -> None:
        self.inner = inner
        self.cache = cache
        self.hits = 0
        self.misses = 0

    @property
    def name(self) -> str:
        """The wrapped embedder's name (the cache is invisible in manifests)."""
        return self.inner.name

    @property
    def dimension(self) -> int:
        """The wrapped embedder's dimension."""
        return self.inner.dimension

    def embed(self, texts: Sequence[str], progress: ProgressFn | None = None) -> FloatMatrix:
        """One unit vector per text: from the cache where present, embedded and stored if not."""
        keys = [text_key(self.name, t) for t in texts]
        stored = self.cache.get_many(list(dict.fromkeys(keys)))
        missing = {k: t for k, t in zip(keys, texts, strict=True) if k not in stored}
        self.hits += len(texts) - sum(1 for k in keys if k in missing)
        self.misses += len(missing)
        if missing:
            fresh = self.inner.embed(list(missing.values()), progress=_offset(progress, texts))
            pairs = [(k, v.tobytes()) for k, v in zip(missing, fresh, strict=True)]
            self.cache.put_many(pairs)
            stored.update(pairs)
        elif progress is not None:
            progress(len(texts), len(texts))
        out = np.empty((len(texts), self.dimension), dtype=np.float32)
        for row, key in enumerate(keys):
            out[row] = np.frombuffer(stored[key], dtype=np.float32)
        return out


def _offset(progress: ProgressFn | None, texts: Sequence[str]) -> ProgressFn | None:
    """Reports progress over all texts, counting cache hits as done from the start."""
    if progress is None:
        return None
    total = len(texts)

    def report(done: int, of: int) -> None:
        progress(total - of + done, total)

    return report


def iter_chunks(texts: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    """`texts` in consecutive slices of at most `size` (for bounded-memory embedding)."""
    for start in range(0, len(texts), size):
        yield texts[start : start + size]
