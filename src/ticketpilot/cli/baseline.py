"""``ticketpilot baseline``: baseline figures from history, and the value model."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ticketpilot.baseline.report import BaselineReport
from ticketpilot.baseline.service import run_baseline
from ticketpilot.baseline.value import ValueModel
from ticketpilot.cli.common import JsonOption, WorkspaceOption, console, print_json, runtime_for
from ticketpilot.figures import format_value

_HEADLINE = (
    "resolution_hours_mean",
    "resolution_hours_median",
    "resolution_hours_p90",
    "first_response_hours_median",
    "first_response_hours_p90",
    "csat_mean",
    "csat_satisfied_share",
    "csat_response_rate",
    "monthly_volume",
    "untagged_share",
)


def baseline_payload(report: BaselineReport, model: ValueModel) -> dict[str, Any]:
    return {
        "tickets": report.tickets,
        "window": [report.window_start, report.window_end],
        "figures": {name: fig.as_dict() for name, fig in report.figures.items()},
        "monthly_volume": report.monthly_volume,
        "category_mix": report.category_mix,
        "channel_mix": report.channel_mix,
        "value_model": {
            "currency": model.currency,
            "inputs": {name: fig.as_dict() for name, fig in model.inputs.items()},
            "lines": [
                {
                    "name": ln.name,
                    "value": ln.value,
                    "unit": ln.unit,
                    "formula": ln.formula,
                    "note": ln.note,
                }
                for ln in model.lines
            ],
        },
    }


def render_baseline(report: BaselineReport, model: ValueModel, out: Console = console) -> None:
    window = ""
    if report.window_start and report.window_end:
        window = f" created {report.window_start:%Y-%m-%d} .. {report.window_end:%Y-%m-%d}"
    table = Table(title=f"Baseline from {report.tickets:,} tickets{window}", title_justify="left")
    table.add_column("figure")
    table.add_column("value", justify="right")
    table.add_column("computed from")
    for name in _HEADLINE:
        fig = report.figures[name]
        value = format_value(fig.value, fig.unit) if fig.value is not None else "n/a"
        table.add_row(name.replace("_", " "), value, f"{fig.method}, n={fig.n:,}")
    out.print(table)
    top = ", ".join(f"{k} {v:.0%}" for k, v in list(report.category_mix.items())[:6])
    out.print(f"Category mix (tagged tickets): {top or 'no categories'}")
    lines = Table(
        title=f"Value model: what the targets are worth ({model.currency})", title_justify="left"
    )
    lines.add_column("line")
    lines.add_column("value", justify="right")
    lines.add_column("formula")
    noted: set[str] = set()
    for line in model.lines:
        shown = format_value(line.value, line.unit) if line.value is not None else "n/a"
        if line.note and line.value is None:
            shown = "nothing to gain"
        formula = escape(line.formula)
        if line.note:
            said = line.note in noted
            formula += "\n[yellow]" + ("(see above)" if said else escape(line.note)) + "[/]"
            noted.add(line.note)
        lines.add_row(line.name.replace("_", " "), shown, formula)
    out.print(lines)
    inputs = "; ".join(
        f"{name.replace('_', ' ')} = {fig.describe()}" for name, fig in model.inputs.items()
    )
    out.print(f"Inputs: {inputs}", highlight=False)
    missing = [name for name, fig in model.inputs.items() if fig.value is None]
    if missing:
        keys = ", ".join(f"[baseline] {name}" for name in missing)
        out.print(
            f"[yellow]The history has no data for {', '.join(missing)}: declare {escape(keys)} in "
            "ticketpilot.toml to complete the value model.[/]",
            highlight=False,
        )


def baseline_command(workspace: WorkspaceOption = None, as_json: JsonOption = False) -> None:
    """Compute resolution time, first response, CSAT, volume and mixes; print the value model."""
    with runtime_for(workspace) as runtime:
        report, model = run_baseline(runtime)
    if as_json:
        print_json(baseline_payload(report, model))
    else:
        render_baseline(report, model)
