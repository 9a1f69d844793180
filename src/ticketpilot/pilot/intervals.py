"""Fixed-sample intervals and tests: proportions, means, percentiles, treatment vs control.

* :func:`wilson` - Wilson score interval of a proportion (sound at small n and near 0 or 1).
* :class:`MeanStats` and :func:`mean_interval` - Student t interval of a mean.
* :func:`quantile_interval` - distribution-free interval of a percentile from order statistics
  (the ranks come from the binomial distribution of how many values fall below it).
* :func:`relative_lift` and :func:`welch_test` - relative change of the treatment mean over the
  control mean, its variance by the delta method and a Welch t test with Welch-Satterthwaite
  degrees of freedom, as GrowthBook's gbstats ``TwoSidedTTest`` computes it.

All of them are valid for one look at the data, decided in advance; for looking every day use
:mod:`ticketpilot.pilot.sequential`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np
from scipy import special

from ticketpilot.errors import PilotError


@dataclass(frozen=True)
class Interval:
    """A two-sided interval and the method that produced it (NaN ends: no data; infinite: no bound)."""

    low: float
    high: float
    method: str

    def contains(self, value: float) -> bool:
        return self.low <= value <= self.high

    def as_dict(self) -> dict[str, object]:
        return {"low": _round(self.low), "high": _round(self.high), "method": self.method}


def z_value(alpha: float) -> float:
    """The standard normal quantile ``z(1 - alpha / 2)`` of a two-sided interval."""
    if not 0.0 < alpha < 1.0:
        raise PilotError(f"alpha = {alpha!r}: must be between 0 and 1")
    return NormalDist().inv_cdf(1.0 - alpha / 2.0)


def t_quantile(p: float, dof: float) -> float:
    """Student t quantile (``scipy.special.stdtrit``: the ufunc, not the slower ``stats`` wrapper)."""
    return float(special.stdtrit(dof, p))


def binomial_quantiles(ps: tuple[float, ...], n: int, q: float) -> list[int]:
    """The smallest ``k`` with ``P(Binomial(n, q) <= k) >= p``, for each ``p`` in ``ps``.

    The CDF is evaluated on a window of 12 standard deviations around ``n q``, which holds every
    quantile between 1e-30 and 1 - 1e-30.
    """
    spread = 12.0 * math.sqrt(n * q * (1 - q)) + 2.0
    ks = np.arange(max(0, math.floor(n * q - spread)), min(n, math.ceil(n * q + spread)) + 1)
    cdf = special.bdtr(ks, n, q)
    return [int(ks[min(int(np.searchsorted(cdf, p - 1e-12)), ks.size - 1)]) for p in ps]


def wilson(successes: int, n: int, alpha: float = 0.05) -> Interval:
    """Wilson score interval of ``successes`` out of ``n`` (the whole range when n is 0)."""
    method = f"Wilson score {1 - alpha:.0%}"
    if n <= 0:
        return Interval(0.0, 1.0, method)
    z = z_value(alpha)
    p = successes / n
    denominator = 1.0 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return Interval(max(0.0, centre - half), min(1.0, centre + half), method)


@dataclass(frozen=True)
class MeanStats:
    """Sufficient statistics of one sample: size, mean and (n - 1) variance."""

    n: int
    mean: float
    variance: float

    @classmethod
    def of(cls, values: np.ndarray) -> MeanStats:
        """The statistics of ``values`` (NaNs must be removed by the caller)."""
        n = int(values.size)
        if n == 0:
            return cls(0, math.nan, math.nan)
        variance = float(np.var(values, ddof=1)) if n > 1 else math.nan
        return cls(n, float(np.mean(values)), variance)

    @property
    def sd(self) -> float:
        return math.sqrt(self.variance) if self.variance >= 0 else math.nan

    @property
    def usable(self) -> bool:
        """At least two values with a positive spread: enough for an interval."""
        return self.n >= 2 and self.variance > 0


def mean_interval(sample: MeanStats, alpha: float = 0.05) -> Interval:
    """Student t interval of the mean (NaN bounds with fewer than two values)."""
    method = f"Student t {1 - alpha:.0%}"
    if sample.n < 2 or not sample.variance >= 0:
        return Interval(math.nan, math.nan, method)
    half = t_quantile(1 - alpha / 2, sample.n - 1) * math.sqrt(sample.variance / sample.n)
    return Interval(sample.mean - half, sample.mean + half, method)


def quantile_interval(values: np.ndarray, q: float, alpha: float = 0.05) -> tuple[float, Interval]:
    """The ``q`` quantile of ``values`` and its distribution-free order-statistic interval.

    The lower and upper ranks are the ``alpha / 2`` and ``1 - alpha / 2`` quantiles of
    Binomial(n, q): the true percentile lies between those order statistics with probability
    at least ``1 - alpha`` whatever the distribution. With too few values for a bound on one
    side, that side is infinite.
    """
    method = f"order statistics (binomial) {1 - alpha:.0%}"
    n = int(values.size)
    if n == 0:
        return math.nan, Interval(math.nan, math.nan, method)
    ordered = np.sort(values)
    estimate = float(np.quantile(ordered, q))
    lower_rank, upper_rank = binomial_quantiles((alpha / 2, 1 - alpha / 2), n, q)
    upper_rank += 1
    low = float(ordered[lower_rank - 1]) if lower_rank >= 1 else -math.inf
    high = float(ordered[upper_rank - 1]) if upper_rank <= n else math.inf
    return estimate, Interval(low, high, method)


@dataclass(frozen=True)
class Lift:
    """Relative change of the treatment mean over the control mean, with its delta variance."""

    estimate: float
    variance: float
    dof: float
    n: int  # units in both arms

    @property
    def se(self) -> float:
        return math.sqrt(self.variance)


def relative_lift(treatment: MeanStats, control: MeanStats) -> Lift | None:
    """``mean_t / mean_c - 1`` and its delta-method variance (``None`` when undefined).

    ``Var = s_t^2 / (n_t m_c^2) + s_c^2 m_t^2 / (n_c m_c^4)`` (gbstats ``TTest.variance``).
    """
    if not (treatment.usable and control.usable) or control.mean == 0:
        return None
    m_t, m_c = treatment.mean, control.mean
    variance = treatment.variance / (treatment.n * m_c**2) + control.variance * m_t**2 / (
        control.n * m_c**4
    )
    a, b = treatment.variance / treatment.n, control.variance / control.n
    dof = (a + b) ** 2 / (a**2 / (treatment.n - 1) + b**2 / (control.n - 1))
    return Lift(m_t / m_c - 1.0, variance, dof, treatment.n + control.n)


def welch_test(lift: Lift, alpha: float = 0.05, null: float = 0.0) -> tuple[Interval, float]:
    """The fixed-sample Welch t interval of the lift and the two-sided p-value against ``null``."""
    critical = t_quantile(1 - alpha / 2, lift.dof)
    half = critical * lift.se
    statistic = (lift.estimate - null) / lift.se
    p_value = float(2 * special.stdtr(lift.dof, -abs(statistic)))
    method = f"Welch t on the relative change, delta method {1 - alpha:.0%}"
    return Interval(lift.estimate - half, lift.estimate + half, method), p_value


def _round(value: float) -> float | None:
    """Six decimals; ``None`` for a missing (NaN) or unbounded (infinite) end, for strict JSON."""
    return round(value, 6) if math.isfinite(value) else None
