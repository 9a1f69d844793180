"""What ``ticketpilot demo`` prints after the pilot's rehearsal: cost, drift, reports, the gate
and how to open the dashboard (each number with what it came from)."""

from __future__ import annotations

from pathlib import Path

from rich.markup import escape

from ticketpilot.cli.common import console
from ticketpilot.cli.gate import print_gate
from ticketpilot.demo.service import DemoRun


def print_later_phases(run: DemoRun) -> None:
    """Phases 4 (cost) and 5 (drift, reports, gate) and where to look next."""
    ws = run.workspace
    if run.forecast is not None:
        console.rule("[bold]Phase 4: cost at scale")
        for fc in run.forecast.forecasts:
            low, mid, high = fc.bill
            console.print(
                f"{escape(fc.model)}: {run.forecast.months}-month bill {mid:,.2f} "
                f"({low:,.2f}–{high:,.2f}) {run.forecast.currency}; per drafted ticket "
                f"{fc.cost_per_drafted_ticket:,.5f}",
                highlight=False,
            )
        _files(run.cost_files)
    if run.drift is not None:
        _drift(run)
    if run.reports:
        console.rule("[bold]Reports")
        for output in run.reports:
            console.print(f"{escape(output.report.title)}: {escape(output.report.headline)}")
            _files(output.files)
    for note in run.notes:
        console.print(f"[yellow]note:[/] {escape(note)}", highlight=False)
    if run.gate is not None:
        console.rule("[bold]Go/no-go gate")
        print_gate(run.gate.result)
    if run.dashboard is not None:
        console.rule("[bold]The dashboard")
        console.print(f"  open {run.dashboard} in a browser (a snapshot, no server needed)")
        console.print(
            f"  live: ticketpilot serve -w {ws}, then http://127.0.0.1:8000/dashboard "
            "(sign in with a lead token)",
            highlight=False,
        )


def _drift(run: DemoRun) -> None:
    assert run.drift is not None
    console.rule("[bold]Phase 5: drift on simulated production feedback")
    scenario = run.drift_scenario
    if scenario is not None and scenario.drift_day is not None:
        start = scenario.start.toordinal() + scenario.drift_day
        console.print(
            f"{scenario.days} days of feedback at {scenario.events_per_day:,.0f} drafts a day; "
            f"planted: acceptance {scenario.base_rate:.0%} -> {scenario.drifted_rate:.0%} in "
            f"{scenario.category} from {type(scenario.start).fromordinal(start)} "
            f"(prompt {scenario.prompt_after} the same day).",
            highlight=False,
        )
    for verdict in run.drift.verdicts:
        colour = {"drift": "red", "ok": "green"}.get(verdict.status, "yellow")
        console.print(
            f"  [{colour}]{verdict.status:7}[/] {escape(verdict.detector)}: "
            f"{escape(verdict.summary)}",
            highlight=False,
        )


def _files(paths: list[Path]) -> None:
    for path in paths:
        if path.suffix != ".svg":
            console.print(f"  wrote {path}", highlight=False)
