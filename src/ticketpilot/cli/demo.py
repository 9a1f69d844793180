"""``ticketpilot demo``: the whole lifecycle on generated, synthetic history."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.panel import Panel

from ticketpilot.cli.audit import render_audit
from ticketpilot.cli.baseline import render_baseline
from ticketpilot.cli.common import PhaseProgress, console, user_errors
from ticketpilot.cli.demo_summary import print_later_phases
from ticketpilot.cli.drafting import print_replay
from ticketpilot.cli.pilot_render import render_rehearsal
from ticketpilot.demo import SYNTHETIC_NOTICE
from ticketpilot.demo.service import DemoRun, run_demo

DEFAULT_TICKETS = 4_000
SIZES = (
    f"Sizes: {DEFAULT_TICKETS:,} tickets of history and a replay of 200, so that the whole "
    "lifecycle finishes in under 5 minutes on 2 cores; pass --tickets for a larger history."
)


def demo_command(
    workspace: Annotated[
        Path,
        typer.Option(
            "--workspace",
            "-w",
            help="Folder for the demo workspace (replaced if it holds an earlier demo).",
        ),
    ] = Path("ticketpilot-demo"),
    tickets: Annotated[
        int, typer.Option(min=200, help="Tickets of synthetic history (more: a longer run).")
    ] = DEFAULT_TICKETS,
    seed: Annotated[int, typer.Option(help="Random seed of the generator.")] = 7,
    skip_audit: Annotated[
        bool,
        typer.Option("--skip-audit", help="Stop after the baseline (no later phase)."),
    ] = False,
) -> None:
    """Run the whole lifecycle on synthetic demo data: import, baseline, index, audit, replay,
    pilot rehearsal, cost forecast, drift, the weekly, monthly and executive reports, the gate."""
    console.print(Panel(SYNTHETIC_NOTICE, title="ticketpilot demo", border_style="cyan"))
    if tickets == DEFAULT_TICKETS:
        console.print(SIZES, highlight=False)
    with user_errors(), PhaseProgress() as progress:
        run = run_demo(
            workspace, tickets=tickets, seed=seed, audit=not skip_audit, progress=progress
        )
    _summary(run)


def _summary(run: DemoRun) -> None:
    assert run.data is not None and run.baseline is not None and run.value is not None
    console.rule("[bold]Phase 1: business anchor")
    manifest = run.data.manifest
    console.print(
        f"Generated {run.data.tickets:,} synthetic tickets "
        f"({manifest['start']} .. {manifest['end']}) into {run.data.out}"
    )
    for result in run.imports:
        c = result.counts
        console.print(
            f"  imported {result.path.name} ({result.fmt}): {c.inserted:,} tickets, "
            f"{result.quarantined:,} quarantined"
        )
    render_baseline(run.baseline, run.value)
    if run.index is not None:
        console.rule("[bold]Phase 2: data readiness")
        r = run.index.result
        console.print(
            f"Index: {run.index.size:,} tickets embedded at {r.texts_per_second:,.0f} texts/s "
            f"({r.seconds:.1f} s)"
        )
    if run.audit is not None:
        render_audit(run.audit.report)
        for path in run.audit.files:
            console.print(f"  report: {path}")
    if run.replay is not None:
        console.rule("[bold]Phase 3: shadow replay of the drafting assistant")
        print_replay(run.replay)
        for path in run.replay_files:
            console.print(f"  report: {path}")
    if run.pilot is not None:
        console.rule("[bold]Phase 3: rehearsal of the controlled pilot (simulated agents)")
        render_rehearsal(run.pilot)
    print_later_phases(run)
    console.rule("[bold]Next")
    ws = run.workspace
    console.print(f'  ticketpilot search "my hub will not pair after the update" -w {ws}')
    console.print(f'  ticketpilot draft --text "my hub will not pair after the update" -w {ws}')
    console.print(f"  ticketpilot gate -w {ws}         (the five questions, with evidence)")
    console.print(f"  ticketpilot report weekly -w {ws}")
    console.print(f"  ticketpilot pilot status --rehearsal -w {ws}")
