"""Monthly ticket volume ahead: the history's level, trend and seasonality, or the charter's.

:func:`fit_volume` reads calendar-month counts (partial first and last months dropped, as the
baseline does) and fits ``log(volume / seasonal index) = a + b * month`` by least squares.
With 24 full months or more the seasonal index of each calendar month is the mean ratio of its
volume to the centred 12-month moving average (classical decomposition), scaled to average 1.
A declared ``[baseline] monthly_volume`` replaces the level (now), ``[budget] growth`` the trend.
The band of a month is the regression's prediction interval on the log scale:
``sigma * sqrt(1 + 1/n + (t - mean t)^2 / Sxx)``, sigma the residuals' standard deviation.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import numpy as np

from ticketpilot.errors import TicketpilotError

MIN_TREND_MONTHS = 3
MIN_SEASONAL_MONTHS = 24


@dataclass(frozen=True, slots=True)
class VolumeModel:
    """Expected tickets per month: ``level * (1 + growth)^(months after anchor) * seasonal``."""

    level: float
    anchor: date
    growth: float
    method: str
    seasonal: tuple[float, ...] = (1.0,) * 12
    sigma: float = 0.0
    n: int = 0
    t_mean: float = 0.0
    sxx: float = 0.0
    trend_fitted: bool = False

    def expected(self, month: date) -> float:
        steps = months_between(self.anchor, month)
        return self.level * (1 + self.growth) ** steps * self.seasonal[month.month - 1]

    def log_sd(self, month: date) -> float:
        """The standard deviation of log volume predicted for ``month`` (0: no band)."""
        if self.sigma == 0 or self.n == 0:
            return 0.0
        spread = 1 + 1 / self.n
        if self.trend_fitted and self.sxx > 0:
            t = self.n - 1 + months_between(self.anchor, month)
            spread += (t - self.t_mean) ** 2 / self.sxx
        return self.sigma * math.sqrt(spread)

    def band(self, month: date, z: float) -> tuple[float, float]:
        expected, sd = self.expected(month), self.log_sd(month)
        return expected * math.exp(-z * sd), expected * math.exp(z * sd)


def months_between(start: date, end: date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month


def add_months(month: date, steps: int) -> date:
    index = month.year * 12 + month.month - 1 + steps
    return date(index // 12, index % 12 + 1, 1)


def fit_volume(
    monthly: Mapping[str, int],
    *,
    declared: float | None = None,
    growth: float | None = None,
    now: date,
) -> VolumeModel:
    """The volume model from ``YYYY-MM -> tickets`` counts and the charter's declarations."""
    months = sorted(monthly)
    full = months[1:-1] if len(months) >= MIN_TREND_MONTHS else months
    counts = np.asarray([max(monthly[m], 1) for m in full], dtype=float)
    firsts = [date.fromisoformat(f"{m}-01") for m in full]
    this_month = now.replace(day=1)
    if len(full) < MIN_TREND_MONTHS:
        return _short(counts, firsts, declared, growth, this_month)
    seasonal = _seasonal(counts, firsts) if len(full) >= MIN_SEASONAL_MONTHS else (1.0,) * 12
    index = np.asarray([seasonal[d.month - 1] for d in firsts])
    y = np.log(counts / index)
    t = np.arange(len(y), dtype=float)
    t_mean, sxx = float(t.mean()), float(((t - t.mean()) ** 2).sum())
    slope = float(((t - t_mean) * (y - y.mean())).sum() / sxx)
    intercept = float(y.mean() - slope * t_mean)
    residuals = y - (intercept + slope * t)
    sigma = float(math.sqrt((residuals**2).sum() / (len(y) - 2))) if len(y) > 2 else 0.0
    window = f"{full[0]}..{full[-1]}"
    season = (
        "with seasonality (ratio to 12-month moving average)"
        if seasonal != (1.0,) * 12
        else (f"no seasonality (under {MIN_SEASONAL_MONTHS} full months)")
    )
    fitted_growth = math.exp(slope) - 1
    trend = (
        f"growth {growth:+.1%}/month declared in [budget] growth"
        if growth is not None
        else f"trend {fitted_growth:+.1%}/month fitted"
    )
    if declared is not None:
        level, anchor = declared, add_months(this_month, -1)
        origin = f"level {declared:,.0f}/month declared in [baseline] monthly_volume"
    else:
        level, anchor = math.exp(intercept + slope * (len(y) - 1)), firsts[-1]
        origin = f"level {level:,.0f}/month at {full[-1]} (fitted)"
    method = (
        f"{origin}; {trend} on log volume over {len(full)} full months {window}; {season}; "
        f"band: prediction interval, residual sd {sigma:.3f} (log scale)"
    )
    return VolumeModel(
        level=level,
        anchor=anchor,
        growth=fitted_growth if growth is None else growth,
        method=method,
        seasonal=seasonal,
        sigma=sigma,
        n=len(y),
        t_mean=t_mean,
        sxx=sxx,
        trend_fitted=growth is None and declared is None,
    )


def _short(
    counts: np.ndarray,
    firsts: list[date],
    declared: float | None,
    growth: float | None,
    this_month: date,
) -> VolumeModel:
    """Under three full months: the declared or mean level, the declared growth or none."""
    rate = growth or 0.0
    grows = f"growth {rate:+.1%}/month" + (" declared in [budget] growth" if growth else "")
    if declared is not None:
        return VolumeModel(
            declared,
            add_months(this_month, -1),
            rate,
            f"level {declared:,.0f}/month declared in [baseline] monthly_volume; {grows}; "
            "no volume band (nothing measured)",
        )
    if counts.size == 0:
        raise TicketpilotError(
            "no monthly volume to forecast from: import ticket history "
            "(`ticketpilot import`) or declare [baseline] monthly_volume in ticketpilot.toml"
        )
    level = float(counts.mean())
    return VolumeModel(
        level,
        firsts[-1],
        rate,
        f"level {level:,.0f}/month, the mean of {counts.size} month(s) "
        f"{firsts[0]:%Y-%m}..{firsts[-1]:%Y-%m} (too few for a trend); {grows}; no volume band",
    )


def _seasonal(counts: np.ndarray, firsts: list[date]) -> tuple[float, ...]:
    """Mean ratio of each calendar month to the centred 2x12 moving average, mean 1."""
    weights = np.asarray([0.5] + [1.0] * 11 + [0.5]) / 12
    average = np.convolve(counts, weights, mode="valid")  # centred on months 6 .. n-7
    ratios: dict[int, list[float]] = {}
    for i, value in enumerate(average):
        month = firsts[i + 6].month
        ratios.setdefault(month, []).append(float(counts[i + 6] / value))
    index = np.asarray([np.mean(ratios[m]) if m in ratios else 1.0 for m in range(1, 13)])
    return tuple(float(v) for v in index / index.mean())
