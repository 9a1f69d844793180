"""Ranking rows for a query: lexical, dense (exact or approximate) and hybrid.

Dense search is exact (one matrix product) while the rows a query may return number fewer
than the exact threshold; above it, the ANN graph proposes candidates, over-fetched in
proportion to how much a filter removes, and their cosines are recomputed exactly from the
stored float32 vectors. The hybrid ranking scores the union of both sides' candidates on both
sides exactly, then fuses (fusion.py).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ticketpilot.retrieval.ann import AnnIndex
from ticketpilot.retrieval.dense import VectorStore, top_k
from ticketpilot.retrieval.fusion import FusionSettings, fuse
from ticketpilot.retrieval.lexical import BM25Index

FloatArray = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

#: Most candidates ever asked of the ANN graph for one filtered query, before going exact.
_MAX_ANN_FETCH = 4096


@dataclass(frozen=True, slots=True)
class Ranking:
    """Rows best first, with the ranking score and each component (None when not computed)."""

    rows: IntArray
    scores: FloatArray
    lexical: FloatArray | None
    dense: FloatArray | None


def lexical_ranking(
    lexical: BM25Index, query: str, mask: BoolArray | None, k: int
) -> tuple[Ranking, FloatArray]:
    """The top `k` rows by BM25 (only rows sharing a term), and the scores of every row."""
    scores = lexical.scores(query)
    rows = _rows_above(scores, mask, k)
    best = rows[top_k(scores[rows], k)].astype(np.int64)
    return Ranking(best, scores[best], scores[best], None), scores


def _rows_above(scores: FloatArray, mask: BoolArray | None, k: int) -> IntArray:
    """Rows with a positive score that `mask` keeps: all of them, or at least the `k` best.

    Cuts at a falling fraction of the best score until `k` rows pass, so that a top-k over a
    million rows sorts hundreds, not the hundreds of thousands that share a common word.
    """
    best = float(scores.max()) if len(scores) else 0.0
    rows = np.zeros(0, dtype=np.int64)
    for fraction in (0.5, 0.25, 0.1):
        rows = np.flatnonzero(scores >= best * fraction)
        if mask is not None:
            rows = rows[mask[rows]]
        if len(rows) >= k or best <= 0:
            return rows if best > 0 else rows[:0]
    rows = np.flatnonzero(scores > 0)
    return rows if mask is None else rows[mask[rows]]


def dense_ranking(
    query: FloatArray,
    vectors: VectorStore,
    ann: AnnIndex | None,
    mask: BoolArray | None,
    k: int,
    exact_threshold: int,
) -> Ranking:
    """The top `k` rows by cosine: exact for few rows, through the ANN graph for many."""
    allowed = len(vectors) if mask is None else int(mask.sum())
    if ann is None or allowed <= exact_threshold or k >= allowed:
        rows, cosines = vectors.search(query, k, mask)
        return Ranking(rows, cosines, None, cosines)
    fetch = k if mask is None else math.ceil(1.5 * k * len(vectors) / allowed)
    if fetch <= _MAX_ANN_FETCH:
        rows, _ = ann.search(query, min(fetch, len(ann)))
        if mask is not None:
            rows = rows[mask[rows]]
        if len(rows) >= k or mask is None:
            rows = rows[:k]
            cosines = vectors.scores_for(query, rows)
            order = np.argsort(-cosines, kind="stable")
            return Ranking(rows[order], cosines[order], None, cosines[order])
    rows, cosines = vectors.search(query, k, mask)
    return Ranking(rows, cosines, None, cosines)


def pruned_lexical_ranking(
    lexical: BM25Index, query: str, mask: BoolArray | None, k: int
) -> Ranking:
    """The top `k` of the rows holding a rare query term, scored exactly on every term.

    For large indexes, where scoring every row on the common words costs more than the whole
    latency budget (see `BM25Index.rare_candidates`); the hybrid ranking adds the dense side's
    candidates and scores them on BM25 exactly too.
    """
    rows = lexical.rare_candidates(query)
    if mask is not None:
        rows = rows[mask[rows]]
    scores = lexical.scores_for(query, rows)
    keep = scores > 0
    rows, scores = rows[keep], scores[keep]
    best = top_k(scores, k)
    return Ranking(rows[best], scores[best], scores[best], None)


def hybrid_ranking(
    lexical_side: Ranking,
    lexical_index: BM25Index,
    query_text: str,
    dense_side: Ranking,
    query: FloatArray,
    vectors: VectorStore,
    fusion: FusionSettings,
    k: int,
) -> Ranking:
    """The top `k` of the union of both sides' candidates, each scored on both sides exactly."""
    rows = np.union1d(lexical_side.rows, dense_side.rows).astype(np.int64)
    lexical = lexical_index.scores_for(query_text, rows)
    dense = vectors.scores_for(query, rows)
    fused = fuse(lexical, dense, fusion)
    best = top_k(fused, k)
    return Ranking(rows[best], fused[best], lexical[best], dense[best])
