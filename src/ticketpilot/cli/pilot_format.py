"""How the pilot's console tables write a figure: shares, changes, percent points, intervals."""

from __future__ import annotations

import math
from collections.abc import Callable

from ticketpilot.pilot.intervals import Interval

Show = Callable[[float], str]


def percent(value: float | None) -> str:
    """``61.2%``."""
    return "n/a" if value is None or math.isnan(value) else f"{value:.1%}"


def change(value: float | None) -> str:
    """``+12.0%``: a relative change."""
    return "n/a" if value is None or math.isnan(value) else f"{value:+.1%}"


def points(value: float | None) -> str:
    """``61.2``: a share in percent, without the sign (the column header carries it)."""
    return "n/a" if value is None or math.isnan(value) else f"{value * 100:.1f}"


def signed_points(value: float | None) -> str:
    """``+12.0``: a change in percent, without the sign."""
    return "n/a" if value is None or math.isnan(value) else f"{value * 100:+.1f}"


def span(interval: Interval | None, show: Show, *, unbounded: str | None = "none") -> str:
    """``low..high`` in the figure's format; an infinite end reads ``unbounded``, or the whole
    interval "n/a" when ``unbounded`` is ``None``."""
    if interval is None or math.isnan(interval.low) or math.isnan(interval.high):
        return "n/a"
    if unbounded is None and (math.isinf(interval.low) or math.isinf(interval.high)):
        return "n/a"

    def end(value: float) -> str:
        return str(unbounded) if math.isinf(value) else show(value)

    return f"{end(interval.low)}..{end(interval.high)}"
