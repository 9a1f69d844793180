"""``ticketpilot pilot status`` and ``ticketpilot pilot simulate``: the controlled pilot."""

from __future__ import annotations

from typing import Annotated

import typer

from ticketpilot.cli.common import JsonOption, WorkspaceOption, print_json, runtime_for
from ticketpilot.cli.pilot_render import render_rehearsal, render_report
from ticketpilot.pilot.service import pilot_report, simulate

pilot_app = typer.Typer(
    help="The controlled pilot: its status with every figure and interval, and a rehearsal.",
    no_args_is_help=True,
)


@pilot_app.command("status")
def status_command(
    rehearsal: Annotated[
        bool,
        typer.Option(
            "--rehearsal", help="Report the last rehearsal (`pilot simulate`), not the live pilot."
        ),
    ] = False,
    workspace: WorkspaceOption = None,
    as_json: JsonOption = False,
) -> None:
    """The pilot's status in words, each figure with its 95% fixed and always-valid intervals,
    n, window and method; per category and per prompt version; the sample-ratio check."""
    with runtime_for(workspace) as runtime:
        report = pilot_report(runtime, pilot="rehearsal" if rehearsal else "live")
    if as_json:
        print_json(report.as_dict())
    else:
        render_report(report)


@pilot_app.command("simulate")
def simulate_command(
    days: Annotated[
        int | None,
        typer.Option(min=1, max=365, help="Days to simulate (default: \\[pilot] duration_days)."),
    ] = None,
    tickets_per_day: Annotated[
        float | None,
        typer.Option(
            min=0.1,
            help="All tickets a day before the cohort split (default: the workspace's volume).",
        ),
    ] = None,
    seed: Annotated[int, typer.Option(help="Random seed of the rehearsal.")] = 0,
    workspace: WorkspaceOption = None,
    as_json: JsonOption = False,
) -> None:
    """Rehearse the pilot: simulated agents over the latest replay's drafts, their events fed
    through the feedback service, then the pilot status (replaces the previous rehearsal)."""
    with runtime_for(workspace) as runtime:
        run = simulate(runtime, days=days, tickets_per_day=tickets_per_day, seed=seed)
    if as_json:
        print_json(run.as_dict())
    else:
        render_rehearsal(run)
