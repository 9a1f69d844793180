"""Always-valid intervals: look at the pilot every day without inflating the error rate.

The asymptotic confidence sequence of Waudby-Smith, Arnold, Wu, Howard, Ramdas (2021, "Time-
uniform central limit theory and asymptotic confidence sequences", Theorem 2.2 with the normal
mixture boundary of Howard et al. 2021) - the one GrowthBook's gbstats ``SequentialTwoSidedTTest``
and Eppo use. For an estimate whose variance is ``sigma^2 / N`` after ``N`` units::

    half-width(N) = sigma * sqrt( 2 (N rho^2 + 1) / (N^2 rho^2) * ln( sqrt(N rho^2 + 1) / alpha ) )
    rho^2         = ( -2 ln(alpha) + ln(-2 ln(alpha) + 1) ) / N*

The interval holds at every ``N`` at once with probability about ``1 - alpha`` (asymptotically),
so a lead may read it after every day. ``N*`` (the tuning, ``[pilot] sequential_tuning``) is the
sample size at which it is narrowest relative to a fixed interval; GrowthBook uses 5,000 and
Eppo 10,000. Every function takes NumPy arrays as well as floats.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ticketpilot.errors import PilotError
from ticketpilot.pilot.intervals import Interval


def rho_squared(alpha: float, tuning: float) -> float:
    """The mixture variance that makes the sequence tightest at ``tuning`` units (gbstats eq.)."""
    if not 0.0 < alpha < 1.0:
        raise PilotError(f"alpha = {alpha!r}: must be between 0 and 1")
    if tuning <= 0:
        raise PilotError(f"sequential tuning = {tuning!r}: must be positive")
    return (-2.0 * math.log(alpha) + math.log(-2.0 * math.log(alpha) + 1.0)) / tuning


def multiplier(n_units: ArrayLike, alpha: float, tuning: float) -> NDArray[np.float64]:
    """The sequence's half-width in standard errors at ``n_units`` (a fixed interval's is z)."""
    n = np.asarray(n_units, dtype=float)
    r2 = rho_squared(alpha, tuning)
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = n * r2 + 1.0
        result = np.sqrt(2.0 * scale / (n * r2) * np.log(np.sqrt(scale) / alpha))
    return np.asarray(np.where(n > 0, result, np.inf), dtype=float)


def half_width(
    n_units: ArrayLike, variance_of_estimate: ArrayLike, alpha: float, tuning: float
) -> NDArray[np.float64]:
    """Half-width of the always-valid interval of an estimate with the given variance."""
    spread = np.sqrt(np.asarray(variance_of_estimate, dtype=np.float64))
    return np.asarray(multiplier(n_units, alpha, tuning) * spread, dtype=np.float64)


def always_valid_interval(
    estimate: float, variance_of_estimate: float, n_units: int, alpha: float, tuning: float
) -> Interval:
    """The confidence sequence at ``n_units``, centred on ``estimate``."""
    method = f"asymptotic confidence sequence {1 - alpha:.0%} (Waudby-Smith et al.; N*={tuning:g})"
    if n_units <= 0 or not variance_of_estimate >= 0:
        return Interval(math.nan, math.nan, method)
    half = float(half_width(n_units, variance_of_estimate, alpha, tuning))
    return Interval(estimate - half, estimate + half, method)


def always_valid_p_value(
    estimate: float,
    variance_of_estimate: float,
    n_units: int,
    alpha: float,
    tuning: float,
    null: float = 0.0,
) -> float:
    """The smallest level at which the sequence (with ``rho`` fixed by ``alpha``) excludes ``null``.

    Inverting the boundary: ``p = min(1, sqrt(N rho^2 + 1) * exp(-d^2 N rho^2 / (2 v (N rho^2 + 1))))``
    with ``d = estimate - null`` and ``v = N * variance`` (the per-unit variance).
    """
    if n_units <= 0 or not variance_of_estimate > 0:
        return math.nan
    r2 = rho_squared(alpha, tuning)
    scale = n_units * r2 + 1.0
    per_unit = variance_of_estimate * n_units
    exponent = -((estimate - null) ** 2) * n_units**2 * r2 / (2.0 * per_unit * scale)
    return float(min(1.0, math.sqrt(scale) * math.exp(exponent)))
