"""The cost charts as SVG strings, drawn through the shared report figure (:mod:`ticketpilot.reports.figure`):
matplotlib's SVG backend, no display, no network, the same bytes for the same figures.
"""

from __future__ import annotations

from ticketpilot.cost.prices import from_units
from ticketpilot.cost.results import BudgetStatus, CostForecast
from ticketpilot.reports.figure import figure, to_svg

COLOURS = ("#2f6db5", "#c2571a", "#3b8a3e", "#8a3b8a")


def forecast_chart(result: CostForecast) -> str:
    """Monthly bill per model with its low-high band, and the value of the drafts beside it."""
    with figure(540, 245) as (fig, axes):
        labels = [f"{m.month:%Y-%m}" for m in result.forecasts[0].months]
        x = list(range(len(labels)))
        for colour, fc in zip(COLOURS, result.forecasts, strict=False):
            axes.fill_between(
                x,
                [m.bill_low for m in fc.months],
                [m.bill_high for m in fc.months],
                color=colour,
                alpha=0.18,
                linewidth=0,
            )
            axes.plot(
                x,
                [m.bill for m in fc.months],
                color=colour,
                marker="o",
                label=f"{fc.model} bill (band: low-high)",
            )
        values = [m.value for m in result.forecasts[0].months if m.value is not None]
        if len(values) == len(x):
            axes.plot(x, values, color="#555555", linestyle="--", label="value of the drafts")
            bills = [m.bill_high for fc in result.forecasts for m in fc.months]
            if max(values) > 20 * max(*bills, 1e-9):  # one scale would flatten the bills
                axes.set_yscale("log")
        axes.set_xticks(x, labels)
        axes.set_ylabel(f"{result.currency} per month")
        title = f"Monthly model bill, {result.months} months from {labels[0]}"
        axes.set_title(title, loc="left")
        axes.grid(axis="y", color="#dddddd")
        if axes.get_yscale() == "linear":
            axes.set_ylim(bottom=0)
        axes.legend(loc="upper left", frameon=False)
        desc = "; ".join(
            f"{fc.model}: " + ", ".join(f"{m.month:%Y-%m} {m.bill:,.2f}" for m in fc.months)
            for fc in result.forecasts
        )
        return to_svg(fig, title, f"{desc} ({result.currency} per month)")


def budget_chart(status: BudgetStatus) -> str:
    """Settled and reserved spend against the soft, degrade and hard limits."""
    with figure(540, 166) as (fig, axes):
        settled = from_units(status.spend.settled) if status.spend else 0.0
        reserved = from_units(status.spend.reserved) if status.spend else 0.0
        axes.barh([0], [settled], color=COLOURS[0], label="settled")
        axes.barh([0], [reserved], left=[settled], color="#9fbbe0", label="reserved (in flight)")
        if status.projected is not None:
            axes.plot(
                [status.projected],
                [0],
                marker="D",
                color=COLOURS[1],
                linestyle="none",
                label="projected at period end",
            )
        limits = status.limits()
        styles = {"soft_limit": "-.", "degrade_limit": "--", "hard_limit": "-"}
        for name, style in styles.items():
            if name == "degrade_limit" and limits[name] == limits["hard_limit"]:
                continue  # no cheaper model: nothing happens between the soft and hard limits
            label = name.replace("_", " ")
            axes.axvline(limits[name], color="#333333", linestyle=style, linewidth=1, label=label)
        axes.set_yticks([])
        axes.set_xlabel(status.currency)
        axes.set_xlim(0, max(limits["hard_limit"], settled + reserved) * 1.05 or 1)
        title = f"Budget period {status.period}"
        axes.set_title(title, loc="left")
        fig.legend(loc="outside lower center", ncol=3, frameon=False)
        desc = f"settled {settled:,.2f}, reserved {reserved:,.2f}; " + ", ".join(
            f"{name.replace('_', ' ')} {value:,.2f}" for name, value in limits.items()
        )
        return to_svg(fig, title, f"{desc} ({status.currency})")
