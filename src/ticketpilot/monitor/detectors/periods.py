"""Calendar periods of ticket texts (Monday weeks or months), and bounded samples of them."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Literal

import numpy as np
import numpy.typing as npt

from ticketpilot.monitor.frame import TextFrame, day_date, month_of, month_start

Rows = npt.NDArray[np.int64]
Period = Literal["week", "month"]
#: Day number of Monday 1970-01-05: weeks start on Mondays.
MONDAY = 4


def period_of(days: npt.NDArray[np.int32], period: Period) -> npt.NDArray[np.int64]:
    """The period number of each day (weeks since 1970-01-05, or months since 1970-01)."""
    if period == "month":
        return month_of(days)
    weeks: npt.NDArray[np.int64] = (days.astype(np.int64) - MONDAY) // 7
    return weeks


def period_start(index: int, period: Period) -> date:
    return month_start(index) if period == "month" else day_date(MONDAY + 7 * index)


def period_label(index: int, period: Period) -> str:
    """``2024-04`` for a month, ``2024-W15`` for a week (ISO numbering)."""
    start = period_start(index, period)
    if period == "month":
        return f"{start:%Y-%m}"
    year, week, _ = start.isocalendar()
    return f"{year}-W{week:02d}"


def period_end(index: int, period: Period) -> date:
    if period == "week":
        return period_start(index, period) + timedelta(days=6)
    return month_start(index + 1) - timedelta(days=1)


def periods(
    texts: TextFrame, period: Period, min_texts: int
) -> tuple[npt.NDArray[np.int64], list[int]]:
    """Each text's period, and the periods (ascending) holding at least ``min_texts`` texts."""
    of = period_of(texts.day, period)
    found, counts = np.unique(of, return_counts=True)
    return of, [int(m) for m, c in zip(found, counts, strict=True) if c >= min_texts]


def sample(rows: Rows, limit: int, rng: np.random.Generator) -> Rows:
    """At most ``limit`` of ``rows``, drawn without replacement, in their original order."""
    if len(rows) <= limit:
        return rows
    return np.sort(rng.choice(rows, size=limit, replace=False))
