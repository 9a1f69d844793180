"""The value model: what reaching the charter's targets is worth per month (SPEC S1).

Declared charter figures win over computed ones; each line of the model states its formula and
its inputs, so a program manager can defend every number to finance. A line with nothing to gain
(the history already resolves faster than the target) has no value and says so in its ``note``:
a negative saving is not value, and printing "-435.7 h saved" would read as a loss the program
causes.
"""

from __future__ import annotations

from dataclasses import dataclass

from ticketpilot.baseline.report import BaselineReport
from ticketpilot.charter import Charter
from ticketpilot.figures import Figure


@dataclass(frozen=True, slots=True)
class ValueLine:
    name: str
    value: float | None
    unit: str
    formula: str
    note: str | None = None
    """Why the line has no value, or how to read a negative one, in plain words."""


@dataclass(frozen=True, slots=True)
class ValueModel:
    currency: str
    inputs: dict[str, Figure]
    lines: list[ValueLine]

    def line(self, name: str) -> ValueLine:
        return next(line for line in self.lines if line.name == name)


def _pick(charter_value: float | None, computed: Figure, name: str, unit: str) -> Figure:
    if charter_value is not None:
        return Figure(
            name, float(charter_value), unit, 0, "declared in the charter", source="declared"
        )
    return Figure(
        name,
        computed.value,
        unit,
        computed.n,
        computed.method,
        computed.window_start,
        computed.window_end,
    )


def value_model(charter: Charter, baseline: BaselineReport) -> ValueModel:
    """Monthly value of the targets: agent hours and money saved, waiting time, CSAT."""
    b, t = charter.baseline, charter.targets
    f = baseline.figures
    volume = _pick(b.monthly_volume, f["monthly_volume"], "monthly_volume", "tickets/month")
    resolution = _pick(b.resolution_hours, f["resolution_hours_mean"], "resolution_hours", "h")
    csat = _pick(b.csat, f["csat_mean"], "csat", f["csat_mean"].unit)
    inputs = {"monthly_volume": volume, "resolution_hours": resolution, "csat": csat}
    v = volume.value
    hours_saved = (
        v * b.handle_minutes_per_ticket / 60 * t.handle_time_reduction_pct / 100 if v else None
    )
    money = hours_saved * b.cost_per_agent_hour if hours_saved is not None else None
    wait_cut = (resolution.value - t.resolution_hours) if resolution.value is not None else None
    met = None
    if wait_cut is not None and wait_cut <= 0:
        met = (
            f"the history already meets the target ({resolution.value:,.1f} h <= "
            f"{t.resolution_hours:g} h): nothing to gain on this line"
        )
        wait_cut = None
    wait_saved = v * wait_cut if v is not None and wait_cut is not None else None
    csat_target = csat.value * (1 + t.csat_change_pct / 100) if csat.value is not None else None
    cur = charter.program.currency
    lines = [
        ValueLine(
            "agent_hours_saved_per_month",
            hours_saved,
            "h",
            f"volume x {b.handle_minutes_per_ticket:g} min handling / 60"
            f" x {t.handle_time_reduction_pct:g}% reduction",
        ),
        ValueLine(
            "agent_cost_saved_per_month",
            money,
            cur,
            f"agent hours saved x {b.cost_per_agent_hour:g} {cur}/h",
        ),
        ValueLine(
            "agent_cost_saved_per_year",
            money * 12 if money is not None else None,
            cur,
            "monthly x 12",
        ),
        _net_line(money, charter.budget.monthly, cur),
        ValueLine(
            "resolution_hours_cut",
            wait_cut,
            "h",
            f"baseline resolution - target {t.resolution_hours:g} h",
            met,
        ),
        ValueLine(
            "resolution_reduction_share",
            wait_cut / resolution.value if wait_cut is not None and resolution.value else None,
            "share",
            "hours cut / baseline resolution hours",
            met,
        ),
        ValueLine(
            "customer_wait_hours_saved_per_month", wait_saved, "h", "volume x hours cut", met
        ),
        ValueLine(
            "csat_target", csat_target, csat.unit, f"baseline CSAT x (1 + {t.csat_change_pct:g}%)"
        ),
        ValueLine(
            "pilot_tickets_per_month",
            v * charter.pilot.cohort_share if v else None,
            "tickets",
            f"volume x pilot cohort share {charter.pilot.cohort_share:.0%}",
        ),
    ]
    return ValueModel(currency=cur, inputs=inputs, lines=lines)


def _net_line(money: float | None, budget: float, currency: str) -> ValueLine:
    """Agent cost saved minus the model budget (its ceiling); a negative net is said in words."""
    net = money - budget if money is not None else None
    note = None
    if net is not None and net < 0:
        note = (
            f"the model budget ({budget:,.0f} {currency}/month) exceeds the agent cost saved "
            f"({money:,.0f} {currency}/month): spent in full, the assistant would cost "
            f"{-net:,.0f} {currency} a month more than it saves in agent time. The budget is a "
            "ceiling, not the bill: `ticketpilot cost forecast` gives the expected spend"
        )
    formula = f"agent cost saved - model budget ({budget:,.0f} {currency}/month)"
    return ValueLine("net_value_per_month", net, currency, formula, note)
