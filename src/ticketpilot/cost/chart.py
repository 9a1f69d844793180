"""The cost charts as SVG strings, drawn by matplotlib's SVG backend (no display, no network).

Text stays text (``svg.fonttype = none``) and ids are salted with a constant, so the same
figures give the same bytes. matplotlib is imported when a chart is drawn, not when the CLI
starts (it costs a quarter of a second to import).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from ticketpilot.cost.prices import from_units
from ticketpilot.cost.results import BudgetStatus, CostForecast

_METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.DOTALL)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

COLOURS = ("#2f6db5", "#c2571a", "#3b8a3e", "#8a3b8a")


@contextmanager
def _figure(width: float, height: float) -> Iterator[tuple[Figure, Axes]]:
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context(
        {
            "svg.fonttype": "none",
            "svg.hashsalt": "ticketpilot",
            "font.size": 9,
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    ):
        figure = Figure(figsize=(width, height), layout="constrained")
        yield figure, figure.add_subplot()


def _svg(figure: Figure) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": "ticketpilot"})
    text = buffer.getvalue()
    text = _METADATA.sub("", text[text.index("<svg") :])  # RDF names of the writer: not needed
    return text.strip()


def forecast_chart(result: CostForecast) -> str:
    """Monthly bill per model with its low-high band, and the value of the drafts beside it."""
    with _figure(7.5, 3.4) as (figure, axes):
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
        axes.set_title(f"Monthly model bill, {result.months} months from {labels[0]}", loc="left")
        axes.grid(axis="y", color="#dddddd")
        if axes.get_yscale() == "linear":
            axes.set_ylim(bottom=0)
        axes.legend(loc="upper left", frameon=False)
        return _svg(figure)


def budget_chart(status: BudgetStatus) -> str:
    """Settled and reserved spend against the soft, degrade and hard limits."""
    with _figure(7.5, 2.3) as (figure, axes):
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
        axes.set_title(f"Budget period {status.period}", loc="left")
        figure.legend(loc="outside lower center", ncol=3, frameon=False)
        return _svg(figure)
