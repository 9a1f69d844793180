"""The CUSUM threshold, calibrated by simulating the workspace's own reference period.

A textbook threshold assumes a known in-control rate and independent events. Real feedback
has neither: the reference rate is an estimate from a few weeks, and whole days run better or
worse than the rate alone explains (another shift, another ticket mix). So the threshold comes
from simulating the reference itself, series by series:

1. fit the reference: its pooled rate ``p``, its daily volumes, and the between-day variance of
   the daily rate beyond binomial noise ``tau^2`` (the method-of-moments estimate used for
   proportions in meta-analysis: ``(Q - (D-1) p (1-p)) / (N - sum n_d^2 / N)``);
2. simulate many in-control histories. Each path draws its own day-to-day spread from what a
   few weeks of reference allow (the confidence distribution of a variance, see
   :func:`_path_variances`), then days with a reference day's volume and a day rate of mean
   ``p`` and that spread: first a whole reference period, whose estimate ``p*`` the path's
   CUSUM then uses (so the estimation error of a real reference is simulated too), then
   ``horizon`` monitored days;
3. every excursion of the statistic (zero to zero) that rises above a threshold is one false
   alarm, so the threshold is the level that ``horizon / ARL`` excursions per path exceed on
   average. It is read from an exponential fitted to the highest simulated excursions (a
   CUSUM's tail is exponential, Siegmund 1985) rather than from a few extreme draws.

Daily acceptance counts are drawn exactly (beta-binomial) when a reference day can be small
(``n p (1-p) < 10``); otherwise from the normal with the same mean and variance, which is 10x
faster and indistinguishable at those volumes. How well the target holds is measured in
``tests/unit/test_monitor_calibration.py`` and reported in ``docs/monitoring.md``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ticketpilot.monitor.cusum import FloatArray, drop_design, llr_weights

IntArray = npt.NDArray[np.int64]

#: Below this ``n p (1-p)`` on some reference day, counts are drawn exactly.
NORMAL_ENOUGH = 10.0
#: Excursions kept per simulated path (more than one false alarm a year is far off target).
KEEP = 4
#: The level is read from an exponential fitted to this many of the highest excursions.
TAIL_COUNT = 200


@dataclass(frozen=True)
class InControl:
    """What the reference period says about each series when nothing has changed."""

    rate: FloatArray
    extra_var: FloatArray
    volumes: IntArray
    accepted: IntArray
    events: IntArray

    @property
    def exact(self) -> npt.NDArray[np.bool_]:
        """Series whose counts must be drawn exactly (some reference day is small)."""
        busy = np.where(self.volumes > 0, self.volumes, np.iinfo(np.int64).max)
        smallest = busy.min(axis=1).astype(np.float64)
        small: npt.NDArray[np.bool_] = smallest * self.rate * (1.0 - self.rate) < NORMAL_ENOUGH
        return small


def extra_variance(
    n: npt.NDArray[np.int64], accepted: npt.NDArray[np.int64]
) -> tuple[FloatArray, FloatArray]:
    """Pooled rate and between-day variance beyond binomial, over the last axis (days)."""
    nf = n.astype(np.float64)
    total = nf.sum(axis=-1)
    rate = np.where(total > 0, accepted.sum(axis=-1) / np.maximum(total, 1.0), 0.0)
    day_rate = np.where(n > 0, accepted / np.maximum(nf, 1.0), 0.0)
    q = (nf * (day_rate - rate[..., None]) ** 2).sum(axis=-1)
    busy_days = (n > 0).sum(axis=-1)
    spread = total - (nf**2).sum(axis=-1) / np.maximum(total, 1.0)
    excess = q - np.maximum(busy_days - 1, 0) * rate * (1.0 - rate)
    extra = np.where(spread > 0, np.maximum(excess, 0.0) / np.maximum(spread, 1e-12), 0.0)
    return rate, extra


def fit_in_control(n: IntArray, accepted: IntArray) -> InControl:
    """Fit each series' reference days (S, D): pooled rate, extra variance, the days."""
    n = np.asarray(n, dtype=np.int64)
    a = np.asarray(accepted, dtype=np.int64)
    rate, extra = extra_variance(n, a)
    return InControl(rate, extra, n, a, n.sum(axis=1))


def _draw_accepted(
    rng: np.random.Generator,
    n: IntArray,
    rate: FloatArray,
    var: FloatArray,
    exact: npt.NDArray[np.bool_],
) -> FloatArray:
    """One simulated day per (series, path): acceptances given the day's volume ``n``.

    ``rate`` is per series (S, 1), ``var`` the day-rate variance per path (S, P).
    """
    nf = n.astype(np.float64)
    sd = np.sqrt(nf * rate * (1.0 - rate) + nf * (nf - 1.0) * var)
    out: FloatArray = np.clip(nf * rate + sd * rng.standard_normal(n.shape), 0.0, nf)
    if exact.any():
        rows = np.flatnonzero(exact)
        p = np.broadcast_to(rate[rows], n[rows].shape)
        v = var[rows]
        k = np.where(v > 0, p * (1.0 - p) / np.maximum(v, 1e-12) - 1.0, 0.0)
        mixed = k > 0
        day_p = np.where(
            mixed,
            rng.beta(np.maximum(p * k, 1e-6), np.maximum((1.0 - p) * k, 1e-6)),
            p,
        )
        out[rows] = rng.binomial(n[rows], day_p)
    return out


