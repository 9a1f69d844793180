"""``ticketpilot drift``: every drift detector's verdict, and the stored alerts."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from ticketpilot.cli.common import (
    JsonOption,
    WorkspaceOption,
    console,
    err_console,
    print_json,
    runtime_for,
)
from ticketpilot.monitor.detectors import Verdict
from ticketpilot.monitor.service import DriftReport, run_drift

_STATUS = {"drift": "[bold red]DRIFT[/]", "ok": "[green]ok[/]", "skipped": "[yellow]skipped[/]"}


def render_verdict(verdict: Verdict, out: Console = console) -> None:
    """One detector: status and summary, then method, window, n and false-alarm rate."""
    out.print(
        f"{_STATUS[verdict.status]}  [bold]{verdict.detector}[/]: {escape(verdict.summary)}",
        highlight=False,
    )
    figures = f"n={verdict.n:,}"
    if verdict.statistic is not None and verdict.threshold is not None:
        figures += f"; statistic {verdict.statistic:.3g} against threshold {verdict.threshold:.3g}"
    out.print(
        f"    [dim]method:[/] {escape(verdict.method)}\n"
        f"    [dim]window:[/] {escape(verdict.window)}\n"
        f"    [dim]{figures}; false alarms: {escape(verdict.false_alarm)}[/]",
        highlight=False,
    )


def render_report(report: DriftReport, out: Console = console) -> None:
    out.print(f"[bold]Drift check[/] at {report.generated_at:%Y-%m-%d %H:%M} UTC", highlight=False)
    for name, line in report.sources.items():
        out.print(f"  [dim]{name}:[/] {escape(line)}", highlight=False)
    out.print()
    for verdict in report.verdicts:
        render_verdict(verdict, out)
    if not report.alerts:
        out.print("\nNo drift alerts stored.")
        return
    table = Table(
        title=f"Stored drift alerts ({len(report.new_alerts)} new this run)", title_justify="left"
    )
    for column in ("id", "detected", "started", "detector", "subject", "message"):
        table.add_column(column, overflow="fold")
    for alert in report.alerts:
        table.add_row(
            str(alert.id),
            f"{alert.detected:%Y-%m-%d}",
            f"{alert.started:%Y-%m-%d}" if alert.started else "-",
            alert.detector,
            escape(alert.subject),
            escape(alert.message),
        )
    out.print(table)


def drift_command(
    texts: Annotated[
        bool,
        typer.Option("--texts/--no-texts", help="Run the text detectors (topics, embeddings)."),
    ] = True,
    workspace: WorkspaceOption = None,
    as_json: JsonOption = False,
) -> None:
    """Run every drift detector (acceptance, quality, category mix, new topics, embeddings),
    store their alerts and list them; exits 1 when a detector sees drift now."""
    with (
        runtime_for(workspace) as runtime,
        Progress(
            TextColumn("[bold]embedding tickets"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=err_console,
            disable=as_json,
            transient=True,
        ) as bar,
    ):
        task = bar.add_task("texts", total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total or None)

        report = run_drift(runtime, texts=texts, progress=advance)
    if as_json:
        print_json(report.as_dict())
    else:
        render_report(report)
    if report.drifting:
        raise typer.Exit(1)
