"""``ticketpilot report weekly|monthly|executive``: write a report into ``reports/``."""

from __future__ import annotations

from typing import Annotated

import typer

from ticketpilot.cli.common import JsonOption, WorkspaceOption, console, print_json, runtime_for
from ticketpilot.reports.service import FORMATS, write_report

KINDS = ("weekly", "monthly", "executive")


def report_command(
    kind: Annotated[str, typer.Argument(help="weekly, monthly or executive.", show_default=False)],
    workspace: WorkspaceOption = None,
    formats: Annotated[
        str, typer.Option("--formats", help="Comma-separated: html, md, pdf.")
    ] = ",".join(FORMATS),
    as_json: JsonOption = False,
) -> None:
    """Write the weekly performance summary, the monthly cost analysis or the executive risk
    summary as reports/KIND.{html,md,pdf}; each states its method, window, n and uncertainty."""
    chosen = tuple(f.strip() for f in formats.split(",") if f.strip())
    if kind not in KINDS:
        raise typer.BadParameter(f"{kind!r}: choose one of {', '.join(KINDS)}")
    with runtime_for(workspace) as runtime:
        output = write_report(runtime, kind, formats=chosen)
    if as_json:
        print_json(output.report.as_dict() | {"files": [str(p) for p in output.files]})
        return
    report = output.report
    console.print(f"[bold]{report.title}[/]: {report.program} ({report.window})", highlight=False)
    console.print(report.headline, highlight=False)
    for path in output.files:
        if path.suffix != ".svg":
            console.print(f"  wrote {path}", highlight=False)
