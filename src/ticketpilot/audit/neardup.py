"""Exact and near-duplicate texts: normalised hashes, then MinHash LSH over word sets.

Two texts are near-duplicates when the Jaccard similarity of their word sets is at least
``threshold`` (0.9: the same wording, as in a re-sent ticket or a template; texts that share a
topic but name another order or product stay apart). Each text gets 64 MinHash values; texts
sharing all 4 values of any of 16 bands become candidates (a pair at Jaccard 0.9 is found with
probability > 0.999), and every candidate
pair is confirmed with the exact Jaccard, so no false positive survives.
"""

from __future__ import annotations

import re
import zlib
from collections import defaultdict
from collections.abc import Sequence

import numpy as np

_NOISE = re.compile(r"https?://\S+|@\w+|#\w+")  # numbers stay: other order, other ticket
_WORD = re.compile(r"\w+")
_PRIME = np.uint64((1 << 61) - 1)
_RNG = np.random.default_rng(20240501)
_A = _RNG.integers(1, 1 << 31, size=64, dtype=np.uint64)
_B = _RNG.integers(0, 1 << 31, size=64, dtype=np.uint64)
_BANDS, _ROWS = 16, 4
_WINDOW = 8


def normalise(text: str) -> str:
    return " ".join(_WORD.findall(_NOISE.sub(" ", text.lower())))


def minhashes(word_sets: Sequence[frozenset[str]], chunk: int = 4_000) -> np.ndarray:
    """64 MinHash values per (non-empty) word set, computed a chunk of sets at a time.

    The hash family is ``(a * crc32(word) + b) mod (2**61 - 1)``; all words of a chunk are hashed
    in one array and each set's minimum is taken with ``np.minimum.reduceat``.
    """
    out = np.empty((len(word_sets), 64), dtype=np.uint64)
    for begin in range(0, len(word_sets), chunk):
        sets = word_sets[begin : begin + chunk]
        sizes = np.fromiter((len(s) for s in sets), dtype=np.int64, count=len(sets))
        words = np.fromiter(
            (zlib.crc32(w.encode()) for s in sets for w in s),
            dtype=np.uint64,
            count=int(sizes.sum()),
        )
        starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
        values = (words[:, None] * _A + _B) % _PRIME
        out[begin : begin + len(sets)] = np.minimum.reduceat(values, starts, axis=0)
    return out


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def duplicate_groups(
    texts: Sequence[str], *, min_words: int = 5, threshold: float = 0.9
) -> tuple[list[int], list[int]]:
    """(indices that exactly repeat an earlier text, indices that nearly repeat one).

    A text is counted once, as exact if it is exact, else as near; texts of fewer than
    ``min_words`` distinct words are only compared exactly.
    """
    normals = [normalise(t) for t in texts]
    first: dict[str, int] = {}
    exact: list[int] = []
    for i, text in enumerate(normals):
        if not text:
            continue
        if text in first:
            exact.append(i)
        else:
            first[text] = i
    sets = {i: frozenset(normals[i].split()) for i in first.values()}
    candidates = [i for i, words in sets.items() if len(words) >= min_words]
    buckets: dict[tuple[int, bytes], list[int]] = defaultdict(list)
    signatures = minhashes([sets[i] for i in candidates])
    for row, i in enumerate(candidates):
        raw = signatures[row].tobytes()
        width = _ROWS * 8
        for band in range(_BANDS):
            buckets[(band, raw[band * width : (band + 1) * width])].append(i)
    groups = _UnionFind(len(texts))
    checked: set[tuple[int, int]] = set()
    for members in buckets.values():
        # each member is compared with the few members before it: linear in bucket size, and a
        # cluster of near-copies still links up through its chain of neighbours
        for x, b in enumerate(members):
            for a in members[max(0, x - _WINDOW) : x]:
                if (a, b) in checked or groups.find(a) == groups.find(b):
                    continue
                checked.add((a, b))
                union = len(sets[a] | sets[b])
                if union and len(sets[a] & sets[b]) / union >= threshold:
                    groups.union(a, b)
    near = [i for i in candidates if groups.find(i) != i]
    return exact, sorted(near)
