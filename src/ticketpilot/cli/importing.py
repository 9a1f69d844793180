"""``ticketpilot import``, ``ticketpilot quarantine`` and ``ticketpilot formats``."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from ticketpilot.cli.common import (
    JsonOption,
    PhaseProgress,
    WorkspaceOption,
    console,
    print_json,
    runtime_for,
    user_errors,
)
from ticketpilot.tickets.model import REJECTION_CODES
from ticketpilot.tickets.service import (
    ImportResult,
    import_files,
    import_formats,
    import_options,
    list_quarantine,
)


def import_command(
    files: Annotated[
        list[Path],
        typer.Argument(help="Export files (.csv, .jsonl, .json, .parquet; .gz/.bz2/.xz ok)."),
    ],
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format", "-f", help="Format name (see `ticketpilot formats`); else by suffix."
        ),
    ] = None,
    maps: Annotated[
        list[str] | None, typer.Option("--map", "-m", help="COLUMN=FIELD, repeatable.")
    ] = None,
    nulls: Annotated[
        list[str] | None,
        typer.Option("--null", help="A value to read as missing, e.g. UNK; repeatable."),
    ] = None,
    update_only: Annotated[
        bool,
        typer.Option(
            "--update-only",
            help="Only set the mapped fields of tickets already imported (e.g. a label file).",
        ),
    ] = False,
    workspace: WorkspaceOption = None,
    as_json: JsonOption = False,
) -> None:
    """Import tickets; rows that cannot be imported are quarantined with their line and reason."""
    for path in files:
        if not path.is_file():
            raise typer.BadParameter(f"{path} is not a file", param_hint="FILES")
    with runtime_for(workspace) as runtime, PhaseProgress(disable=as_json, unit="bytes") as bar:
        options = import_options(
            runtime, fmt=fmt, maps=maps or [], nulls=nulls or [], update_only=update_only
        )
        results = import_files(
            runtime,
            files,
            options,
            lambda path, done, total: bar(f"importing {path.name}", done, total),
        )
    if as_json:
        print_json([_as_dict(r) for r in results])
        return
    for result in results:
        _render(result)


def _as_dict(result: ImportResult) -> dict[str, object]:
    return {
        "import_id": result.import_id,
        "path": str(result.path),
        "format": result.fmt,
        "records": result.records,
        "tickets": result.tickets,
        **asdict(result.counts),
        "repeated": result.repeated,
        "quarantined": result.quarantined,
        "quarantined_by_code": result.by_code,
        "status": result.status,
    }


def _render(result: ImportResult) -> None:
    c = result.counts
    console.print(
        f"[bold]{result.path.name}[/] ({result.fmt}, import #{result.import_id}): "
        f"{result.records:,} records -> {result.tickets:,} tickets ([green]{c.inserted:,} new[/], "
        f"{c.updated:,} updated, {c.unchanged:,} unchanged), {result.repeated:,} exact repeats, "
        f"[yellow]{result.quarantined:,} quarantined[/]"
    )
    for code, n in sorted(result.by_code.items(), key=lambda kv: -kv[1]):
        console.print(f"    {n:>7,}  {REJECTION_CODES.get(code, code)}")
    if result.quarantined:
        console.print("    see them with `ticketpilot quarantine`")


def quarantine_command(
    limit: Annotated[int, typer.Option(help="Rows to show.")] = 50,
    import_id: Annotated[
        int | None, typer.Option("--import", help="Only this import number.")
    ] = None,
    workspace: WorkspaceOption = None,
    as_json: JsonOption = False,
) -> None:
    """List quarantined rows: file, line, ticket id and the reason they were not imported."""
    with runtime_for(workspace) as runtime:
        listing = list_quarantine(runtime, limit=limit, import_id=import_id)
    rows = listing.rows
    if as_json:
        print_json({"total": listing.total, "rows": [asdict(r) for r in rows]})
        return
    table = Table(title=f"Quarantine: {listing.total:,} rows (showing {len(rows)})")
    for column in ("import", "file", "line", "ticket", "reason"):
        table.add_column(column)
    for r in rows:
        table.add_row(str(r.import_id), Path(r.path).name, str(r.line), r.ticket_id or "", r.reason)
    console.print(table)


def formats_command() -> None:
    """List the import formats and the file suffixes each one claims."""
    with user_errors():
        importers = import_formats()
    table = Table(title="Import formats")
    for column in ("format", "suffixes", "what it reads"):
        table.add_column(column)
    for importer in importers:
        table.add_row(importer.name, " ".join(importer.suffixes), importer.description)
    console.print(table)


__all__ = ["formats_command", "import_command", "quarantine_command"]
