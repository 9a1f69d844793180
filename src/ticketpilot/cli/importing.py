"""``ticketpilot import``, ``ticketpilot quarantine`` and ``ticketpilot formats``."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import TaskID
from rich.table import Table

from ticketpilot.cli.common import (
    JsonOption,
    WorkspaceOption,
    byte_progress,
    console,
    print_json,
    runtime_for,
    user_errors,
)
from ticketpilot.errors import ImportFileError
from ticketpilot.store.quarantine import QuarantineRepository
from ticketpilot.tickets.importing.pipeline import ImportOptions, ImportResult, import_file
from ticketpilot.tickets.mapping import ColumnMapping
from ticketpilot.tickets.model import REJECTION_CODES
from ticketpilot.tickets.registry import default_registry


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
    results: list[ImportResult] = []
    with runtime_for(workspace) as runtime:
        mapping = ColumnMapping.parse(maps or [], nulls or [])
        options = ImportOptions(
            fmt=fmt,
            mapping=mapping,
            update_only=update_only,
            max_body_chars=runtime.charter.importing.max_body_chars,
            batch_size=runtime.charter.importing.batch_size,
            reader=runtime.charter.importing.reader,
        )
        for path in files:
            if not path.is_file():
                raise typer.BadParameter(f"{path} is not a file", param_hint="FILES")
            with byte_progress(f"importing {path.name}", disable=as_json) as bar:
                task = bar.add_task(f"importing {path.name}", total=path.stat().st_size)

                def advance(done: int, total: int, task: TaskID = task) -> None:
                    bar.update(task, completed=done, total=total)

                result = import_file(
                    runtime.engine,
                    runtime.importers,
                    path,
                    options,
                    clock=runtime.clock,
                    progress=advance,
                )
            results.append(result)
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
        repo = QuarantineRepository(runtime.engine)
        rows = repo.list(limit=limit, import_id=import_id)
        total = repo.count(import_id)
    if as_json:
        print_json({"total": total, "rows": [asdict(r) for r in rows]})
        return
    table = Table(title=f"Quarantine: {total:,} rows (showing {len(rows)})")
    for column in ("import", "file", "line", "ticket", "reason"):
        table.add_column(column)
    for r in rows:
        table.add_row(str(r.import_id), Path(r.path).name, str(r.line), r.ticket_id or "", r.reason)
    console.print(table)


def formats_command() -> None:
    """List the import formats and the file suffixes each one claims."""
    with user_errors():
        registry = default_registry()
    table = Table(title="Import formats")
    for column in ("format", "suffixes", "what it reads"):
        table.add_column(column)
    for importer in registry:
        table.add_row(importer.name, " ".join(importer.suffixes), importer.description)
    console.print(table)


__all__ = ["ImportFileError", "formats_command", "import_command", "quarantine_command"]
