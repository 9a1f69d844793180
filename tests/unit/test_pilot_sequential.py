"""Always-valid intervals hold under daily peeking; the naive fixed interval does not."""

from __future__ import annotations

import math

import numpy as np
import pytest

from ticketpilot.pilot.intervals import MeanStats, relative_lift, z_value
from ticketpilot.pilot.sequential import (
    always_valid_interval,
    always_valid_p_value,
    half_width,
    multiplier,
)

ALPHA, TUNING, DAYS = 0.05, 5000.0, 30


def _daily_stats(rng: np.random.Generator, runs: int, per_day: int, mean: float, sigma: float):
    """Cumulative n, mean and variance after each day, for ``runs`` pilots: shape (runs, DAYS)."""
    draws = rng.lognormal(np.log(mean) - sigma**2 / 2, sigma, (runs, DAYS, per_day))
    sums = draws.sum(axis=2).cumsum(axis=1)
    squares = (draws**2).sum(axis=2).cumsum(axis=1)
    n = per_day * np.arange(1, DAYS + 1)
    means = sums / n
    return n, means, (squares - n * means**2) / (n - 1)


def test_relative_change_sequence_holds_at_every_daily_look() -> None:
    """300 pilots, 40 tickets per arm per day, read every day for 30 days; truth -25%."""
    rng = np.random.default_rng(2026)
    runs, truth = 300, -0.25
    n, t_mean, t_var = _daily_stats(rng, runs, 40, 540.0, 0.6)
    _, c_mean, c_var = _daily_stats(rng, runs, 40, 720.0, 0.6)
    always, naive = 0, 0
    for r in range(runs):
        seq_ok = fixed_ok = True
        for d in range(DAYS):
            lift = relative_lift(MeanStats(int(n[d]), t_mean[r, d], t_var[r, d]),
                                 MeanStats(int(n[d]), c_mean[r, d], c_var[r, d]))  # fmt: skip
            assert lift is not None
            seq = always_valid_interval(lift.estimate, lift.variance, lift.n, ALPHA, TUNING)
            seq_ok &= seq.contains(truth)
            fixed_ok &= abs(lift.estimate - truth) <= z_value(ALPHA) * lift.se
        always += seq_ok
        naive += fixed_ok
    assert always >= 0.93 * runs  # 95% less a small slack for 300 runs
    assert naive < 0.85 * runs  # peeking 30 times at a 95% fixed interval: far below 95%
    assert always > naive


def test_rate_sequence_holds_at_every_daily_look() -> None:
    """2,000 pilots, 30 drafts a day, true acceptance 62%; vectorised over runs and days."""
    rng = np.random.default_rng(7)
    runs, per_day, truth = 2000, 30, 0.62
    n = per_day * np.arange(1, DAYS + 1)
    accepted = rng.binomial(per_day, truth, (runs, DAYS)).cumsum(axis=1)
    rate = accepted / n
    shrunk = (accepted + 0.5) / (n + 1)
    seq = half_width(n, shrunk * (1 - shrunk) / n, ALPHA, TUNING)
    fixed = z_value(ALPHA) * np.sqrt(rate * (1 - rate) / n)
    always = np.all(np.abs(rate - truth) <= seq, axis=1).mean()
    naive = np.all(np.abs(rate - truth) <= fixed, axis=1).mean()
    assert always >= 0.94
    assert naive < 0.80
    assert always > naive
    # and it is no blanket: after 30 days it is at most 1.8 times the fixed interval
    assert float(np.median(seq[:, -1] / fixed[:, -1])) < 1.8


def test_multiplier_is_wider_than_z_and_narrowest_near_the_tuning() -> None:
    ks = multiplier([100, 1_000, 5_000, 50_000, 10**6], ALPHA, TUNING)
    assert np.all(ks > z_value(ALPHA))
    assert int(np.argmin(multiplier(np.arange(500, 60_000, 500), ALPHA, TUNING))) * 500 + 500 == (
        pytest.approx(TUNING, rel=0.3)
    )
    assert ks[2] == pytest.approx(3.035, abs=1e-3)  # gbstats' formula at N = N* = 5000


def test_p_value_is_below_alpha_exactly_when_the_interval_excludes_zero() -> None:
    for estimate in (0.01, 0.03, 0.05, 0.08):
        interval = always_valid_interval(estimate, 0.02**2, 2000, ALPHA, TUNING)
        p = always_valid_p_value(estimate, 0.02**2, 2000, ALPHA, TUNING)
        assert (p < ALPHA) == (not interval.contains(0.0)), estimate
    assert math.isnan(always_valid_p_value(0.1, 0.0, 10, ALPHA, TUNING))
