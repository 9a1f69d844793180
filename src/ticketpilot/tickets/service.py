"""The ticket use cases: import export files into the workspace, list the quarantine and the
imports, the formats.

``ticketpilot import``, ``imports``, ``quarantine`` and ``formats`` and the demo call these; the
import machinery itself (reading, batching, the writer) lives in
:mod:`ticketpilot.tickets.importing`. Listing the imports or the quarantine first marks imports
killed from outside ``interrupted`` (their process is gone), as every import does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ticketpilot.errors import ImportFileError
from ticketpilot.runtime import Runtime
from ticketpilot.store.imports import ImportLog, ImportRecord
from ticketpilot.store.quarantine import QuarantinedRow, QuarantineRepository
from ticketpilot.tickets.importers import default_importers
from ticketpilot.tickets.importing.pipeline import (
    ImportOptions,
    ImportResult,
    import_file,
    settle_abandoned,
)
from ticketpilot.tickets.mapping import ColumnMapping
from ticketpilot.tickets.registry import Importer

__all__ = [
    "FileProgress",
    "ImportListing",
    "ImportRecord",
    "ImportResult",
    "QuarantineListing",
    "import_files",
    "import_formats",
    "import_options",
    "list_imports",
    "list_quarantine",
]

SOURCE_CHARS = 64
"""The longest source name the store keeps (``tickets.source``)."""

FileProgress = Callable[[Path, int, int], None]
"""Called with (file, bytes read, file size) after each batch of a file."""


def import_options(
    runtime: Runtime,
    *,
    fmt: str | None = None,
    maps: Sequence[str] = (),
    nulls: Sequence[str] = (),
    update_only: bool = False,
    date_order: str | None = None,
    csat_scale: str | None = None,
    source: str | None = None,
    same_system: bool = False,
    id_prefix: str = "",
) -> ImportOptions:
    """The options of an import: the user's mapping and the charter's ``[import]`` settings."""
    settings = runtime.charter.importing
    if source is not None and not 0 < len(source.strip()) <= SOURCE_CHARS:
        raise ImportFileError(
            f"--source {source!r}: give the source a name of 1 to {SOURCE_CHARS} characters, "
            "e.g. --source zendesk-eu"
        )
    return ImportOptions(
        fmt=fmt,
        mapping=ColumnMapping.parse(
            list(maps), list(nulls), date_order=date_order, csat_scale=csat_scale
        ),
        update_only=update_only,
        max_body_chars=settings.max_body_chars,
        batch_size=settings.batch_size,
        reader=settings.reader,
        source=source.strip() if source else None,
        same_system=same_system,
        id_prefix=id_prefix,
    )


def import_files(
    runtime: Runtime,
    paths: Sequence[Path],
    options: ImportOptions,
    progress: FileProgress | None = None,
) -> list[ImportResult]:
    """Import each file in turn; a path that is not a file is refused before anything is read."""
    for path in paths:
        if not path.is_file():
            raise ImportFileError(f"{path} is not a file")
    results = []
    for path in paths:

        def advance(done: int, total: int, path: Path = path) -> None:
            if progress is not None:
                progress(path, done, total)

        results.append(
            import_file(
                runtime.engine,
                runtime.importers,
                path,
                options,
                clock=runtime.clock,
                progress=advance,
            )
        )
    return results


@dataclass(frozen=True, slots=True)
class QuarantineListing:
    """The newest quarantined rows (at most the limit asked for) and how many there are."""

    total: int
    rows: list[QuarantinedRow]


def list_quarantine(
    runtime: Runtime, *, limit: int = 50, import_id: int | None = None
) -> QuarantineListing:
    """Quarantined rows, newest import first, optionally of one import."""
    settle_abandoned(runtime.engine, runtime.clock)
    repo = QuarantineRepository(runtime.engine)
    return QuarantineListing(repo.count(import_id), repo.list(limit=limit, import_id=import_id))


@dataclass(frozen=True, slots=True)
class ImportListing:
    """The import runs, oldest first, and those just found killed and marked interrupted."""

    imports: list[ImportRecord]
    settled: list[ImportRecord]


def list_imports(runtime: Runtime) -> ImportListing:
    """Every import run with its counts and status, after settling the killed ones."""
    settled = settle_abandoned(runtime.engine, runtime.clock)
    return ImportListing(ImportLog(runtime.engine).all(), settled)


def import_formats(runtime: Runtime | None = None) -> list[Importer]:
    """The registered importers in registration order (the built-ins without a workspace)."""
    return list(runtime.importers if runtime is not None else default_importers())
