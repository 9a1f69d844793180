"""The embedding cache: nothing is embedded twice, across calls and across processes."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from ticketpilot.retrieval import CachedEmbedder, EmbeddingCache
from ticketpilot.retrieval.cache import text_key
from ticketpilot.retrieval.embedder import FloatMatrix, ProgressFn
from ticketpilot.retrieval.hashing import HashingEmbedder


class CountingEmbedder(HashingEmbedder):
    """The hashing embedder, recording every text it is asked to embed."""

    def __init__(self) -> None:
        super().__init__(dimension=32)
        self.seen: list[str] = []

    def embed(self, texts: Sequence[str], progress: ProgressFn | None = None) -> FloatMatrix:
        self.seen.extend(texts)
        return super().embed(texts, progress)


def test_second_call_is_served_from_the_cache(tmp_path: Path) -> None:
    inner = CountingEmbedder()
    cached = CachedEmbedder(inner, EmbeddingCache(tmp_path / "cache.sqlite"))
    first = cached.embed(["lost bag", "late flight"])
    second = cached.embed(["late flight", "new text", "lost bag"])
    assert inner.seen == ["lost bag", "late flight", "new text"]
    np.testing.assert_array_equal(second[[2, 0]], first)
    assert (cached.hits, cached.misses) == (2, 3)


def test_repeats_within_one_call_are_embedded_once(tmp_path: Path) -> None:
    inner = CountingEmbedder()
    cached = CachedEmbedder(inner, EmbeddingCache(tmp_path / "cache.sqlite"))
    vectors = cached.embed(["same", "same", "other", "same"])
    assert inner.seen == ["same", "other"]
    np.testing.assert_array_equal(vectors[0], vectors[3])


def test_cache_survives_reopening(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite"
    cache = EmbeddingCache(path)
    CachedEmbedder(CountingEmbedder(), cache).embed(["persisted text"])
    cache.close()
    inner = CountingEmbedder()
    reopened = EmbeddingCache(path)
    CachedEmbedder(inner, reopened).embed(["persisted text"])
    assert inner.seen == []
    assert len(reopened) == 1


def test_keys_depend_on_model_and_text() -> None:
    assert text_key("m1", "a") != text_key("m2", "a")
    assert text_key("m1", "a") != text_key("m1", "b")
    assert len(text_key("m1", "a")) == 16


def test_progress_counts_cache_hits_as_done(tmp_path: Path) -> None:
    cached = CachedEmbedder(CountingEmbedder(), EmbeddingCache(tmp_path / "cache.sqlite"))
    cached.embed(["a", "b"])
    reports: list[tuple[int, int]] = []
    cached.embed(["a", "b", "c", "d"], progress=lambda done, total: reports.append((done, total)))
    assert reports[-1] == (4, 4)
    assert all(total == 4 for _, total in reports)
