"""Fusion of BM25 and cosine scores, and exact top-k."""

from __future__ import annotations

import numpy as np
import pytest

from ticketpilot.retrieval.dense import top_k
from ticketpilot.retrieval.fusion import FusionSettings, fuse


def _f32(*values: float) -> np.ndarray:  # type: ignore[type-arg]
    return np.asarray(values, dtype=np.float32)


def test_score_fusion_is_a_weighted_sum_of_normalised_scores() -> None:
    lexical, dense = _f32(4.0, 2.0, 0.0), _f32(0.2, 0.8, 0.5)
    fused = fuse(lexical, dense, FusionSettings(method="score", dense_weight=0.75))
    np.testing.assert_allclose(fused, [0.25 * 1 + 0.75 * 0.2, 0.25 * 0.5 + 0.75 * 0.8, 0.375])


def test_score_fusion_without_lexical_matches_ranks_by_cosine() -> None:
    fused = fuse(_f32(0, 0, 0), _f32(0.1, 0.9, 0.5), FusionSettings(method="score"))
    assert list(np.argsort(-fused)) == [1, 2, 0]


def test_rrf_uses_ranks_not_magnitudes() -> None:
    settings = FusionSettings(method="rrf", dense_weight=0.5, rrf_k=60)
    a = fuse(_f32(100.0, 1.0), _f32(0.30, 0.31), settings)
    b = fuse(_f32(2.0, 1.0), _f32(0.10, 0.90), settings)
    np.testing.assert_allclose(a, b)
    np.testing.assert_allclose(a[0], 0.5 / 61 + 0.5 / 62)


def test_rrf_gives_no_lexical_credit_without_a_match() -> None:
    fused = fuse(_f32(0, 0), _f32(0.9, 0.1), FusionSettings(method="rrf", dense_weight=0.5))
    np.testing.assert_allclose(fused, [0.5 / 61, 0.5 / 62])


@pytest.mark.parametrize("method", ["score", "rrf"])
def test_agreement_of_both_sides_wins(method: str) -> None:
    """A candidate second on both sides beats ones that are first on only one side."""
    lexical, dense = _f32(10.0, 9.0, 0.0, 8.0), _f32(0.1, 0.80, 0.81, 0.2)
    fused = fuse(lexical, dense, FusionSettings(method=method, dense_weight=0.5))  # type: ignore[arg-type]
    assert int(np.argmax(fused)) == 1


def test_empty_candidates() -> None:
    assert len(fuse(_f32(), _f32(), FusionSettings())) == 0


def test_top_k_orders_and_breaks_ties_by_position() -> None:
    scores = _f32(0.5, 0.9, 0.5, 0.1, 0.9)
    assert top_k(scores, 3).tolist() == [1, 4, 0]
    assert top_k(scores, 10).tolist() == [1, 4, 0, 2, 3]
    assert top_k(scores, 0).tolist() == []
