"""The ``ticketpilot`` command: registers each command module on one Typer app."""

from __future__ import annotations

import typer

from ticketpilot import __version__
from ticketpilot.cli import (
    audit,
    baseline,
    cost,
    demo,
    demo_data,
    drafting,
    drift,
    gate,
    importing,
    index,
    init,
    pilot,
    redact,
    report,
    serve,
    token,
)

app = typer.Typer(
    name="ticketpilot",
    help="Take a generative-AI support-reply assistant from business case to production, measured.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.command("demo")(demo.demo_command)
app.command("demo-data")(demo_data.demo_data)
app.command("init")(init.init)
app.add_typer(init.charter_app, name="charter")
app.command("import")(importing.import_command)
app.command("quarantine")(importing.quarantine_command)
app.command("imports")(importing.imports_command)
app.command("formats")(importing.formats_command)
app.command("baseline")(baseline.baseline_command)
app.command("index")(index.index_command)
app.command("search")(index.search_command)
app.command("audit")(audit.audit_command)
app.command("redact")(redact.redact_command)
app.command("draft")(drafting.draft_command)
app.command("replay")(drafting.replay_command)
app.add_typer(cost.cost_app, name="cost")
app.command("drift")(drift.drift_command)
app.command("report")(report.report_command)
app.command("gate")(gate.gate_command)
app.command("serve")(serve.serve_command)
app.add_typer(token.token_app, name="token")
app.add_typer(pilot.pilot_app, name="pilot")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ticketpilot {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version."
    ),
) -> None:
    """ticketpilot: business baseline, data audit, pilot, cost, drift and the go/no-go gate."""


def main() -> None:
    app()
