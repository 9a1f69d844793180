"""The one-sided Bernoulli CUSUM for a drop in a rate, over daily counts, many series at once.

Each event adds its log-likelihood ratio of "rate p1" against "rate p0" (p1 < p0): an accepted
draft adds ``log(p1/p0)`` (negative), a rejected one ``log((1-p1)/(1-p0))`` (positive). A day
adds the sum over its events, and the statistic is ``S_t = max(0, S_{t-1} + x_t)``: it stays at
zero while the rate holds and climbs once it falls. An alarm is ``S_t > h``; the change is dated
to the day after the statistic last stood at zero (its last reset), the CUSUM's own estimate of
when the drop began (Page 1954; Montgomery, *Statistical Quality Control*, ch. 9).

Every function takes a leading axis of series (one per simulation run, or per category), so a
hundred runs or a dozen categories cost one pass over the days.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

#: Rates are kept inside this band so that log-likelihood ratios stay finite.
RATE_FLOOR = 0.01


def drop_design(p0: FloatArray, min_drop: float) -> tuple[FloatArray, FloatArray]:
    """The in-control rate (clipped) and the rate to detect: ``p0 - min_drop``, at most halved."""
    base = np.clip(np.asarray(p0, dtype=np.float64), RATE_FLOOR, 1.0 - RATE_FLOOR)
    return base, np.maximum(base - min_drop, base / 2.0)


def llr_weights(p0: FloatArray, p1: FloatArray) -> tuple[FloatArray, FloatArray]:
    """What one accepted and one rejected event add to the statistic, per series."""
    return np.log(p1 / p0), np.log((1.0 - p1) / (1.0 - p0))


def increments(
    n: npt.NDArray[np.integer] | FloatArray,
    accepted: npt.NDArray[np.integer] | FloatArray,
    p0: FloatArray,
    p1: FloatArray,
) -> FloatArray:
    """Daily increments ``x[s, t]`` from daily events ``n`` and acceptances, shape (S, D)."""
    w_accept, w_reject = llr_weights(p0, p1)
    a = np.asarray(accepted, dtype=np.float64)
    rejected = np.asarray(n, dtype=np.float64) - a
    return a * w_accept[:, None] + rejected * w_reject[:, None]


@dataclass(frozen=True)
class Trace:
    """The statistic of S series over D days, and where it crossed its threshold.

    After an alarm the statistic restarts from zero, so a drop that persists alarms again;
    ``path`` holds each day's value before any restart, so zeros in it are genuine resets.
    """

    path: FloatArray
    alarm: BoolArray

    def first_alarm(self) -> IntArray:
        """The day index of each series' first alarm, -1 where none."""
        hit = self.alarm.any(axis=1)
        return np.where(hit, self.alarm.argmax(axis=1), -1).astype(np.int64)

    def change_start(self, at: IntArray) -> IntArray:
        """For alarms at day ``at``: the day after the last reset before it (-1 where at < 0)."""
        days = self.path.shape[1]
        zero_at = np.where(self.path == 0.0, np.arange(days)[None, :], -1)
        last_zero = np.maximum.accumulate(zero_at, axis=1)
        before = np.take_along_axis(last_zero, np.maximum(at - 1, 0)[:, None], axis=1)[:, 0]
        start = np.where(at > 0, before + 1, 0)
        return np.where(at >= 0, start, -1).astype(np.int64)


def run_cusum(x: FloatArray, threshold: FloatArray) -> Trace:
    """The CUSUM of increments ``x`` (S, D) against per-series thresholds (S,)."""
    series, days = x.shape
    path = np.empty((series, days))
    alarm = np.zeros((series, days), dtype=np.bool_)
    stat = np.zeros(series)
    for t in range(days):
        np.add(stat, x[:, t], out=stat)
        np.maximum(stat, 0.0, out=stat)
        path[:, t] = stat
        alarm[:, t] = stat > threshold
        stat[alarm[:, t]] = 0.0
    return Trace(path, alarm)


@dataclass(frozen=True, slots=True)
class Episode:
    """One drop: from its estimated start, through its alarms, until the statistic resets."""

    start: int
    first_alarm: int
    last_alarm: int
    ended: int | None  # the day the statistic next stood at zero; None while it is still high


def episodes(path: FloatArray, alarm: BoolArray) -> list[Episode]:
    """The alarm episodes of one series: alarms with no genuine reset between them are one."""
    found: list[Episode] = []
    last_zero = -1
    current: Episode | None = None
    for t, (value, alarmed) in enumerate(zip(path.tolist(), alarm.tolist(), strict=True)):
        if alarmed:
            if current is None:
                current = Episode(last_zero + 1, t, t, None)
            else:
                current = Episode(current.start, current.first_alarm, t, None)
        elif value == 0.0:
            last_zero = t
            if current is not None:
                found.append(Episode(current.start, current.first_alarm, current.last_alarm, t))
                current = None
    if current is not None:
        found.append(current)
    return found
