"""``ticketpilot init`` and ``ticketpilot charter check``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ticketpilot.charter import charter_template, load_charter
from ticketpilot.cli.common import WorkspaceOption, console, user_errors
from ticketpilot.errors import CharterError
from ticketpilot.pilot.experiments import experiment_problems
from ticketpilot.workspace import create_workspace, find_workspace

charter_app = typer.Typer(help="Check the program charter.", no_args_is_help=True)


def init(
    path: Annotated[Path, typer.Argument(help="Folder for the new workspace.")] = Path("."),
    force: Annotated[bool, typer.Option(help="Overwrite an existing charter.")] = False,
) -> None:
    """Create a workspace: a commented ticketpilot.toml charter and the folders it uses."""
    with user_errors():
        workspace = create_workspace(path, charter_template(), force=force)
    console.print(f"Created workspace [bold]{workspace.root}[/]")
    console.print(
        f"  charter  {workspace.charter_path}  (edit it: baseline, targets, owners, pilot)"
    )
    console.print(f"  next     ticketpilot import FILE --workspace {workspace.root}")


@charter_app.command("check")
def check(workspace: WorkspaceOption = None) -> None:
    """Validate ticketpilot.toml and name every invalid key, value and rule."""
    with user_errors():
        found = find_workspace(workspace)
        charter = load_charter(found.charter_path)
        problems = experiment_problems(charter)
        if problems:
            raise CharterError(f"{found.charter_path} is invalid:\n"
                               + "\n".join(f"  - {line}" for line in problems))  # fmt: skip
    experiment = charter.experiment
    console.print(
        f"[green]ok[/] {found.charter_path}: program {charter.program.name!r}, "
        f"pilot share {charter.pilot.cohort_share:.0%}, budget "
        f"{charter.budget.monthly:,.0f} {charter.program.currency}/month"
        + (f", experiment {experiment.name!r} ({len(experiment.variants)} variants)"
           if experiment else "")
    )  # fmt: skip
