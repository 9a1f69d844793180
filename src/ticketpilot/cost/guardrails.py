"""The budget's tiers as numbers: limits in ledger units, lanes, periods, the reasons recorded.

Pure rules, no store. A paid call goes down the first lane whose reservation fits:

* ``PRIMARY`` - the charter's model (and its fallback), while committed spend (settled +
  reserved) plus the call's largest possible cost stays at or under ``degrade`` (the degrade
  limit, or the hard limit when there is no cheaper model);
* ``DEGRADED`` - the cheaper ``degrade_model``, while it stays at or under ``hard``;
* ``HUMAN`` - no call; the ticket goes to a human with ``budget_exhausted``.

Lanes only move down within a period (a settle that frees a little money does not bring the
expensive model back), and a new period starts again at ``PRIMARY``. Raising the budget in the
charter lifts a lane that was closed under a lower hard limit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from enum import IntEnum
from typing import Literal

from ticketpilot.charter import Budget
from ticketpilot.cost.prices import to_units

Period = Literal["month", "week", "day"]

#: what the budget records on a draft (a flag) or a human fallback (a reason)
BUDGET_REASONS = {
    "budget_degraded": "the budget passed its degrade limit: drafted by the cheaper model",
    "budget_exhausted": "the budget's hard limit is reached: a human answers until the period ends",
    "budget_store_unreachable": "the budget store cannot be reached: no paid call without a "
    "reservation (fail closed)",
    "budget_unchecked": "the budget store cannot be reached and the charter says fail_open: "
    "drafted without a reservation",
}

#: the alerts a period records, each at most once
ALERT_KINDS = {
    "soft_limit": "committed spend reached the soft limit",
    "degraded": "the first call went to the cheaper model",
    "exhausted": "the hard limit is reached: human-only until the period ends",
    "store_unreachable": "the budget store could not be reached (calls refused meanwhile)",
    "over_reservation": "a call cost more than its reservation (the provider counted more tokens)",
}

_PERIOD_SHARE = {"month": Decimal(1), "week": Decimal(12) / 52, "day": Decimal(12) / 365}


class Lane(IntEnum):
    PRIMARY = 0
    DEGRADED = 1
    HUMAN = 2


@dataclass(frozen=True, slots=True)
class BudgetPolicy:
    """The budget of one period and its limits, in ledger units (see ``cost.prices``)."""

    budget: int
    soft: int
    degrade: int
    hard: int
    period: Period = "month"
    fail_open: bool = False

    @classmethod
    def from_charter(cls, budget: Budget, *, has_degrade_model: bool) -> BudgetPolicy:
        """Limits from ``[budget]``; week and day budgets are the monthly one x 12/52 or 12/365."""
        amount = Decimal(repr(float(budget.monthly))) * _PERIOD_SHARE[budget.period]
        hard = _share(amount, budget.hard_limit_share)
        degrade = hard
        if has_degrade_model and budget.degrade_limit_share is not None:
            degrade = _share(amount, budget.degrade_limit_share)
        return cls(
            budget=to_units(amount),
            soft=_share(amount, budget.soft_limit_share),
            degrade=degrade,
            hard=hard,
            period=budget.period,
            fail_open=budget.fail_open,
        )

    def ceiling(self, lane: Lane) -> int:
        """The most committed spend a reservation in ``lane`` may leave behind."""
        return self.degrade if lane is Lane.PRIMARY else self.hard

    def period_key(self, now: datetime) -> str:
        return period_key(self.period, now)

    def bounds(self, now: datetime) -> tuple[datetime, datetime]:
        return period_bounds(self.period, now)


def period_key(period: Period, now: datetime) -> str:
    """``2026-12`` (month), ``2026-W49`` (ISO week) or ``2026-12-03`` (day)."""
    if period == "month":
        return f"{now:%Y-%m}"
    if period == "week":
        year, week, _ = now.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{now:%Y-%m-%d}"


def period_bounds(period: Period, now: datetime) -> tuple[datetime, datetime]:
    """The start (inclusive) and end (exclusive) of the period holding ``now``."""
    day = now.replace(hour=0, minute=0, second=0, microsecond=0)
    if period == "day":
        return day, day + timedelta(days=1)
    if period == "week":
        start = day - timedelta(days=day.weekday())
        return start, start + timedelta(days=7)
    start = day.replace(day=1)
    end = (
        start.replace(year=start.year + 1, month=1)
        if start.month == 12
        else start.replace(month=start.month + 1)
    )
    return start, end


def previous_period_key(period: Period, now: datetime) -> str:
    start, _ = period_bounds(period, now)
    return period_key(period, start - timedelta(seconds=1))


def _share(amount: Decimal, share: float) -> int:
    """``amount x share`` in units, rounded down: a limit never rounds up past what was set."""
    return int(amount * Decimal(repr(float(share))) * 10**9)
