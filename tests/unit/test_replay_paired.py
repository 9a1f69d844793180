"""The paired comparison of two drafters on the same replay tickets (``replay --variants``)."""

from __future__ import annotations

import numpy as np

from ticketpilot.pilot.figures import proportion
from ticketpilot.pilot.settings import PilotSettings
from ticketpilot.pilot.variants import newcombe
from ticketpilot.replay.paired import newcombe_paired, paired_difference


def _pairs(rng: np.random.Generator, n: int, p_ref: float, lift: float) -> list[tuple[bool, bool]]:
    """Correlated outcomes: the variant fixes some of the reference's failures, breaks a few."""
    ref = rng.random(n) < p_ref
    fixes = (~ref) & (rng.random(n) < (lift + 0.05) / (1 - p_ref))
    breaks = ref & (rng.random(n) < 0.05 / p_ref)
    variant = (ref & ~breaks) | fixes
    return list(zip(variant.tolist(), ref.tolist(), strict=True))


def test_the_paired_interval_covers_the_true_difference() -> None:
    covered = 0
    for seed in range(200):
        pairs = _pairs(np.random.default_rng(seed), 150, 0.5, 0.08)
        covered += paired_difference("v2", "v1", pairs).interval.contains(0.08)
    assert covered >= 186, covered  # 93% of 200 (95% expected)


def test_pairing_narrows_the_interval_and_the_verdict_reads_it() -> None:
    pairs = _pairs(np.random.default_rng(1), 300, 0.5, 0.1)
    diff = paired_difference("v2", "v1", pairs)
    a = sum(v for v, _ in pairs)
    b = sum(r for _, r in pairs)
    settings = PilotSettings()
    unpaired = newcombe(proportion(a, 300, settings), proportion(b, 300, settings), 0.05)
    assert diff.estimate == (a - b) / 300
    assert diff.interval.high - diff.interval.low < 0.8 * (unpaired.high - unpaired.low)
    assert diff.verdict().startswith("v2 better than v1 on acceptance: +")
    assert diff.p_value < 0.05 and diff.only_variant > diff.only_reference
    swapped = paired_difference("v1", "v2", [(r, v) for v, r in pairs])
    assert swapped.verdict().startswith("v1 worse than v2")
    assert abs(swapped.interval.low + diff.interval.high) < 1e-12  # symmetric in the swap


def test_identical_drafts_are_said_not_scored() -> None:
    same = paired_difference("v2", "v1", [(True, True), (False, False)] * 5, identical=10)
    assert same.estimate == 0.0
    assert "identical drafts for all 10 tickets" in same.verdict()
    assert "cannot tell them apart" in same.verdict()
    partly = paired_difference("v2", "v1", [(True, True), (False, False)] * 5, identical=4)
    assert "no difference shown" in partly.verdict()


def test_no_discordant_pairs_and_no_pairs() -> None:
    interval = newcombe_paired(40, 0, 0, 60)
    assert interval.low < 0 < interval.high  # agreement everywhere is not certainty
    assert np.isnan(newcombe_paired(0, 0, 0, 0).low)
    assert "no tickets" in paired_difference("v2", "v1", []).verdict()
