"""What the cost commands return: a forecast of one or more models, and the budget's status."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from ticketpilot.cost.forecast import Forecast
from ticketpilot.cost.guardrails import BudgetPolicy, Lane
from ticketpilot.cost.ledger import Alert, PeriodSpend
from ticketpilot.cost.prices import from_units
from ticketpilot.cost.usage import UsageReport


@dataclass(frozen=True)
class CostForecast:
    """Forecasts of the same months for each model compared, and the usage they measured."""

    forecasts: list[Forecast]
    currency: str
    start: date
    months: int
    prices: str
    usage: UsageReport | None
    generated_at: datetime
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "currency": self.currency,
            "start": f"{self.start:%Y-%m}",
            "months": self.months,
            "prices": self.prices,
            "generated_at": self.generated_at.isoformat(),
            "forecasts": [f.as_dict() for f in self.forecasts],
            "usage": self.usage.as_dict() if self.usage else None,
            "notes": self.notes,
        }


@dataclass(frozen=True)
class BudgetStatus:
    """The period's spend against the budget, from the ledger, and the drafts' own costs."""

    period: str
    start: datetime
    end: datetime
    now: datetime
    currency: str
    policy: BudgetPolicy
    store: str
    spend: PeriodSpend | None
    error: str | None
    alerts: list[Alert]
    usage: UsageReport
    degrade_model: str | None = None

    @property
    def elapsed_share(self) -> float:
        total = (self.end - self.start).total_seconds()
        return min(max((self.now - self.start).total_seconds() / total, 0.0), 1.0)

    @property
    def projected(self) -> float | None:
        """Settled spend extrapolated to the period's end at the rate so far."""
        if self.spend is None or self.elapsed_share <= 0:
            return None
        return from_units(self.spend.settled) / self.elapsed_share

    @property
    def lane(self) -> str:
        if self.spend is None:
            return "unknown (store unreachable)"
        lane = self.spend.lane if self.spend.lane_hard >= self.policy.hard else 0
        return Lane(lane).name.lower()

    def limits(self) -> dict[str, float]:
        return {
            "budget": from_units(self.policy.budget),
            "soft_limit": from_units(self.policy.soft),
            "degrade_limit": from_units(self.policy.degrade),
            "hard_limit": from_units(self.policy.hard),
        }

    def as_dict(self) -> dict[str, Any]:
        spend = self.spend
        return {
            "period": self.period,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "elapsed_share": self.elapsed_share,
            "currency": self.currency,
            "limits": self.limits(),
            "store": self.store,
            "error": self.error,
            "spend": None
            if spend is None
            else {
                "settled": from_units(spend.settled),
                "reserved": from_units(spend.reserved),
                "requests": spend.requests,
                "held": spend.held,
                "lane": self.lane,
            },
            "projected": self.projected,
            "degrade_model": self.degrade_model,
            "alerts": [a.as_dict() for a in self.alerts],
            "usage": self.usage.as_dict(),
        }
