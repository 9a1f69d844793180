"""Watching a rate for a drop: reference fit, calibrated threshold and CUSUM, many series at once.

:func:`watch_drop` is what the acceptance detector runs on one workspace (one series for the
whole stream, one per category) and what the validation tests run on a hundred simulated pilots
at once: the same code either way.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ticketpilot.monitor.calibration import Calibration, InControl, calibrate, fit_in_control
from ticketpilot.monitor.cusum import (
    FloatArray,
    IntArray,
    Trace,
    drop_design,
    increments,
    run_cusum,
)

Counts = npt.NDArray[np.integer]


@dataclass(frozen=True)
class DropSettings:
    """How a drop is watched for: reference length, the drop to detect, the false-alarm target.

    ``min_drop`` is the CUSUM's design shift (the drop it is tuned to catch fastest); smaller
    drops are caught too, more slowly. ``arl_days`` is the average number of in-control days
    between false alarms that the threshold is calibrated to.
    """

    reference_days: int = 28
    min_drop: float = 0.08
    arl_days: float = 7300.0
    paths: int = 1000
    horizon: int = 365
    min_reference_events: int = 200
    seed: int = 7


@dataclass(frozen=True)
class DropWatch:
    """S series watched over D days: the reference fit, thresholds and the CUSUM trace.

    Day indexes count from the first day of the input; the trace covers the days after the
    reference, so trace day ``i`` is input day ``reference_days + i``.
    """

    settings: DropSettings
    model: InControl
    p0: FloatArray
    p1: FloatArray
    calibration: Calibration
    trace: Trace

    @property
    def offset(self) -> int:
        return self.settings.reference_days

    @property
    def watched(self) -> npt.NDArray[np.bool_]:
        """Series with enough reference events to be watched at all."""
        return np.asarray(self.model.events >= self.settings.min_reference_events)

    def first_alarm(self) -> IntArray:
        """Input day index of each series' first alarm (-1: none, or not watched)."""
        at = self.trace.first_alarm()
        return np.where((at >= 0) & self.watched, at + self.offset, -1).astype(np.int64)

    def change_start(self) -> IntArray:
        """Input day index where each first alarm's drop began (its CUSUM's last reset + 1)."""
        at = self.trace.first_alarm()
        start = self.trace.change_start(np.where(self.watched, at, -1))
        return np.where(start >= 0, start + self.offset, -1).astype(np.int64)


def watch_drop(n: Counts, accepted: Counts, settings: DropSettings) -> DropWatch:
    """Fit the first ``reference_days`` of each series (S, D), calibrate, and run the CUSUM."""
    counts: IntArray = n.astype(np.int64)
    a: IntArray = accepted.astype(np.int64)
    ref = settings.reference_days
    model = fit_in_control(counts[:, :ref], a[:, :ref])
    rng = np.random.default_rng(settings.seed)
    calibration = calibrate(
        model,
        settings.min_drop,
        settings.arl_days,
        rng,
        paths=settings.paths,
        horizon=settings.horizon,
    )
    p0, p1 = drop_design(model.rate, settings.min_drop)
    trace = run_cusum(increments(counts[:, ref:], a[:, ref:], p0, p1), calibration.threshold)
    return DropWatch(settings, model, p0, p1, calibration, trace)
