"""The import use case: stream a file through its importer into the store, in batches.

Every batch is one transaction holding its tickets, their messages, the rows quarantined since
the last batch and the import's running counts, so an interrupted import leaves whole tickets
only, and a re-run picks up where it stopped (unchanged tickets are skipped).

Within one file, a record repeating an earlier record exactly is counted as ``repeated`` (the
same ticket listed twice); a record reusing an id with different content is quarantined.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from sqlalchemy import Connection, Engine

from ticketpilot.errors import ImportFileError
from ticketpilot.store.imports import ImportLog
from ticketpilot.store.quarantine import QuarantineRepository
from ticketpilot.store.tickets import TicketRepository, WriteCounts, content_hash
from ticketpilot.tickets.mapping import ColumnMapping
from ticketpilot.tickets.model import Rejection, Ticket
from ticketpilot.tickets.registry import ImporterRegistry
from ticketpilot.tickets.scratch import scratch_error
from ticketpilot.tickets.seen import SeenIds
from ticketpilot.tickets.source import SourceFile
from ticketpilot.tickets.writer import BatchWriter

Progress = Callable[[int, int], None]
"""Called with (bytes read, file size) after each batch."""


@dataclass(slots=True)
class ImportOptions:
    fmt: str | None = None
    mapping: ColumnMapping = field(default_factory=lambda: ColumnMapping(()))
    update_only: bool = False
    max_body_chars: int = 1_000_000
    batch_size: int = 5_000


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
    registry: ImporterRegistry,
    path: Path,
    options: ImportOptions,
    *,
    clock: Callable[[], datetime],
    progress: Progress | None = None,
) -> ImportResult:
    """Import ``path``; records that cannot be imported are quarantined with their reason."""
    source = SourceFile.at(path)
    importer = registry.get(options.fmt) if options.fmt else registry.for_file(source)
    mapping = replace(options.mapping, partial=options.update_only)
    if options.update_only and not (mapping.targets() - {"id"}):
        raise ImportFileError(
            "--update-only: name at least one field to set with --map COLUMN=FIELD"
        )
    sha256 = source.sha256()
    log = ImportLog(engine)
    import_id = log.start(str(path), sha256, importer.name, clock())
    status = "failed"
    # a server database stores a batch in its own process while we read the next one
    background = engine.dialect.name != "sqlite" and not options.update_only
    with SeenIds() as seen, BatchWriter(background=background) as writer:
        run = _Run(engine, import_id, sha256, options, seen, writer)
        try:
            for line, item in importer.read(source, mapping):
                run.take(line, item)
                if len(run.pending) + len(run.rejected) >= options.batch_size:
                    run.flush()
                    if progress:
                        progress(source.bytes_read, source.size)
            run.flush()
            writer.wait()
            status = "done"
            if progress:
                progress(source.size, source.size)
        except KeyboardInterrupt:
            status = "interrupted"
            raise
        except sqlite3.Error as exc:  # the main database's errors come as SQLAlchemy's
            raise scratch_error(exc) from exc
        finally:
            try:
                writer.close()  # an interrupted import ends on its last whole batch
            finally:
                log.finish(import_id, status, clock())
    return ImportResult(
        import_id,
        path,
        importer.name,
        run.records,
        run.counts,
        run.repeated,
        run.quarantined,
        run.by_code,
        status,
    )


class _Run:
    """The state of one import while it streams: the records read since the last batch, the
    batch they settle into, the counts; the ids seen so far are on disk (:class:`SeenIds`)."""

    def __init__(
        self,
        engine: Engine,
        import_id: int,
        sha256: str,
        options: ImportOptions,
        seen: SeenIds,
        writer: BatchWriter,
    ) -> None:
        self.engine = engine
        self.import_id = import_id
        self.sha256 = sha256
        self.options = options
        self.seen = seen
        self.writer = writer
        self.tickets = TicketRepository(engine)
        self.quarantine = QuarantineRepository(engine)
        self.log = ImportLog(engine)
        self.pending: list[tuple[int, Ticket, str]] = []
        self.batch: list[Ticket] = []
        self.digests: dict[str, str] = {}
        self.lines: dict[str, int] = {}
        self.rejected: list[Rejection] = []
        self.records = 0
        self.repeated = 0
        self.quarantined = 0
        self.counts = WriteCounts()
        self.by_code: dict[str, int] = {}
        self.started = False

    def take(self, line: int, item: Ticket | Rejection) -> None:
        self.records += 1
        if isinstance(item, Rejection):
            self.reject(item)
            return
        size = len(item.body) + len(item.subject) + sum(len(m.body) for m in item.messages)
        limit = self.options.max_body_chars
        if size > limit:
            reason = f"ticket text is {size:,} characters, over import.max_body_chars ({limit:,})"
            self.reject(Rejection(line, reason, item.body[:2_000] + " ...", item.id, "too_large"))
            return
        self.pending.append((line, item, content_hash(item)))

    def settle(self) -> None:
        """Move the records read since the last batch into it: the first record of an id is
        kept, a later exact repeat is counted, a later different one is quarantined."""
        first = self.seen.find([item.id for _, item, _ in self.pending])
        new: list[tuple[str, int, str]] = []
        for line, item, digest in self.pending:
            earlier = first.get(item.id)
            if earlier is None:
                first[item.id] = (line, digest)
                new.append((item.id, line, digest))
                self.batch.append(item)
                self.digests[item.id] = digest
                self.lines[item.id] = line
            elif earlier[1] == digest:
                self.repeated += 1
            else:
                reason = (
                    f"duplicate id {item.id!r}: line {earlier[0]} has the same id, other content"
                )
                self.reject(Rejection(line, reason, item.body[:2_000], item.id, "duplicate_id"))
        self.seen.add(new)
        self.pending = []

    def reject(self, rejection: Rejection) -> None:
        self.rejected.append(rejection)
        self.quarantined += 1
        self.by_code[rejection.code] = self.by_code.get(rejection.code, 0) + 1

    def flush(self) -> None:
        self.settle()
        self.writer.submit(
            self._write, self.batch, self.digests, self.rejected, self.records, self.quarantined
        )
        self.batch, self.rejected, self.digests, self.lines = [], [], {}, {}

    def _write(
        self,
        batch: list[Ticket],
        digests: dict[str, str],
        rejected: list[Rejection],
        records: int,
        quarantined: int,
    ) -> None:
        """Store one batch with its rejections and the counts as of its last record, in one
        transaction. May run on the writer's thread: it touches only its arguments and the
        write-side state (``counts``, ``started``), which the reading side leaves alone
        (``--update-only`` writes inline, so its not-found rejections join the reading side's)."""
        with self.engine.begin() as connection:
            if not self.started:
                self.quarantine.clear_for_file(connection, self.sha256, self.import_id)
                self.started = True
            if batch and self.options.update_only:
                self._update(connection, batch)  # inline: may reject into self.rejected
                rejected, quarantined = self.rejected, self.quarantined
            elif batch:
                written = self.tickets.write_batch(connection, batch, self.import_id, digests)
                self.counts.add(written)
            self.quarantine.add(connection, self.import_id, rejected)
            self.log.progress(
                connection,
                self.import_id,
                rows_read=records,
                inserted=self.counts.inserted,
                updated=self.counts.updated,
                unchanged=self.counts.unchanged,
                quarantined=quarantined,
            )

    def _update(self, connection: Connection, batch: list[Ticket]) -> None:
        fields = sorted(self.options.mapping.targets() - {"id"})
        counts, missing = self.tickets.update_fields(connection, batch, fields)
        self.counts.add(counts)
        for ticket_id in missing:
            line = self.lines[ticket_id]
            reason = f"no ticket with id {ticket_id!r} to update"
            self.reject(Rejection(line, reason, "", ticket_id, "not_found"))
