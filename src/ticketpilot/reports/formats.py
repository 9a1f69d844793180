"""How report numbers print: counts, shares, round axis ends."""

from __future__ import annotations

import math
from collections.abc import Callable

Formatter = Callable[[float], str]


def number(value: float) -> str:
    """``1,234`` whole or from 100 up, ``12.3`` from 10 up, ``0.42`` below (no trailing zeros)."""
    if value == int(value) or abs(value) >= 100:
        return f"{value:,.0f}"
    text = f"{value:,.1f}" if abs(value) >= 10 else f"{value:.2f}"
    return text.rstrip("0").rstrip(".")


def amount(value: float) -> str:
    """Money and other amounts at any scale: ``1,234``, ``12.5``, ``0.0042`` (two significant
    digits below 1, so an axis of small bills does not read 0, 0, 0.01)."""
    if value == 0:
        return "0"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 1:
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{value:.2g}"


def percent(value: float) -> str:
    """A 0..1 share as ``62.5%`` (``60%`` when whole, ``<0.1%`` when tiny but not zero)."""
    if 0 < value < 0.0005:
        return "<0.1%"
    return f"{value * 100:.1f}".rstrip("0").rstrip(".") + "%"


def nice_step(raw: float) -> float:
    """The round step (1, 2, 2.5, 5 x a power of ten) at or above ``raw``."""
    if raw <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw - 1e-12)


def nice_max(value: float) -> float:
    """The smallest round axis end at or above ``value`` (4 or 5 even ticks): 0.83 -> 1."""
    if value <= 0:
        return 1.0
    step = nice_step(value / 4)
    return math.ceil(value / step - 1e-9) * step
