"""When tickets arrive and how long they take: volume, seasonality, resolution, CSAT.

Daily volume = weekday pattern x month season (a November/December peak with Black Friday and the
days after Christmas) x (1 + the drift topic's extra share). Resolution times are lognormal per
category, slowed by the peak backlog; first responses depend on the channel; CSAT falls as
resolution time grows (the playbook's "resolution time" and "CSAT" are linked on purpose).
"""

from __future__ import annotations

import itertools
import math
import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from ticketpilot.demo.catalog import DRIFT, Category

WEEKDAY = (1.25, 1.15, 1.10, 1.05, 1.00, 0.62, 0.55)
MONTH = (1.08, 0.92, 0.93, 0.95, 0.93, 0.86, 0.88, 0.91, 0.95, 1.00, 1.32, 1.50)
#: Arrivals per hour of day (UTC, one support region): business hours, a lunch dip, a late tail.
HOUR = (
    0.8,
    0.5,
    0.35,
    0.3,
    0.35,
    0.6,
    1.2,
    2.4,
    4.0,
    5.2,
    5.6,
    5.3,
    4.4,
    4.9,
    5.2,
    4.9,
    4.5,
    3.8,
    3.2,
    2.9,
    2.6,
    2.2,
    1.7,
    1.2,
)
PRIORITY_SPEED = {"low": 1.3, "normal": 1.0, "high": 0.65, "urgent": 0.35}
CHANNEL_SPEED = {"email": 1.15, "web": 1.0, "chat": 0.55, "phone": 0.5}
_HOUR_CUM = tuple(itertools.accumulate(HOUR))
_HOURS = tuple(range(24))
FIRST_RESPONSE_MEDIAN_H = {"email": 3.5, "web": 2.5, "chat": 0.08, "phone": 0.03}


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months (clamped to the month's last day)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def black_friday(year: int) -> date:
    """The Friday after the fourth Thursday of November."""
    first = date(year, 11, 1)
    thursday = first + timedelta(days=(3 - first.weekday()) % 7 + 21)
    return thursday + timedelta(days=1)


def drift_share(day: date, drift_start: date) -> float:
    """Share of the day's volume that is the drift topic: 0 before, a logistic rise, a slow fade."""
    days = (day - drift_start).days
    if days < 0:
        return 0.0
    rise = 1.0 / (1.0 + math.exp(-(days - DRIFT.ramp_days) / (DRIFT.ramp_days / 4)))
    fade = 1.0 if days < 120 else max(0.45, 1.0 - (days - 120) / 300)
    return DRIFT.peak_share * rise * fade


def is_peak(day: date) -> bool:
    """True in the November/December peak, when backlogs slow resolution."""
    return day.month in (11, 12)


@dataclass(frozen=True, slots=True)
class Day:
    """One calendar day of the history: its relative volume and its drift share."""

    day: date
    weight: float
    drift: float


def calendar(start: date, end: date, drift_start: date) -> list[Day]:
    """Every day in ``[start, end)`` with its volume weight."""
    days: list[Day] = []
    current = start
    while current < end:
        weight = WEEKDAY[current.weekday()] * MONTH[current.month - 1]
        bf = black_friday(current.year)
        if bf - timedelta(days=1) <= current <= bf + timedelta(days=4):
            weight *= 1.45
        if current.month == 12 and current.day >= 26:
            weight *= 1.35
        if current.month == 1 and current.day <= 10:
            weight *= 1.2
        share = drift_share(current, drift_start)
        days.append(Day(current, weight * (1.0 + share), share))
        current += timedelta(days=1)
    return days


def arrival(rng: random.Random, day: date) -> datetime:
    """A creation time within ``day``, shaped by the hour-of-day curve."""
    hour = rng.choices(_HOURS, cum_weights=_HOUR_CUM)[0]
    return datetime(day.year, day.month, day.day, hour, rng.randrange(60), rng.randrange(60))


def resolution_hours(
    rng: random.Random, category: Category, priority: str, channel: str, peak: bool, drift: bool
) -> float:
    """Hours from creation to resolution: lognormal around the category median."""
    median = DRIFT.median_hours if drift else category.median_hours
    hours = median * math.exp(category.sigma * rng.gauss(0.0, 1.0))
    hours *= PRIORITY_SPEED[priority] * CHANNEL_SPEED[channel] * (1.3 if peak else 1.0)
    return min(max(hours, 0.05), 24.0 * 45)


def first_response_hours(rng: random.Random, channel: str, peak: bool, resolution: float) -> float:
    """Hours to the first agent reply, never after the resolution."""
    hours = FIRST_RESPONSE_MEDIAN_H[channel] * math.exp(0.9 * rng.gauss(0.0, 1.0))
    hours *= 1.4 if peak else 1.0
    return min(hours, resolution * rng.uniform(0.3, 0.9))


def csat_score(rng: random.Random, hours: float, deflected: bool, drift: bool) -> int:
    """CSAT 1..5, lower when resolution took longer than the 18 h baseline."""
    latent = 4.25 - 0.55 * math.log(max(hours, 0.1) / 18.0) + rng.gauss(0.0, 0.85)
    latent -= (0.8 if deflected else 0.0) + (0.5 if drift else 0.0)
    return min(5, max(1, round(latent)))
