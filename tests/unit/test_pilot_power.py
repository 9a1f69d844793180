"""Sample sizes: the textbook fixed-sample formula, the always-valid one, and days left."""

from __future__ import annotations

import numpy as np
import pytest

from ticketpilot.errors import PilotError
from ticketpilot.pilot.power import (
    days_left,
    fixed_sample_size,
    sample_size,
    sequential_sample_size,
)
from ticketpilot.pilot.sequential import half_width


def test_fixed_sample_size_is_the_textbook_formula() -> None:
    # (1.959964 + 0.841621)^2 * 0.24 / 0.1^2 = 188.4 -> 189 drafts
    assert fixed_sample_size(0.1, 0.6 * 0.4, 0.05, 0.8) == 189
    assert fixed_sample_size(0.05, 0.24, 0.05, 0.8) == 754  # half the effect, 4x the sample
    assert fixed_sample_size(0.1, 0.24, 0.01, 0.9) > 189


def test_sequential_sample_size_is_the_smallest_that_clears_the_threshold() -> None:
    needed = sequential_sample_size(0.1, 0.24, 0.05, 0.8, 5000)
    assert needed == 521
    z_power = 0.8416212335729143

    def margin(n: int) -> float:
        return 0.1 - float(half_width(n, 0.24 / n, 0.05, 5000)) - z_power * (0.24 / n) ** 0.5

    assert margin(needed) >= 0 > margin(needed - 1)
    assert sequential_sample_size(1e-6, 1.0, 0.05, 0.8, 5000) is None  # out of reach


def test_the_planned_sample_gives_the_planned_power() -> None:
    """At the always-valid n, a pilot whose true acceptance is the target (60%) shows it is
    above the 50% threshold in about 80% of runs."""
    rng = np.random.default_rng(5)
    n = 521
    accepted = rng.binomial(n, 0.6, 4000)
    shrunk = (accepted + 0.5) / (n + 1)
    low = accepted / n - half_width(n, shrunk * (1 - shrunk) / n, 0.05, 5000)
    assert float(np.mean(low >= 0.5)) == pytest.approx(0.8, abs=0.04)


def test_days_left_at_the_current_volume() -> None:
    assert days_left(521, 200, 40.0) == 9  # 321 more drafts at 40 a day
    assert days_left(521, 600, 40.0) == 0
    assert days_left(None, 10, 40.0) is None
    assert days_left(521, 0, 0.0) is None
    plan = sample_size(0.1, 0.24, current_n=200, per_day=40.0, alpha=0.05, power=0.8, tuning=5000)
    assert (plan.fixed_n, plan.sequential_n, plan.days_left) == (189, 521, 9)


def test_bad_inputs_name_the_value() -> None:
    with pytest.raises(PilotError, match="effect to detect = 0"):
        fixed_sample_size(0.0, 0.24, 0.05, 0.8)
    with pytest.raises(PilotError, match=r"power = 1\.2"):
        sequential_sample_size(0.1, 0.24, 0.05, 1.2, 5000)
