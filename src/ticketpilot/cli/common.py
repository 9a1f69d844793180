"""What every command shares: the workspace option, the runtime, JSON output, error handling."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from ticketpilot.errors import TicketpilotError
from ticketpilot.runtime import Runtime, build_runtime

console = Console()
err_console = Console(stderr=True)

WorkspaceOption = Annotated[
    Path | None,
    typer.Option(
        "--workspace",
        "-w",
        help="Workspace folder (else $TICKETPILOT_WORKSPACE, else the current folder).",
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]


@contextmanager
def user_errors() -> Iterator[None]:
    """Print a :class:`TicketpilotError` as one clear message and exit 2."""
    try:
        yield
    except TicketpilotError as exc:
        err_console.print(
            f"[bold red]error:[/] {escape(str(exc))}", highlight=False, soft_wrap=True
        )
        raise typer.Exit(2) from None


@contextmanager
def runtime_for(workspace: Path | None) -> Iterator[Runtime]:
    """The runtime for a command, closed afterwards; user errors exit 2 with a message."""
    with user_errors():
        runtime = build_runtime(workspace)
        try:
            yield runtime
        finally:
            runtime.close()


def print_json(payload: Any) -> None:
    """JSON to stdout, dates as ISO strings."""
    typer.echo(json.dumps(payload, indent=2, default=str, ensure_ascii=False))


def byte_progress(description: str, *, disable: bool = False) -> Progress:
    """A rich progress bar over bytes of a file."""
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=err_console,
        disable=disable,
        transient=False,
    )
