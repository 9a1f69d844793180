"""The first pass: every ticket's skeleton (when, what, who, how long), before any text.

Planning everything small first lets the generator pick exactly the untagged share (an exact
count, weighted by category, not a coin flip per ticket) and number tickets in time order; the
second pass (:mod:`ticketpilot.demo.compose`) then renders one ticket at a time and streams it.
"""

from __future__ import annotations

import itertools
import math
import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from ticketpilot.demo.catalog import (
    CATEGORIES,
    CATEGORY_BY_SLUG,
    CHANNELS,
    DRIFT,
    LANGUAGES,
    PRIORITIES,
)
from ticketpilot.demo.timeline import (
    Day,
    arrival,
    first_response_hours,
    is_peak,
    resolution_hours,
)

_CHANNELS = tuple(c for c, _ in CHANNELS)
_CHANNEL_CUM = tuple(itertools.accumulate(w for _, w in CHANNELS))
_LANGUAGES = tuple(c for c, _ in LANGUAGES)
_LANGUAGE_CUM = tuple(itertools.accumulate(w for _, w in LANGUAGES))
_CATEGORY_CUM = (
    tuple(itertools.accumulate(c.weight for c in CATEGORIES)),
    tuple(itertools.accumulate(c.weight_after_drift for c in CATEGORIES)),
)

#: Chance that a ticket comes from a customer seen before (they pick earlier tickets' customers,
#: so frequent writers write more).
REPEAT_SHARE = 0.3


@dataclass(slots=True)
class TicketPlan:
    """One ticket before its text: the numbers the manifest counts and the writers export."""

    index: int
    created_at: datetime
    category: str
    drift: bool
    channel: str
    priority: str
    language: str
    customer: int
    resolution_hours: float
    first_response_hours: float
    tagged: bool = True

    @property
    def peak(self) -> bool:
        """Created in the November/December peak."""
        return is_peak(self.created_at.date())

    @property
    def resolved_at(self) -> datetime:
        """When the ticket was (or will be) resolved."""
        return self.created_at + timedelta(hours=self.resolution_hours)

    @property
    def first_response_at(self) -> datetime:
        """When the first agent reply went out."""
        return self.created_at + timedelta(hours=self.first_response_hours)


def plan_tickets(
    rng: random.Random, days: list[Day], drift_start: date, count: int, untagged_share: float
) -> tuple[list[TicketPlan], list[str]]:
    """``count`` ticket skeletons in time order, and the language of each customer (by id)."""
    weights = [d.weight for d in days]
    picked = sorted(
        ((arrival(rng, d.day), d) for d in rng.choices(days, weights=weights, k=count)),
        key=lambda pair: pair[0],
    )
    plans: list[TicketPlan] = []
    customer_langs: list[str] = []
    customers_so_far: list[int] = []
    for index, (created, day) in enumerate(picked):
        drift = day.day >= drift_start and rng.random() < day.drift / (1.0 + day.drift)
        category = DRIFT.category if drift else _category(rng, day.day >= drift_start)
        customer = _customer(rng, customers_so_far, customer_langs)
        channel = rng.choices(_CHANNELS, cum_weights=_CHANNEL_CUM)[0]
        cat = CATEGORY_BY_SLUG[category]
        priority = rng.choices(PRIORITIES, weights=cat.priorities)[0]
        if drift and priority == "low":
            priority = "high"
        peak = created.month in (11, 12)
        hours = resolution_hours(rng, cat, priority, channel, peak, drift)
        first = first_response_hours(rng, channel, peak, hours)
        plans.append(
            TicketPlan(
                index,
                created,
                category,
                drift,
                channel,
                priority,
                customer_langs[customer],
                customer,
                hours,
                first,
            )
        )
    _choose_untagged(rng, plans, untagged_share)
    return plans, customer_langs


def _category(rng: random.Random, after_drift: bool) -> str:
    return rng.choices(CATEGORIES, cum_weights=_CATEGORY_CUM[after_drift])[0].slug


def _customer(rng: random.Random, seen: list[int], langs: list[str]) -> int:
    if seen and rng.random() < REPEAT_SHARE:
        customer = rng.choice(seen)
    else:
        customer = len(langs)
        langs.append(rng.choices(_LANGUAGES, cum_weights=_LANGUAGE_CUM)[0])
    seen.append(customer)
    return customer


def _choose_untagged(rng: random.Random, plans: list[TicketPlan], share: float) -> None:
    """Mark exactly ``round(share * n)`` tickets untagged, weighted by category propensity.

    Weighted sampling without replacement (Efraimidis-Spirakis keys ``u ** (1 / w)``): busy
    weeks, vague categories and the new drift topic are left untagged more often.
    """
    keyed: list[tuple[float, int]] = []
    for plan in plans:
        weight = DRIFT.untag if plan.drift else CATEGORY_BY_SLUG[plan.category].untag
        weight *= 1.25 if plan.peak else 1.0
        keyed.append((math.log(rng.random() or 1e-12) / weight, plan.index))
    keyed.sort(reverse=True)
    for _key, index in keyed[: round(share * len(plans))]:
        plans[index].tagged = False
