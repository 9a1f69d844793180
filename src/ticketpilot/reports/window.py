"""The period a report covers: ``[start, end)`` in naive UTC, and how it reads."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta


@dataclass(frozen=True)
class Window:
    start: datetime
    end: datetime

    @classmethod
    def last_days(cls, end: datetime, days: int) -> Window:
        """The ``days`` whole days up to and including ``end``'s day."""
        stop = datetime.combine(end.date() + timedelta(days=1), datetime.min.time())
        return cls(stop - timedelta(days=days), stop)

    @classmethod
    def month_of(cls, when: datetime) -> Window:
        """The calendar month holding ``when``."""
        first = when.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
        following = (first + timedelta(days=32)).replace(day=1)
        return cls(first, following)

    def holds(self, day: date) -> bool:
        return self.start.date() <= day < self.end.date()

    def describe(self) -> str:
        last = (self.end - timedelta(days=1)).date()
        return f"{self.start:%Y-%m-%d} to {last:%Y-%m-%d} (UTC)"
