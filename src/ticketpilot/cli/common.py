"""What every command shares: the workspace option, the runtime, JSON output, error handling."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    DownloadColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
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


class PhaseProgress:
    """Progress of long work, one bar per phase: ``progress(phase, done, total)``.

    On a terminal it draws rich bars (bytes when ``unit="bytes"``); elsewhere (CI logs, pipes)
    it prints a plain line when a phase starts, about every 10% or 15 s, and when it ends, so
    long work is never silent. ``disable`` turns it off (``--json``).
    """

    def __init__(self, *, disable: bool = False, unit: str = "items") -> None:
        self._disabled = disable
        self._live = not disable and err_console.is_terminal
        columns = [TextColumn("[bold]{task.description}"), BarColumn()]
        columns.append(DownloadColumn() if unit == "bytes" else MofNCompleteColumn())
        columns += [TimeElapsedColumn(), TimeRemainingColumn()]
        self._bar = Progress(*columns, console=err_console, disable=not self._live)
        self._tasks: dict[str, TaskID] = {}
        self._printed: dict[str, tuple[float, float]] = {}
        self._unit = unit

    def __enter__(self) -> PhaseProgress:
        self._bar.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self._bar.__exit__(None, None, None)

    def __call__(self, phase: str, done: int, total: int) -> None:
        if self._disabled:
            return
        if self._live:
            if phase not in self._tasks:
                self._tasks[phase] = self._bar.add_task(phase, total=total or None)
            self._bar.update(self._tasks[phase], completed=done, total=total or None)
            return
        self._plain(phase, done, total)

    def phase(self, name: str) -> Callable[[int, int], None]:
        """A ``progress(done, total)`` callback for one named phase."""
        return lambda done, total: self(name, done, total)

    def _plain(self, phase: str, done: int, total: int) -> None:
        now = time.monotonic()
        share = done / total if total else 0.0
        last = self._printed.get(phase)
        finished = bool(total) and done >= total
        if last is not None and not finished and share - last[1] < 0.1 and now - last[0] < 15:
            return
        if last is not None and last[1] >= 1.0:
            return
        self._printed[phase] = (now, 1.0 if finished else share)
        if self._unit == "bytes":
            amount = (
                f"{done / 1e6:,.1f} of {total / 1e6:,.1f} MB" if total else f"{done / 1e6:,.1f} MB"
            )
        else:
            amount = f"{done:,} of {total:,}" if total else f"{done:,}"
        err_console.print(f"{phase}: {amount}", highlight=False, soft_wrap=True)
