"""How many units a decision needs, and how many days that is at the current ticket volume.

An estimate whose variance is ``v / N`` after ``N`` units (``v``: the per-unit variance) shows a
true distance ``delta`` from the decision threshold with probability ``power`` when

* fixed sample (one look):  ``delta / sqrt(v / N) = z(1 - alpha/2) + z(power)``, so
  ``N = (z(1 - alpha/2) + z(power))^2 v / delta^2`` - the textbook formula GrowthBook's power
  calculator solves;
* always-valid interval (daily looks): ``delta = (k(N) + z(power)) sqrt(v / N)`` where ``k(N)``
  is the confidence sequence's multiplier (:func:`~ticketpilot.pilot.sequential.multiplier`),
  solved for the smallest ``N`` by bisection. This is the one the status uses, because the
  status decides on the always-valid interval.

Days left = ``ceil((N_needed - N_now) / units per day so far)``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

from ticketpilot.errors import PilotError
from ticketpilot.pilot.intervals import z_value
from ticketpilot.pilot.sequential import multiplier

#: beyond this many units a decision is called out of reach rather than projected
MAX_UNITS = 10**9


def fixed_sample_size(delta: float, unit_variance: float, alpha: float, power: float) -> int:
    """Units for one fixed-sample look to show ``delta`` with ``power`` at level ``alpha``."""
    _check(delta, unit_variance, power)
    z = z_value(alpha) + NormalDist().inv_cdf(power)
    return max(2, math.ceil(z * z * unit_variance / (delta * delta)))


def sequential_sample_size(
    delta: float, unit_variance: float, alpha: float, power: float, tuning: float
) -> int | None:
    """Units for the always-valid interval to clear the threshold with ``power``.

    ``None`` when more than :data:`MAX_UNITS` would be needed.
    """
    _check(delta, unit_variance, power)
    z_power = NormalDist().inv_cdf(power)

    def enough(n: int) -> bool:
        return (float(multiplier(n, alpha, tuning)) + z_power) * math.sqrt(
            unit_variance / n
        ) <= delta

    low = 1
    high = max(2, fixed_sample_size(delta, unit_variance, alpha, power))
    while not enough(high):
        low, high = high, high * 2
        if high > MAX_UNITS:
            return None
    while high - low > 1:  # (k(n) + z) / sqrt(n) falls as n grows, so bisection is exact
        middle = (low + high) // 2
        if enough(middle):
            high = middle
        else:
            low = middle
    return high


def days_left(needed: int | None, current: int, per_day: float) -> int | None:
    """Whole days until ``needed`` units at ``per_day`` (``None`` when unknown or unreachable)."""
    if needed is None or per_day <= 0:
        return None
    return max(0, math.ceil((needed - current) / per_day))


@dataclass(frozen=True)
class SampleSize:
    """What one criterion needs: units (fixed and always-valid), what it has, and days left."""

    delta: float
    unit_variance: float
    fixed_n: int
    sequential_n: int | None
    current_n: int
    per_day: float
    days_left: int | None

    def as_dict(self) -> dict[str, object]:
        return {
            "delta": round(self.delta, 6),
            "unit_variance": round(self.unit_variance, 6),
            "fixed_n": self.fixed_n,
            "sequential_n": self.sequential_n,
            "current_n": self.current_n,
            "per_day": round(self.per_day, 3),
            "days_left": self.days_left,
            "method": "n = (z(1-a/2) + z(power))^2 v / delta^2 for one look; the always-valid "
            "n solves delta = (k(n) + z(power)) sqrt(v/n); days at the units per day so far",
        }


def sample_size(
    delta: float,
    unit_variance: float,
    *,
    current_n: int,
    per_day: float,
    alpha: float,
    power: float,
    tuning: float,
) -> SampleSize:
    """Both sample sizes for ``delta`` and the days the always-valid one still needs."""
    needed = sequential_sample_size(delta, unit_variance, alpha, power, tuning)
    return SampleSize(
        delta=delta,
        unit_variance=unit_variance,
        fixed_n=fixed_sample_size(delta, unit_variance, alpha, power),
        sequential_n=needed,
        current_n=current_n,
        per_day=per_day,
        days_left=days_left(needed, current_n, per_day),
    )


def _check(delta: float, unit_variance: float, power: float) -> None:
    if not delta > 0:
        raise PilotError(f"effect to detect = {delta!r}: must be positive")
    if not unit_variance > 0:
        raise PilotError(f"per-unit variance = {unit_variance!r}: must be positive")
    if not 0.0 < power < 1.0:
        raise PilotError(f"power = {power!r}: must be between 0 and 1")
