"""Satisfaction ratings on one scale: 1..5, with good/bad surveys stored as 5 and 1.

Helpdesks rate differently (Zendesk good/bad, Freshdesk and Intercom 1..5), and generic exports
use 1..5, 1..10, 0..100 or 0/1. Storing every rating on 1..5 keeps the comparable figure -- the
share of satisfied customers, rated 4-5 or good -- right across helpdesks and across a
migration between them. A rating outside its file's scale, or not a finite number, is an error
(:class:`RatingOutOfRangeError`), never stored: one ``70`` on a 1..5 scale would move the mean.
"""

from __future__ import annotations

import math
from typing import Any

from ticketpilot.errors import RecordError

GOOD = 5.0
BAD = 1.0
_WORDS: dict[str, float | None] = {"good": GOOD, "bad": BAD, "offered": None, "unoffered": None}

CSAT_SCALES: dict[str, tuple[float, float]] = {
    "1-5": (1.0, 5.0),
    "1-10": (1.0, 10.0),
    "0-100": (0.0, 100.0),
    "good-bad": (0.0, 1.0),
}
"""The scales a file may rate on, with their bounds; ``good-bad`` is 0 (bad) and 1 (good) or
the words. Every one is stored on 1..5 (:func:`rating`)."""
SCALE_NAMES = {"1-5": "1..5", "1-10": "1..10", "0-100": "0..100", "good-bad": "good/bad (0/1)"}


class RatingOutOfRangeError(RecordError):
    """A number that is not a rating on its scale: outside it, or not finite."""


def csat_value(value: Any) -> float | None:
    """A 1..5 rating, ``None`` when unrated; ValueError for a value that is not a rating."""
    return rating(value, "1-5")


def rating(value: Any, scale: str) -> float | None:
    """``value`` on ``scale`` (a key of :data:`CSAT_SCALES`) as a 1..5 rating; ``None`` when
    unrated. ValueError for a value that is not a rating, :class:`RatingOutOfRangeError` for a number
    outside the scale or not finite. The words good/bad are 5 and 1 on every scale."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a rating")
    if isinstance(value, int | float):
        return _on_scale(float(value), scale, value)
    text = str(value).strip().lower()
    if not text:
        return None
    for word, score in _WORDS.items():
        if text.startswith(word):
            return score
    try:
        number = float(text)
    except ValueError:
        raise ValueError(f"{value!r} is not a number or good/bad") from None
    return _on_scale(number, scale, value)


def _on_scale(number: float, scale: str, value: Any) -> float:
    if not math.isfinite(number):
        raise RatingOutOfRangeError(f"{value!r} is not a finite number")
    low, high = CSAT_SCALES[scale]
    if not low <= number <= high:
        raise RatingOutOfRangeError(f"{number:g} is outside the file's {SCALE_NAMES[scale]} scale")
    if scale == "1-5":
        return number
    return 1.0 + (number - low) * 4.0 / (high - low)
