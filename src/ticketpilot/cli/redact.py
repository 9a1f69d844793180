"""``ticketpilot redact``: redact a text file or a ticket export; ``--restore`` reverses it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ticketpilot.cli.common import JsonOption, WorkspaceOption, console, print_json, user_errors
from ticketpilot.pii.service import redact_file, restore_redacted


def redact_command(
    file: Annotated[
        Path, typer.Argument(exists=True, dir_okay=False, help="A .txt file or a ticket export.")
    ],
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Output file (default: beside FILE).")
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option("--format", "-f", help="'text', or an import format; else by suffix."),
    ] = None,
    maps: Annotated[
        list[str] | None, typer.Option("--map", "-m", help="COLUMN=FIELD for ticket exports.")
    ] = None,
    restore_from: Annotated[
        Path | None,
        typer.Option(
            "--restore", help="Vault file: restore FILE (a redacted output) with the workspace key."
        ),
    ] = None,
    workspace: WorkspaceOption = None,
    as_json: JsonOption = False,
) -> None:
    """Replace PII with placeholders like <EMAIL_ADDRESS_1>; the originals are sealed with the workspace key."""
    with user_errors():
        if restore_from is not None:
            target, units = restore_redacted(workspace, file, restore_from, out)
            console.print(f"restored {units:,} unit(s) into {target}")
            return
        run = redact_file(workspace, file, out=out, fmt=fmt, maps=maps or [])
    payload = {
        "output": str(run.output),
        "vault": str(run.vault),
        "units": run.units,
        "placeholders": run.placeholders,
        "by_type": run.by_type,
        "rejected": run.rejected,
    }
    if as_json:
        print_json(payload)
        return
    kinds = ", ".join(f"{k} {v:,}" for k, v in sorted(run.by_type.items(), key=lambda kv: -kv[1]))
    console.print(
        f"redacted {run.units:,} {'file' if run.text_mode else 'tickets'} -> {run.output}"
    )
    console.print(f"  {run.placeholders:,} distinct values replaced: {kinds or 'none found'}")
    console.print(
        f"  originals sealed with the workspace key in {run.vault} (restore with --restore)"
    )
    if run.rejected:
        console.print(
            f"  {run.rejected:,} unreadable records skipped (see `ticketpilot import` for reasons)"
        )