def _path_variances(rng: np.random.Generator, model: InControl, paths: int) -> FloatArray:
    """Day-rate variance per simulated path, drawn from what the reference allows.

    The reference's dispersion ``phi`` (its day-to-day spread over binomial noise, ``Q/(D-1)``
    over ``p(1-p)``) is known from a few weeks only: ``phi_hat ~ phi chi2(D-1)/(D-1)``. Each
    path takes ``phi = phi_hat (D-1) / chi2(D-1)`` (at least 1, pure binomial), the confidence
    distribution of a variance, so an underestimated spread cannot set the threshold too low.
    """
    n = model.volumes.astype(np.float64)
    total = np.maximum(n.sum(axis=1), 1.0)
    busy = (model.volumes > 0).sum(axis=1)
    dof = np.maximum(busy - 1, 1).astype(np.float64)
    binomial = np.maximum(model.rate * (1.0 - model.rate), 1e-12)
    spread = np.maximum(total - (n**2).sum(axis=1) / total, 1e-12)
    phi_hat = 1.0 + model.extra_var * spread / (dof * binomial)
    phi = phi_hat[:, None] * dof[:, None] / rng.chisquare(dof[:, None], size=(len(dof), paths))
    extra: FloatArray = np.maximum(phi - 1.0, 0.0) * (dof * binomial / spread)[:, None]
    return extra


def simulated_excursions(
    model: InControl,
    min_drop: float,
    rng: np.random.Generator,
    *,
    paths: int = 1000,
    horizon: int = 365,
    keep: int = KEEP,
) -> FloatArray:
    """The ``keep`` highest excursions of the in-control CUSUM in each simulated path.

    An excursion runs from one zero of the statistic to the next; each one that rises above a
    threshold is one false alarm. Shape (S, paths * keep); unused slots hold 0.
    """
    series, ref_days = model.volumes.shape
    exact = model.exact
    rate = model.rate[:, None]
    var = _path_variances(rng, model, paths)

    def day() -> tuple[FloatArray, FloatArray]:
        pick = rng.integers(0, ref_days, size=(series, paths))
        n = np.take_along_axis(model.volumes, pick, axis=1)
        return n.astype(np.float64), _draw_accepted(rng, n, rate, var, exact)

    ref_n = np.zeros((series, paths))
    ref_a = np.zeros((series, paths))
    for _ in range(ref_days):
        n, a = day()
        ref_n += n
        ref_a += a
    p0, p1 = drop_design(ref_a / np.maximum(ref_n, 1.0), min_drop)
    w_accept, w_reject = llr_weights(p0, p1)
    stat = np.zeros((series, paths))
    peak = np.zeros((series, paths))
    top = np.zeros((series, paths, keep))
    for t in range(horizon):
        n, a = day()
        stat += a * w_accept + (n - a) * w_reject
        np.maximum(stat, 0.0, out=stat)
        np.maximum(peak, stat, out=peak)
        if t == horizon - 1:
            stat[:] = 0.0  # close the excursions still open
        _keep_ended(top, peak, stat == 0.0)
    return top.reshape(series, paths * keep)


def _keep_ended(top: FloatArray, peak: FloatArray, ended: npt.NDArray[np.bool_]) -> None:
    """Move the peaks of ended excursions into each path's top list (replacing its lowest)."""
    ended &= peak > 0.0
    if not ended.any():
        return
    s, p = np.nonzero(ended)
    lowest = top[s, p].argmin(axis=1)
    top[s, p, lowest] = np.maximum(top[s, p, lowest], peak[s, p])
    peak[s, p] = 0.0


def rate_level(excursions: FloatArray, alarms_per_path: float, keep: int = KEEP) -> FloatArray:
    """Per series, the level that ``alarms_per_path`` excursions per path exceed on average.

    The level is read from an exponential fitted to the highest excursions (the CUSUM's tail
    is exponential, Siegmund 1985), not from the few most extreme draws alone.
    """
    paths = excursions.shape[1] / keep
    wanted = alarms_per_path * paths
    ranked = -np.sort(-excursions, axis=1)
    if wanted >= TAIL_COUNT:
        level: FloatArray = ranked[:, int(wanted) - 1]
        return level
    base = ranked[:, TAIL_COUNT - 1]
    scale = (ranked[:, : TAIL_COUNT - 1] - base[:, None]).mean(axis=1)
    level = base + np.maximum(scale, 1e-9) * np.log(TAIL_COUNT / max(wanted, 1e-9))
    return np.asarray(level, dtype=np.float64)


@dataclass(frozen=True)
class Calibration:
    """The thresholds of S series and how they were found."""

    threshold: FloatArray
    arl_days: float
    horizon: int
    paths: int

    def describe(self) -> str:
        return (
            f"threshold simulated from the reference period ({self.paths:,} in-control "
            f"histories of {self.horizon} days with the reference's volumes, rate, day-to-day "
            f"spread and estimation error) for one false alarm per {self.arl_days:,.0f} days"
        )


def calibrate(
    model: InControl,
    min_drop: float,
    arl_days: float,
    rng: np.random.Generator,
    *,
    paths: int = 1000,
    horizon: int = 365,
) -> Calibration:
    """Thresholds giving an average of ``arl_days`` in-control days between false alarms."""
    excursions = simulated_excursions(model, min_drop, rng, paths=paths, horizon=horizon)
    return Calibration(rate_level(excursions, horizon / arl_days), arl_days, horizon, paths)
