"""The monthly cost sections: spend against budget, cost per resolved ticket, and the forecast
against what was actually spent."""

from __future__ import annotations

from typing import Any

from ticketpilot.cost.chart import budget_chart
from ticketpilot.cost.prices import from_units
from ticketpilot.reports import charts
from ticketpilot.reports.formats import amount
from ticketpilot.reports.model import Chart, Kpi, Kpis, Level, Note, Section, Table
from ticketpilot.reports.state import ProgramState
from ticketpilot.reports.window import Window

UNIT_FIGURES = ("cost_total", "cost_per_request", "cost_per_ticket", "cost_per_resolved_ticket")


def money(value: float | None, currency: str = "") -> str:
    if value is None:
        return "n/a"
    digits = 2 if abs(value) >= 1 or value == 0 else 4
    return f"{value:,.{digits}f}" + (f" {currency}" if currency else "")


def budget(state: ProgramState, window: Window) -> Section:
    """The budget period's settled and reserved spend against the soft, degrade, hard limits."""
    status = state.budget
    cur = state.currency
    if status is None:
        return Section("budget", "Spend against budget", (Note("No budget status.", "warn"),))
    limits = status.limits()
    blocks: list[Kpis | Chart | Note] = []
    if status.spend is None:
        blocks.append(Note(f"The budget ledger is unreachable: {status.error}", "bad"))
    else:
        settled = from_units(status.spend.settled)
        projected = status.projected
        level: Level = "info" if projected is None else (
            "good" if projected <= limits["soft_limit"] else
            "warn" if projected <= limits["hard_limit"] else "bad")  # fmt: skip
        blocks.append(Kpis((
            Kpi("Settled this period", money(settled, cur),
                f"{status.spend.requests:,} paid calls reserved; ledger: {status.store}"),
            Kpi("Projected at period end", money(projected, cur),
                f"settled / {status.elapsed_share:.1%} of the period elapsed", level,
                f"soft limit {money(limits['soft_limit'], cur)}"),
            Kpi("Monthly budget", money(limits["budget"], cur),
                f"hard limit {money(limits['hard_limit'], cur)}; lane now: {status.lane}"),
        )))  # fmt: skip
        blocks.append(Chart("budget", budget_chart(status),
                            "Settled and reserved spend of this period against the limits."))  # fmt: skip
    if status.alerts:
        blocks.append(Note(", ".join(f"{a.kind} at {a.created_at:%Y-%m-%d %H:%M}"
                                     for a in status.alerts), "warn"))  # fmt: skip
    return Section("budget", f"Spend against budget ({status.period})", tuple(blocks),
                   f"Budget period {status.start:%Y-%m-%d} to {status.end:%Y-%m-%d}; spend is "
                   "what the guard settled per paid call (docs/cost.md).")  # fmt: skip


def unit_cost(state: ProgramState, window: Window) -> Section | None:
    """Cost per request, ticket and resolved ticket of this period's drafts, beside the value."""
    status = state.budget
    if status is None:
        return None
    usage = status.usage
    rows = []
    for name in UNIT_FIGURES:
        fig = usage.figures.get(name)
        if fig is None:
            continue
        window_text = ""
        if fig.window_start and fig.window_end:
            window_text = f", {fig.window_start:%Y-%m-%d}..{fig.window_end:%Y-%m-%d}"
        rows.append((name.replace("_", " "), money(fig.value, state.currency),
                     f"n={fig.n:,}{window_text}; {fig.method}"))  # fmt: skip
    blocks: list[Table | Note] = [Table(("figure", "value", "computed from"), tuple(rows),
                                        f"Drafts of this period: {usage.source}.")]  # fmt: skip
    value = _value_per_ticket(state)
    if value is not None:
        blocks.append(Note(f"For comparison, the value model puts an assisted ticket at "
                           f"{money(value, state.currency)} of agent time "
                           "(baseline/value.py: handling minutes x reduction x cost per hour)."))  # fmt: skip
    return Section("unit_cost", "Cost per resolved ticket", tuple(blocks),
                   "A resolved ticket carries the cost of every draft of every drafted ticket, "
                   "resolved or not (docs/cost.md).")  # fmt: skip


def _value_per_ticket(state: ProgramState) -> float | None:
    b, t = state.charter.baseline, state.charter.targets
    per = b.handle_minutes_per_ticket / 60 * t.handle_time_reduction_pct / 100
    return per * b.cost_per_agent_hour if per > 0 else None


def forecast_vs_actual(state: ProgramState, window: Window) -> Section:
    """Each forecast month's bill (low-expected-high) against the spend settled that month."""
    forecast = state.forecast
    cur = state.currency
    if forecast is None or not forecast.get("forecasts"):
        return Section("forecast_vs_actual", "Forecast against actual", (Note(
            "No cost forecast in reports/: run `ticketpilot cost forecast`.", "warn"),))  # fmt: skip
    first: dict[str, Any] = forecast["forecasts"][0]
    months = first["months"]
    labels = [m["month"] for m in months]
    actual = [state.spend_by_month.get(label) for label in labels]
    budget = state.charter.budget.monthly
    # a budget far above every bill would flatten the lines against the axis: name it instead
    shown = max(float(m["bill_high"]) for m in months) * 20 >= budget
    svg = charts.line_chart(
        labels,
        {f"forecast bill ({first['model']})": [m["bill"] for m in months],
         "actual spend": actual},
        bands={f"forecast bill ({first['model']})": ([m["bill_low"] for m in months],
                                                     [m["bill_high"] for m in months])},
        targets={"monthly budget": budget} if shown else None,
        title=f"Forecast against actual, {labels[0]} to {labels[-1]}",
        y_label=cur, fmt=amount,
    )  # fmt: skip
    rows = tuple(
        (m["month"], f"{m['rollout']:.0%}", f"{m['requests']:,.0f}",
         f"{money(m['bill'])} ({money(m['bill_low'])}–{money(m['bill_high'])})",
         money(state.spend_by_month.get(m["month"])), money(m.get("cost_per_resolved_ticket")))
        for m in months
    )  # fmt: skip
    head = ("month", "rollout", "requests", f"forecast bill {cur} (low–high)",
            f"actual {cur}", "per resolved ticket")  # fmt: skip
    method = "; ".join(first.get("method", [])[:3])
    return Section(
        "forecast_vs_actual",
        "Forecast against actual",
        (Chart("forecast-vs-actual", svg, "Band: the forecast's low-high (each end two inputs "
               "at their 90% bounds). Actual: settled spend of that month; n/a before it starts."
               + ("" if shown else f" The monthly budget ({money(budget, cur)}) is over 20 "
                  "times the highest bill, so it is not drawn.")),
         Table(head, rows, f"Forecast generated {forecast.get('generated_at', '?')[:16]}; "
               f"prices: {forecast.get('prices', '?')}.")),
        f"Forecast: {method}",
    )  # fmt: skip
