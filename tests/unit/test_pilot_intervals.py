"""Fixed-sample intervals: Wilson, Student t, order statistics, relative lift and Welch t."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats as sps

from ticketpilot.pilot.intervals import (
    MeanStats,
    binomial_quantiles,
    mean_interval,
    quantile_interval,
    relative_lift,
    t_quantile,
    welch_test,
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
def test_wilson_matches_published_values(k: int, n: int, low: float, high: float) -> None:
    got = wilson(k, n)
    assert (got.low, got.high) == pytest.approx((low, high), abs=1e-4)
    wider = wilson(k, n, alpha=0.01)
    assert wider.high - wider.low > got.high - got.low  # 99% is wider


def test_student_t_interval_matches_scipy() -> None:
    values = np.array([3.1, 4.7, 2.2, 5.0, 4.4, 3.9, 4.1])
    got = mean_interval(MeanStats.of(values))
    low, high = sps.t.interval(0.95, len(values) - 1, values.mean(), sps.sem(values))
    assert (got.low, got.high) == pytest.approx((low, high))
    assert math.isnan(mean_interval(MeanStats.of(np.array([1.0]))).low)


def test_order_statistic_interval_covers_the_true_percentile() -> None:
    rng = np.random.default_rng(11)
    true_p95 = float(np.exp(6.5 + 0.4 * 1.6448536269514722))  # lognormal latency
    covered = 0
    for _ in range(400):
        sample = rng.lognormal(6.5, 0.4, 150)
        _, interval = quantile_interval(sample, 0.95)
        covered += interval.contains(true_p95)
    assert covered >= 0.93 * 400  # distribution-free: at least 95% up to simulation noise
    _, few = quantile_interval(np.array([1.0, 2.0, 3.0]), 0.99)
    assert few.high == math.inf  # three values cannot bound a p99 from above


def test_relative_lift_and_welch_test_by_hand() -> None:
    control, treatment = MeanStats(400, 720.0, 200.0**2), MeanStats(380, 540.0, 180.0**2)
    lift = relative_lift(treatment, control)
    assert lift is not None
    assert lift.estimate == pytest.approx(-0.25)
    by_hand = 180.0**2 / (380 * 720.0**2) + 200.0**2 * 540.0**2 / (400 * 720.0**4)
    assert lift.variance == pytest.approx(by_hand)
    interval, p_value = welch_test(lift)
    assert interval.low < -0.25 < interval.high
    assert interval.high - interval.low == pytest.approx(2 * 1.963 * math.sqrt(by_hand), rel=1e-3)
    assert p_value < 1e-30
    assert relative_lift(treatment, MeanStats(1, 720.0, math.nan)) is None


@pytest.mark.parametrize("n", [1, 3, 10, 150, 2_000, 50_000])
@pytest.mark.parametrize("q", [0.5, 0.95, 0.99])
def test_fast_quantiles_match_scipy_stats(n: int, q: float) -> None:
    assert binomial_quantiles((0.025, 0.975), n, q) == [
        int(sps.binom.ppf(0.025, n, q)),
        int(sps.binom.ppf(0.975, n, q)),
    ]
    assert t_quantile(0.975, n) == pytest.approx(float(sps.t.ppf(0.975, n)))
