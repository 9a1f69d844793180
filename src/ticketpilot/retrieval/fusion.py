"""Fusing the lexical and the dense ranking into one.

Two methods, both over the union of each side's candidates, with each candidate's score on
both sides computed exactly (a BM25 score of 0 where no term matches):

- ``"rrf"``: reciprocal-rank fusion, sum of w / (k + rank); ignores score magnitudes.
- ``"score"``: convex combination of scores normalised per query: cosine as it is (it already
  lies in [-1, 1] and means the same across queries) and BM25 divided by the query's best BM25
  score among the candidates, weighted `dense_weight` and 1 - `dense_weight`.

On the labelled airline conversations the score fusion with a dense weight of 0.7 beat RRF and
both single rankings (docs/retrieval.md has the figures), so it is the default.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float32]

FusionMethod = Literal["score", "rrf"]


@dataclass(frozen=True, slots=True)
class FusionSettings:
    """How hybrid search fuses; `candidates` is how many each side proposes (at least k)."""

    method: FusionMethod = "score"
    dense_weight: float = 0.7
    rrf_k: int = 60
    candidates: int = 50


def _ranks(scores: FloatArray) -> FloatArray:
    """1-based rank of each score, highest first (ties share the better rank)."""
    order = np.argsort(-scores, kind="stable")
    ranks = np.empty(len(scores), dtype=np.float32)
    ranks[order] = np.arange(1, len(scores) + 1, dtype=np.float32)
    return ranks


def fuse(lexical: FloatArray, dense: FloatArray, settings: FusionSettings) -> FloatArray:
    """Fused scores of the candidates whose BM25 and cosine scores are given, higher is better."""
    if not len(lexical):
        return np.zeros(0, dtype=np.float32)
    w = settings.dense_weight
    if settings.method == "rrf":
        lexical_part = np.where(lexical > 0, 1.0 / (settings.rrf_k + _ranks(lexical)), 0.0)
        dense_part = 1.0 / (settings.rrf_k + _ranks(dense))
        return ((1 - w) * lexical_part + w * dense_part).astype(np.float32)
    best = float(lexical.max())
    lexical_norm = lexical / best if best > 0 else np.zeros_like(lexical)
    return ((1 - w) * lexical_norm + w * dense).astype(np.float32)
