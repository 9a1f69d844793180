"""``ticketpilot audit``: the three-layer data-readiness audit, its reports and its verdict."""

from __future__ import annotations

import typer
from rich.markup import escape
from rich.table import Table

from ticketpilot.audit.model import AuditReport, Severity
from ticketpilot.audit.service import run_audit
from ticketpilot.cli.common import (
    JsonOption,
    PhaseProgress,
    WorkspaceOption,
    console,
    print_json,
    runtime_for,
)

_BADGE = {
    Severity.BLOCKER: "[bold red]BLOCKER[/]",
    Severity.WARNING: "[yellow]warning[/]",
    Severity.INFO: "[dim]info[/]",
}


def audit_command(workspace: WorkspaceOption = None, as_json: JsonOption = False) -> None:
    """Audit ownership, quality and retrieval feasibility; exit 1 when the data is not ready."""
    with runtime_for(workspace) as runtime, PhaseProgress(disable=as_json) as progress:
        output = run_audit(runtime, progress)
    if as_json:
        print_json(output.report.as_dict())
    else:
        render_audit(output.report)
        for path in output.files:
            console.print(f"  wrote {path}")
    if not output.report.ready:
        raise typer.Exit(1)


def render_audit(report: AuditReport) -> None:
    colour = "green" if report.ready else "red"
    console.print(f"[bold {colour}]{report.verdict}[/]")
    table = Table(title=f"Data-readiness audit of {report.tickets:,} tickets", title_justify="left")
    for column in ("layer / check", "score", "findings", "took"):
        table.add_column(column, justify="right" if column != "layer / check" else "left")
    for layer in report.layers:
        table.add_row(
            f"[bold]{escape(layer.title)}[/]", _score(layer.score), str(len(layer.findings)), ""
        )
        for check in layer.checks:
            took = f"{report.seconds.get(check.check, 0):.1f}s"
            table.add_row(
                f"  {escape(check.title)}", _score(check.score), str(len(check.findings)), took
            )
    console.print(table)
    for finding in sorted(
        report.findings, key=lambda f: list(Severity).index(f.severity), reverse=True
    ):
        if finding.severity is Severity.INFO:
            continue
        console.print(f"{_BADGE[finding.severity]} {escape(finding.title)}", highlight=False)
        console.print(f"    fix: {escape(finding.fix)}", style="dim", highlight=False)


def _score(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0f}"
