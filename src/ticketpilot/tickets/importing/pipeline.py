"""The import use case: stream a file through its importer into the store, in batches.

The reading side (:mod:`.reading`) turns records into batches; this module stores each batch
in one transaction holding its tickets, their messages, the rows quarantined since the last
batch and the import's running counts, so an interrupted import leaves whole tickets only, and
a re-run picks up where it stopped (unchanged tickets are skipped).

Into SQLite, a large file is read in a second process while this one writes
(:mod:`.reader_process`); into PostgreSQL, each batch is written on a thread while the next is
read (:mod:`.writer`), as the server does most of the storing. ``import.reader`` in the charter
picks: ``auto`` (a second process for a SQLite import of a file from :data:`PROCESS_FROM_BYTES`
on, with two or more cores), ``process`` (always, where the importer can be sent) or ``inline``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Generator
from contextlib import closing
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Literal

from sqlalchemy import Connection, Engine

from ticketpilot.errors import ImportFileError
from ticketpilot.store.bulk import bulk_stamp
from ticketpilot.store.imports import ImportLog
from ticketpilot.store.quarantine import QuarantineRepository
from ticketpilot.store.tickets import TicketRepository, WriteCounts
from ticketpilot.tickets.importing.collection import fewer_collections
from ticketpilot.tickets.importing.reader_process import can_send, read_in_process
from ticketpilot.tickets.importing.reading import ReadBatch, ReadCounts, ReadSettings, read_batches
from ticketpilot.tickets.importing.writer import BatchWriter
from ticketpilot.tickets.mapping import ColumnMapping
from ticketpilot.tickets.model import Rejection
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

    @property
    def tickets(self) -> int:
        """Distinct tickets this file holds (written, updated or already stored)."""
        return self.counts.inserted + self.counts.updated + self.counts.unchanged


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
    source = SourceFile.at(path)
    importer = importer_for(registry, source, options.fmt)
    mapping = replace(options.mapping, partial=options.update_only)
    if options.update_only and not (mapping.targets() - {"id"}):
        raise ImportFileError(
            "--update-only: name at least one field to set with --map COLUMN=FIELD"
        )
    sha256 = source.sha256()
    log = ImportLog(engine)
    import_id = log.start(str(path), sha256, importer.name, clock())
    status = "failed"
    # --update-only and drivers without a bulk path keep ticket objects, and read inline
    stamp = None if options.update_only else bulk_stamp(engine.dialect)
    settings = ReadSettings(mapping, options.max_body_chars, options.batch_size, import_id, stamp)
    in_process = stamp is not None and _reads_in_process(options.reader, source, importer, engine)
    # a server database stores a batch in its own process while we go on
    background = engine.dialect.name != "sqlite" and not options.update_only
    store = _Store(engine, import_id, sha256, options)
    batches: Generator[ReadBatch, None, None] = (
        read_in_process(importer, path, settings)
        if in_process
        else read_batches(importer, source, settings)
    )
    read = ReadCounts()  # the reading side's counts as of the last batch
    with closing(batches), BatchWriter(background=background) as writer, fewer_collections():
        try:
            for batch in batches:
                read = batch.counts
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
    if store.not_found:
        by_code["not_found"] = store.not_found
    return ImportResult(
        import_id,
        path,
        importer.name,
        read.records,
        store.counts,
        read.repeated,
        read.quarantined + store.not_found,
        by_code,
        status,
    )


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


class _Store:
    """The writing side: stores each batch with its rejections and the running counts in one
    transaction. :meth:`write` may run on the writer's thread: it touches only its batch and
    the write-side state (``counts``, ``not_found``, ``started``), which the reading loop leaves
    alone (``--update-only`` writes inline)."""

    def __init__(self, engine: Engine, import_id: int, sha256: str, options: ImportOptions) -> None:
        self.engine = engine
        self.import_id = import_id
        self.sha256 = sha256
        self.options = options
        self.tickets = TicketRepository(engine)
        self.quarantine = QuarantineRepository(engine)
        self.log = ImportLog(engine)
        self.counts = WriteCounts()
        self.not_found = 0
        """Rejections made here: ``--update-only`` rows whose ticket is not stored."""
        self.started = False

    def write(self, batch: ReadBatch) -> None:
        rejected = batch.rejected
        with self.engine.begin() as connection:
            if not self.started:
                self.quarantine.clear_for_file(connection, self.sha256, self.import_id)
                self.started = True
            if self.options.update_only:
                rejected = rejected + self._update(connection, batch)
            elif batch.rows is not None and batch.rows.tickets:
                self.counts.add(self.tickets.write_rows(connection, batch.rows))
            elif batch.tickets:
                written = self.tickets.write_batch(
                    connection, batch.tickets, self.import_id, batch.digests
                )
                self.counts.add(written)
            self.quarantine.add(connection, self.import_id, rejected)
            self.log.progress(
                connection,
                self.import_id,
                rows_read=batch.counts.records,
                inserted=self.counts.inserted,
                updated=self.counts.updated,
                unchanged=self.counts.unchanged,
                quarantined=batch.counts.quarantined + self.not_found,
            )

    def _update(self, connection: Connection, batch: ReadBatch) -> list[Rejection]:
        if not batch.tickets:
            return []
        fields = sorted(self.options.mapping.targets() - {"id"})
        counts, missing = self.tickets.update_fields(connection, batch.tickets, fields)
        self.counts.add(counts)
        rejected = []
        for ticket_id in missing:
            reason = f"no ticket with id {ticket_id!r} to update"
            rejected.append(Rejection(batch.lines[ticket_id], reason, "", ticket_id, "not_found"))
        self.not_found += len(rejected)
        return rejected
