"""The import use case: stream a file through its importer into the store, in batches.

The reading side (:mod:`.reading`) turns records into batches; the writing side
(:mod:`.storing`) stores each batch in one transaction holding its tickets, their messages, the
rows quarantined since the last batch and the import's running counts, so an interrupted import
leaves whole tickets only, and a re-run picks up where it stopped (unchanged tickets are
skipped).

Into SQLite, a large file is read in a second process while this one writes
(:mod:`.reader_process`); into PostgreSQL, each batch is written on a thread while the next is
read (:mod:`.writer`), as the server does most of the storing. ``import.reader`` in the charter
picks: ``auto`` (a second process for a SQLite import of a file from :data:`PROCESS_FROM_BYTES`
on, with two or more cores), ``process`` (always, where the importer can be sent) or ``inline``.

Every import first settles what killed imports left behind (:func:`settle_abandoned`): log rows
still ``running`` whose process is gone become ``interrupted``, and their scratch folders are
removed.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Generator
from contextlib import closing
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Literal

from sqlalchemy import Engine

from ticketpilot.errors import ImportFileError
from ticketpilot.store.bulk import bulk_stamp
from ticketpilot.store.imports import ImportLog, ImportRecord
from ticketpilot.store.tickets import WriteCounts
from ticketpilot.tickets.checks import TimeWindow
from ticketpilot.tickets.conventions import ReadNotes
from ticketpilot.tickets.importing.collection import fewer_collections
from ticketpilot.tickets.importing.owner import is_alive, this_host
from ticketpilot.tickets.importing.reader_process import can_send, read_in_process
from ticketpilot.tickets.importing.reading import ReadBatch, ReadCounts, ReadSettings, read_batches
from ticketpilot.tickets.importing.scratch import remove_stale
from ticketpilot.tickets.importing.storing import BatchStore, Owner
from ticketpilot.tickets.importing.writer import BatchWriter
from ticketpilot.tickets.mapping import ColumnMapping
from ticketpilot.tickets.registry import Importer, Importers, importer_for
from ticketpilot.tickets.source import SourceFile

Progress = Callable[[int, int], None]
"""Called with (bytes read, file size) after each batch."""

Reader = Literal["auto", "process", "inline"]

PROCESS_FROM_BYTES = 32 << 20
"""``auto`` reads a file this large or larger in a second process (starting one takes ~0.4 s)."""


@dataclass(slots=True)
class ImportOptions:
    fmt: str | None = None
    mapping: ColumnMapping = field(default_factory=lambda: ColumnMapping(()))
    update_only: bool = False
    max_body_chars: int = 1_000_000
    batch_size: int = 5_000
    reader: Reader = "auto"
    source: str | None = None
    """``--source NAME``: the system the file's ids belong to; else the format's name."""
    same_system: bool = False
    """``--same-system``: the file's ids are the stored tickets' whatever their source."""
    id_prefix: str = ""
    """``--id-prefix``: put before every id, to keep another system's tickets apart."""


@dataclass(slots=True)
class ImportResult:
    import_id: int
    path: Path
    fmt: str
    records: int
    counts: WriteCounts
    repeated: int
    quarantined: int
    by_code: dict[str, int]
    status: str
    source: str = ""
    notes: ReadNotes = field(default_factory=ReadNotes)
    """The file's date order and CSAT scale as read, with their evidence, and warnings."""
    nul_removed: int = 0
    """Tickets that held NUL characters, removed before storing."""
    settled: list[ImportRecord] = field(default_factory=list)
    """Earlier imports found killed (their process gone) and marked ``interrupted``."""

    @property
    def tickets(self) -> int:
        """Distinct tickets this file holds (written, updated or already stored)."""
        return self.counts.inserted + self.counts.updated + self.counts.unchanged


def settle_abandoned(engine: Engine, clock: Callable[[], datetime]) -> list[ImportRecord]:
    """Mark imports whose process is gone ``interrupted`` and remove the scratch folders that
    dead imports left in ``TMPDIR``; returns the imports marked."""
    remove_stale()
    return ImportLog(engine).settle(this_host(), is_alive, clock())


