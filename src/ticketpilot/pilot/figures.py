"""One pilot figure each: a rate, a mean, percentiles, or treatment against control.

Every figure keeps what it was computed from (n, the method of each interval) and carries both
a fixed-sample interval (valid at one look) and, where the status decides on it, an always-valid
interval (valid however often it is read).

* a **rate** (:func:`proportion`): Wilson interval; always-valid interval with the Bernoulli
  variance of the shrunken rate ``(x + 0.5) / (n + 1)`` so that 0 of n is not "certain";
* a **mean** (:func:`mean_figure`): Student t interval;
* **percentiles** (:func:`percentiles`): order-statistic intervals;
* a **comparison** (:func:`compare`): relative change of the treatment mean over the control
  mean (delta method), Welch t interval and p-value, and the always-valid interval and p-value.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from ticketpilot.pilot.intervals import (
    Interval,
    MeanStats,
    mean_interval,
    quantile_interval,
    relative_lift,
    welch_test,
    wilson,
)
from ticketpilot.pilot.sequential import always_valid_interval, always_valid_p_value
from ticketpilot.pilot.settings import PilotSettings


@dataclass(frozen=True)
class Proportion:
    """``successes`` of ``n``, with its fixed and always-valid intervals."""

    successes: int
    n: int
    fixed: Interval
    always_valid: Interval

    @property
    def rate(self) -> float:
        return self.successes / self.n if self.n else math.nan

    @property
    def unit_variance(self) -> float:
        shrunk = (self.successes + 0.5) / (self.n + 1)
        return shrunk * (1.0 - shrunk)

    def as_dict(self) -> dict[str, object]:
        return {"successes": self.successes, "n": self.n, "rate": _r(self.rate),
                "fixed": self.fixed.as_dict(), "always_valid": self.always_valid.as_dict()}  # fmt: skip


def proportion(successes: int, n: int, settings: PilotSettings) -> Proportion:
    """The rate ``successes / n`` with its intervals at the settings' alpha."""
    fixed = wilson(successes, n, settings.alpha)
    shrunk = (successes + 0.5) / (n + 1)
    variance = shrunk * (1.0 - shrunk) / n if n else math.nan
    seq = always_valid_interval(successes / n if n else math.nan, variance, n, settings.alpha,
                                settings.sequential_tuning)  # fmt: skip
    clipped = Interval(max(0.0, seq.low), min(1.0, seq.high), seq.method) if n else seq
    return Proportion(successes, n, fixed, clipped)


@dataclass(frozen=True)
class MeanFigure:
    """A sample's mean with its Student t interval."""

    stats: MeanStats
    interval: Interval

    def as_dict(self) -> dict[str, object]:
        s = self.stats
        return {"n": s.n, "mean": _r(s.mean), "sd": _r(s.sd), "interval": self.interval.as_dict()}


def mean_figure(values: NDArray[np.float64], settings: PilotSettings) -> MeanFigure:
    """Mean of the finite ``values`` with its interval."""
    stats = MeanStats.of(values[np.isfinite(values)])
    return MeanFigure(stats, mean_interval(stats, settings.alpha))


@dataclass(frozen=True)
class Percentiles:
    """Percentiles of a sample, each with its order-statistic interval."""

    n: int
    values: dict[str, float]
    intervals: dict[str, Interval]

    def as_dict(self) -> dict[str, object]:
        return {"n": self.n, **{k: {"value": _r(v), "interval": self.intervals[k].as_dict()}
                                for k, v in self.values.items()}}  # fmt: skip


def percentiles(
    values: NDArray[np.float64], settings: PilotSettings, qs: Sequence[int] = (50, 95, 99)
) -> Percentiles:
    """``p50``, ``p95``, ``p99`` (by default) of the finite ``values``."""
    finite = values[np.isfinite(values)]
    got = {f"p{q}": quantile_interval(finite, q / 100.0, settings.alpha) for q in qs}
    return Percentiles(int(finite.size), {k: v for k, (v, _) in got.items()},
                       {k: i for k, (_, i) in got.items()})  # fmt: skip


@dataclass(frozen=True)
class Comparison:
    """Treatment against control: relative change of the mean, fixed and always-valid."""

    lower_is_better: bool
    treatment: MeanFigure
    control: MeanFigure
    change: float | None  # mean_t / mean_c - 1
    fixed: Interval | None
    p_value: float | None
    always_valid: Interval | None
    always_valid_p: float | None
    unit_variance: float | None  # Var(change) x units: what the power analysis scales

    @property
    def n(self) -> int:
        return self.treatment.stats.n + self.control.stats.n

    def as_dict(self) -> dict[str, object]:
        return {
            "lower_is_better": self.lower_is_better,
            "treatment": self.treatment.as_dict(),
            "control": self.control.as_dict(),
            "change": _r(self.change),
            "fixed": self.fixed.as_dict() if self.fixed else None,
            "p_value": self.p_value,
            "always_valid": self.always_valid.as_dict() if self.always_valid else None,
            "always_valid_p": self.always_valid_p,
            "method": "relative change of the mean, treatment over control (intention to "
            "treat); Welch t with the delta method for one look, asymptotic confidence "
            "sequence for daily looks",
        }


def compare(
    treatment: NDArray[np.float64],
    control: NDArray[np.float64],
    settings: PilotSettings,
    *,
    lower_is_better: bool,
) -> Comparison:
    """Compare the finite values of the two arms."""
    t_fig, c_fig = mean_figure(treatment, settings), mean_figure(control, settings)
    lift = relative_lift(t_fig.stats, c_fig.stats)
    if lift is None:
        return Comparison(lower_is_better, t_fig, c_fig, None, None, None, None, None, None)
    fixed, p_value = welch_test(lift, settings.alpha)
    args = (lift.estimate, lift.variance, lift.n, settings.alpha, settings.sequential_tuning)
    return Comparison(
        lower_is_better, t_fig, c_fig, lift.estimate, fixed, p_value,
        always_valid_interval(*args), always_valid_p_value(*args), lift.variance * lift.n,
    )  # fmt: skip


def _r(value: float | None) -> float | None:
    return None if value is None or math.isnan(value) else round(value, 6)
