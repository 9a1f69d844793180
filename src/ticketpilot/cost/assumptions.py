"""The charter's and the history's side of a forecast: rollout, value per ticket, peak hour.

Pure helpers that turn the charter and measured counts into forecast inputs, each with a line
saying where it came from.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from ticketpilot.charter import Charter

#: after the pilot: a quarter, a half, then every ticket
RAMP = (0.25, 0.5, 1.0)


def rollout_schedule(charter: Charter) -> tuple[tuple[float, ...], str]:
    """``[budget] rollout``, else the pilot's share for its duration then :data:`RAMP`."""
    if charter.budget.rollout:
        return tuple(charter.budget.rollout), "[budget] rollout"
    pilot = charter.pilot
    months = max(1, math.ceil(pilot.duration_days / 30))
    schedule = (pilot.cohort_share,) * months + RAMP
    source = (
        f"default: the pilot's {pilot.cohort_share:.0%} for {pilot.duration_days} days "
        f"([pilot]), then {', '.join(f'{s:.0%}' for s in RAMP)}"
    )
    return schedule, source


def value_per_ticket(charter: Charter) -> tuple[float, str]:
    """Agent cost saved per assisted ticket: the value model's formula (``baseline/value.py``)."""
    b, t = charter.baseline, charter.targets
    value = b.handle_minutes_per_ticket / 60 * t.handle_time_reduction_pct / 100
    value *= b.cost_per_agent_hour
    source = (
        f"value per assisted ticket {value:,.2f} {charter.program.currency} = "
        f"{b.handle_minutes_per_ticket:g} min handling / 60 x {t.handle_time_reduction_pct:g}% "
        f"reduction x {b.cost_per_agent_hour:g}/h (the value model)"
    )
    return value, source


def peak_hour_share(hours: Sequence[int], timezone: str) -> tuple[float | None, str]:
    """Share of a day's tickets that arrive in the busiest hour of the day."""
    total = sum(hours)
    if not total:
        return None, "peak hour: n/a (no ticket timestamps)"
    busiest = max(range(24), key=lambda h: hours[h])
    share = hours[busiest] / total
    return share, (
        f"peak hour {busiest:02d}:00-{busiest + 1:02d}:00 {timezone} carries {share:.1%} of a "
        f"day's tickets ({total:,} tickets by hour of creation)"
    )


def resolution_rate(resolved: int, tickets: int) -> tuple[float | None, str]:
    if not tickets:
        return None, "resolution rate: n/a (no tickets)"
    rate = resolved / tickets
    return rate, f"resolution rate {rate:.1%} ({resolved:,} of {tickets:,} tickets resolved)"
