"""``ticketpilot import``, ``imports``, ``quarantine`` and ``formats``."""

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
    ImportRecord,
    ImportResult,
    import_files,
    import_formats,
    import_options,
    list_imports,
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
    date_order: Annotated[
        str | None,
        typer.Option(
            "--date-order",
            help="How numeric dates read: dmy, mdy or ymd (else told from the file's dates).",
        ),
    ] = None,
    csat_scale: Annotated[
        str | None,
        typer.Option(
            "--csat-scale",
            help="The ratings' scale: 1-5, 1-10, 0-100 or good-bad (else told from the file).",
        ),
    ] = None,
    source: Annotated[
        str | None,
        typer.Option(
            "--source",
            help="The system the file's ids belong to (else the format); same name, same ids.",
        ),
    ] = None,
    same_system: Annotated[
        bool,
        typer.Option(
            "--same-system",
            help="The file's ids are those of the tickets already stored, whatever their source.",
        ),
    ] = False,
    id_prefix: Annotated[
        str,
        typer.Option(
            "--id-prefix", help="Put before every id, e.g. zd- (keeps two systems apart)."
        ),
    ] = "",
    workspace: WorkspaceOption = None,
    as_json: JsonOption = False,
) -> None:
    """Import tickets; rows that cannot be imported are quarantined with their line and reason."""
    for path in files:
        if not path.is_file():
            raise typer.BadParameter(f"{path} is not a file", param_hint="FILES")
    with runtime_for(workspace) as runtime, PhaseProgress(disable=as_json, unit="bytes") as bar:
        options = import_options(
            runtime,
            fmt=fmt,
            maps=maps or [],
            nulls=nulls or [],
            update_only=update_only,
            date_order=date_order,
            csat_scale=csat_scale,
            source=source,
            same_system=same_system,
            id_prefix=id_prefix,
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
    notes = result.notes
    return {
        "import_id": result.import_id,
        "path": str(result.path),
        "format": result.fmt,
        "source": result.source,
        "records": result.records,
        "tickets": result.tickets,
        "inserted": result.counts.inserted,
        "updated": result.counts.updated,
        "unchanged": result.counts.unchanged,
        "repeated": result.repeated,
        "quarantined": result.quarantined,
        "quarantined_by_code": result.by_code,
        "nul_removed": result.nul_removed,
        "date_order": asdict(notes.date_order) if notes.date_order else None,
        "csat_scale": asdict(notes.csat_scale) if notes.csat_scale else None,
        "warnings": notes.warnings,
        "interrupted_earlier": [_settled(r) for r in result.settled],
        "status": result.status,
    }


def _settled(record: ImportRecord) -> dict[str, object]:
    return {
        "import_id": record.id,
        "path": record.path,
        "rows_read": record.rows_read,
        "inserted": record.inserted,
        "last_seen": record.finished_at.isoformat() if record.finished_at else None,
    }


def _render(result: ImportResult) -> None:
    for record in result.settled:
        console.print(f"[yellow]{_interrupted(record)}[/]")
    c = result.counts
    console.print(
        f"[bold]{result.path.name}[/] ({result.fmt}, source {result.source}, import "
        f"#{result.import_id}): {result.records:,} records -> {result.tickets:,} tickets "
        f"([green]{c.inserted:,} new[/], {c.updated:,} updated, {c.unchanged:,} unchanged), "
        f"{result.repeated:,} exact repeats, [yellow]{result.quarantined:,} quarantined[/]"
    )
    for code, n in sorted(result.by_code.items(), key=lambda kv: -kv[1]):
        console.print(f"    {n:>7,}  {REJECTION_CODES.get(code, code)}")
    if result.quarantined:
        console.print("    see them with `ticketpilot quarantine`")
    notes = result.notes
    if notes.date_order:
        console.print(f"    date order: {notes.date_order.value} ({notes.date_order.evidence})")
    if notes.csat_scale:
        console.print(f"    CSAT scale: {notes.csat_scale.value} ({notes.csat_scale.evidence})")
    if result.nul_removed:
        console.print(f"    {result.nul_removed:,} ticket(s) held NUL characters: removed")
    for warning in notes.warnings:
        console.print(f"    [bold red]warning:[/] {warning}")


def _interrupted(record: ImportRecord) -> str:
    seen = f"{record.finished_at:%Y-%m-%d %H:%M}" if record.finished_at else "?"
    return (
        f"import #{record.id} ({Path(record.path).name}) was killed: its process "
        f"{record.pid} is gone; marked interrupted after {record.rows_read:,} records "
        f"({record.inserted:,} new tickets, last seen {seen}). Import the file again to resume."
    )


def imports_command(
    workspace: WorkspaceOption = None,
    as_json: JsonOption = False,
) -> None:
    """List the import runs: file, source, counts and status (killed runs are marked interrupted)."""
    with runtime_for(workspace) as runtime:
        listing = list_imports(runtime)
    if as_json:
        print_json(
            {
                "imports": [asdict(r) for r in listing.imports],
                "interrupted_now": [r.id for r in listing.settled],
            }
        )
        return
    for record in listing.settled:
        console.print(f"[yellow]{_interrupted(record)}[/]")
    table = Table(title=f"Imports: {len(listing.imports):,}")
    for column in ("import", "file", "format", "source", "started", "records", "new", "quarantined", "status"):  # fmt: skip
        table.add_column(column)
    for r in listing.imports:
        table.add_row(
            str(r.id),
            Path(r.path).name,
            r.format,
            r.source or "",
            f"{r.started_at:%Y-%m-%d %H:%M}",
            f"{r.rows_read:,}",
            f"{r.inserted:,}",
            f"{r.quarantined:,}",
            r.status,
        )
    console.print(table)


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


__all__ = ["formats_command", "import_command", "imports_command", "quarantine_command"]
