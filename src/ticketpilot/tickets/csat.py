"""Satisfaction ratings on one scale: 1..5, with good/bad surveys stored as 5 and 1.

Helpdesks rate differently (Zendesk good/bad, Freshdesk and Intercom 1..5). Storing a binary
"good" as 5 and "bad" as 1 keeps the comparable figure -- the share of satisfied customers,
rated 4-5 or good -- right across helpdesks and across a migration between them.
"""

from __future__ import annotations

from typing import Any

GOOD = 5.0
BAD = 1.0
_WORDS: dict[str, float | None] = {"good": GOOD, "bad": BAD, "offered": None, "unoffered": None}


def csat_value(value: Any) -> float | None:
    """A 1..5 rating, ``None`` when unrated; ValueError for a value that is not a rating."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a rating")
    if isinstance(value, int | float):
        return float(value)
    text = str(value).strip().lower()
    if not text:
        return None
    for word, rating in _WORDS.items():
        if text.startswith(word):
            return rating
    try:
        return float(text)
    except ValueError:
        raise ValueError(f"{value!r} is not a number or good/bad") from None
