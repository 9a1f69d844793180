"""``ticketpilot gate``: the five questions, each GO / NO-GO / UNANSWERED; exit 1 unless all GO."""

from __future__ import annotations

import typer
from rich.markup import escape

from ticketpilot.cli.common import JsonOption, WorkspaceOption, console, print_json, runtime_for
from ticketpilot.gate.model import GateResult
from ticketpilot.gate.service import run_gate

COLOURS = {"GO": "green", "NO-GO": "red", "UNANSWERED": "yellow"}


def gate_command(workspace: WorkspaceOption = None, as_json: JsonOption = False) -> None:
    """Answer the playbook's five go/no-go questions from the workspace, with the rule, the
    evidence and the report each comes from; writes reports/gate.{json,md}; exits 1 when any
    answer is not GO."""
    with runtime_for(workspace) as runtime:
        output = run_gate(runtime)
    if as_json:
        print_json(output.result.as_dict() | {"files": [str(p) for p in output.files]})
    else:
        print_gate(output.result)
        for path in output.files:
            console.print(f"  wrote {path}", highlight=False)
    if output.result.verdict != "GO":
        raise typer.Exit(1)


def print_gate(result: GateResult) -> None:
    """Each question with its verdict, finding, rule and evidence, then the overall verdict."""
    for a in result.answers:
        colour = COLOURS[a.verdict]
        console.print(f"[bold]Q{a.number}. {escape(a.question)}[/] [{colour}]{a.verdict}[/]")
        console.print(f"  {escape(a.finding)}", highlight=False)
        console.print(f"  [dim]rule: {escape(a.rule)}[/]", highlight=False)
        for key, value in a.evidence.items():
            console.print(f"  - {escape(key)}: {escape(value)}", highlight=False)
        if a.sources:
            console.print(f"  evidence in: {escape(', '.join(a.sources))}", highlight=False)
        if a.fix:
            console.print(f"  [yellow]to change it:[/] {escape(a.fix)}", highlight=False)
    colour = "green" if result.verdict == "GO" else "red"
    console.print(f"[bold {colour}]{escape(result.headline())}[/]")
