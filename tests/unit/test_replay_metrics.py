"""Replay arithmetic: Wilson intervals, threshold calibration, key-fact overlap, prompts."""

from __future__ import annotations

import numpy as np
import pytest

from ticketpilot.drafting.prompts import load_template
from ticketpilot.drafting.sources import Source
from ticketpilot.replay.metrics import (
    DEFAULT_THRESHOLD,
    calibrate_threshold,
    fact_overlap,
    wilson,
)


@pytest.mark.parametrize(
    ("k", "n", "low", "high"),
    [
        (81, 263, 0.2553, 0.3662),
        (0, 10, 0.0, 0.2775),
        (10, 10, 0.7225, 1.0),
        (50, 100, 0.4038, 0.5962),
    ],
)
def test_wilson_interval_matches_published_values(k: int, n: int, low: float, high: float) -> None:
    got = wilson(k, n)
    assert got == pytest.approx((low, high), abs=1e-4)


def test_wilson_of_nothing_is_the_whole_range() -> None:
    assert wilson(0, 0) == (0.0, 1.0)


def _clusters(separation: float, seed: int = 1) -> tuple[np.ndarray, list[str]]:
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(4, 16))
    vectors, labels = [], []
    for c in range(4):
        for _ in range(25):
            v = separation * centres[c] + rng.normal(size=16)
            vectors.append(v / np.linalg.norm(v))
            labels.append(f"cat{c}")
    return np.asarray(vectors), labels


def test_calibration_separates_same_from_different_category_pairs() -> None:
    vectors, labels = _clusters(1.5)
    cal = calibrate_threshold(vectors, labels)
    assert cal.method == "youden"
    assert cal.auc is not None and cal.auc > 0.9
    assert cal.same_median is not None and cal.different_median is not None
    assert cal.different_median < cal.threshold < cal.same_median
    assert "calibrated" in cal.describe()


def test_calibration_weakens_with_the_signal() -> None:
    strong = calibrate_threshold(*_clusters(1.5))
    weak = calibrate_threshold(*_clusters(0.2))
    assert weak.auc is not None and strong.auc is not None and weak.auc < strong.auc


def test_calibration_falls_back_to_the_default_without_labels() -> None:
    vectors, _ = _clusters(1.0)
    cal = calibrate_threshold(vectors[:5], ["a", "b", "c", "d", "e"])
    assert (cal.method, cal.threshold) == ("default", DEFAULT_THRESHOLD)


def test_fact_overlap_counts_values_and_content_words() -> None:
    reference = "Your refund of $25.00 for order AB-12345 is on its way."
    assert fact_overlap(reference, reference) == 1.0
    partial = fact_overlap(reference, "Your refund is on its way.")
    assert partial is not None and 0.2 < partial < 0.8
    assert fact_overlap("", "anything") is None


def test_prompt_template_is_versioned_by_content_and_renders_sources() -> None:
    template = load_template()
    assert (
        template.version.startswith("reply-v1+") and len(template.version) == len("reply-v1+") + 8
    )
    messages = template.render(
        "Where is <ORDER_ID_1>?",
        [Source("P1", "late parcel", "Sorry, [PERSON]!", 0.91)],
        "shipping",
    )
    assert [m.role for m in messages] == ["system", "user"]
    assert "Where is <ORDER_ID_1>?" in messages[1].content
    assert "(ticket P1, similarity 0.91) Sorry, [PERSON]!" in messages[1].content
    assert "category: shipping" in messages[1].content
    with pytest.raises(ValueError, match="unknown prompt template 'nope'; shipped: reply-v1"):
        load_template("nope")