def import_file(
    engine: Engine,
    registry: Importers,
    path: Path,
    options: ImportOptions,
    *,
    clock: Callable[[], datetime],
    progress: Progress | None = None,
) -> ImportResult:
    """Import ``path``; records that cannot be imported are quarantined with their reason."""
    settled = settle_abandoned(engine, clock)
    source = SourceFile.at(path)
    importer = importer_for(registry, source, options.fmt)
    mapping = replace(options.mapping, partial=options.update_only)
    if options.update_only and not (mapping.targets() - {"id"}):
        raise ImportFileError(
            "--update-only: name at least one field to set with --map COLUMN=FIELD"
        )
    sha256 = source.sha256()
    owner = Owner(
        options.source or _system(importer, source), options.same_system, bool(options.source)
    )
    log = ImportLog(engine)
    now = clock()
    import_id = log.start(
        str(path),
        sha256,
        importer.name,
        now,
        source=owner.source,
        pid=os.getpid(),
        host=this_host(),
    )
    status = "failed"
    # --update-only and drivers without a bulk path keep ticket objects, and read inline
    stamp = None if options.update_only else bulk_stamp(engine.dialect)
    settings = ReadSettings(
        mapping,
        options.max_body_chars,
        options.batch_size,
        import_id,
        stamp,
        TimeWindow.at(now),
        owner.source,
        options.id_prefix,
    )
    in_process = stamp is not None and _reads_in_process(options.reader, source, importer, engine)
    # a server database stores a batch in its own process while we go on
    background = engine.dialect.name != "sqlite" and not options.update_only
    store = BatchStore(
        engine, import_id, sha256, owner, mapping if options.update_only else None, clock
    )
    batches: Generator[ReadBatch, None, None] = (
        read_in_process(importer, path, settings)
        if in_process
        else read_batches(importer, source, settings)
    )
    read = ReadCounts()  # the reading side's counts as of the last batch
    notes = ReadNotes()
    with closing(batches), BatchWriter(background=background) as writer, fewer_collections():
        try:
            for batch in batches:
                read, notes = batch.counts, batch.notes
                writer.submit(store.write, batch)
                if progress:
                    progress(batch.bytes_read, source.size)
            writer.wait()
            status = "done"
            if progress:
                progress(source.size, source.size)
        except KeyboardInterrupt:
            status = "interrupted"
            raise
        finally:
            try:
                writer.close()  # an interrupted import ends on its last whole batch
            finally:
                log.finish(import_id, status, clock())
    by_code = dict(read.by_code)
    for code, count in (("not_found", store.not_found), ("id_collision", store.collided)):
        if count:
            by_code[code] = count
    return ImportResult(
        import_id,
        path,
        importer.name,
        read.records,
        store.counts,
        read.repeated,
        read.quarantined + store.not_found + store.collided,
        by_code,
        status,
        owner.source,
        notes,
        read.nul_removed,
        settled,
    )


def _system(importer: Importer, source: SourceFile) -> str:
    """The source name of a file no ``--source`` names: the system the importer tells it is
    from (``json`` tells the helpdesk), else the importer's name."""
    system = getattr(importer, "system", None)
    return str(system(source)) if callable(system) else importer.name


def _reads_in_process(
    reader: Reader, source: SourceFile, importer: Importer, engine: Engine
) -> bool:
    """``auto``: a second process for a large file into SQLite, on two or more cores. SQLite
    stores on the client's CPU, which a second process frees (1M CSV tickets: 65.7 s -> 43.3 s);
    with a server database the writer thread already overlaps the two and a process gained
    nothing (44.6 s -> 44.0 s) for ~80 MiB more."""
    if reader == "inline":
        return False
    if reader == "auto" and (
        engine.dialect.name != "sqlite" or source.size < PROCESS_FROM_BYTES or _cores() < 2
    ):
        return False
    return can_send(importer)


def _cores() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1
