"""The reading side of an import: records in file order, checked and settled into batches.

:func:`read_batches` streams an importer's records and yields one :class:`ReadBatch` each time
``batch_size`` records (tickets or rejections) have gathered. A batch holds what the writing
side stores in one transaction: the new tickets (as driver rows when the database has a bulk
path, see :func:`~ticketpilot.store.bulk.row_batch`), the rejections since the last batch, and
the running counts as of its last record. It touches no database, so it can run in another
process (:mod:`.reader_process`) while this one writes.

Within one file, a record repeating an earlier record exactly is counted as ``repeated`` (the
same ticket listed twice); a record reusing an id with different content is quarantined. Every
ticket passes :mod:`ticketpilot.tickets.checks` first: NUL characters are removed (and
counted), impossible times and ratings are quarantined.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Generator
from dataclasses import dataclass, field

from ticketpilot.store.bulk import RowBatch, Stamp, row_batch
from ticketpilot.store.tickets import content_hash
from ticketpilot.tickets.checks import TimeWindow, has_nul, problem, strip_nul
from ticketpilot.tickets.conventions import ReadNotes
from ticketpilot.tickets.importing.scratch import scratch_error
from ticketpilot.tickets.importing.seen import SeenIds
from ticketpilot.tickets.mapping import ColumnMapping
from ticketpilot.tickets.model import Rejection, Ticket
from ticketpilot.tickets.registry import Importer
from ticketpilot.tickets.source import SourceFile


@dataclass(slots=True, frozen=True)
class ReadSettings:
    """What the reading side needs besides the file: the same in either process."""

    mapping: ColumnMapping
    max_body_chars: int
    batch_size: int
    import_id: int
    stamp: Stamp | None
    """How the writer binds datetimes; ``None`` keeps the batch as :class:`Ticket` objects."""
    window: TimeWindow
    """The times a ticket may carry (from the import's clock)."""
    source: str | None = None
    """The source the tickets are stored under (see :mod:`ticketpilot.store.tickets`)."""
    id_prefix: str = ""
    """Put before every ticket id (``--id-prefix``): another system's ids kept apart."""


@dataclass(slots=True)
class ReadCounts:
    """Running totals of the reading side."""

    records: int = 0
    repeated: int = 0
    quarantined: int = 0
    by_code: dict[str, int] = field(default_factory=dict)
    nul_removed: int = 0
    """Tickets that held NUL characters, removed before storing."""

    def copy(self) -> ReadCounts:
        return ReadCounts(
            self.records, self.repeated, self.quarantined, dict(self.by_code), self.nul_removed
        )


@dataclass(slots=True)
class ReadBatch:
    """One transaction's worth: new tickets, rejections, and the counts as of its last record."""

    rows: RowBatch | None
    """The tickets as driver rows, when :attr:`ReadSettings.stamp` is set."""
    tickets: list[Ticket]
    """The tickets themselves, when it is not (else empty)."""
    digests: dict[str, str]
    """``id -> content hash`` of the tickets."""
    lines: dict[str, int]
    """The line of each ticket's record, by id."""
    rejected: list[Rejection]
    counts: ReadCounts
    bytes_read: int
    notes: ReadNotes = field(default_factory=ReadNotes)
    """What the importer has learned about the file so far (date order, CSAT scale...)."""


def read_batches(
    importer: Importer, source: SourceFile, settings: ReadSettings
) -> Generator[ReadBatch, None, None]:
    """Read ``source`` with ``importer``, yielding a batch per ``settings.batch_size`` records
    and a last one (possibly empty) at the end of the file."""
    try:
        with SeenIds() as seen:
            side = _ReadSide(settings, seen)
            for line, item in importer.read(source, settings.mapping):
                side.take(line, item)
                if len(side.pending) + len(side.rejected) >= settings.batch_size:
                    yield side.batch(source.bytes_read, source.notes)
            yield side.batch(source.bytes_read, source.notes)
    except sqlite3.Error as exc:  # the scratch files' errors: the database's come as SQLAlchemy's
        raise scratch_error(exc) from exc


class _ReadSide:
    """The records read since the last batch; the ids seen so far are on disk."""

    def __init__(self, settings: ReadSettings, seen: SeenIds) -> None:
        self.settings = settings
        self.seen = seen
        self.pending: list[tuple[int, Ticket, str]] = []
        self.rejected: list[Rejection] = []
        self.counts = ReadCounts()

    def take(self, line: int, item: Ticket | Rejection) -> None:
        self.counts.records += 1
        if isinstance(item, Rejection):
            self.reject(item)
            return
        settings = self.settings
        if settings.id_prefix:
            item.id = settings.id_prefix + item.id
        size = len(item.body) + len(item.subject) + sum(len(m.body) for m in item.messages)
        limit = settings.max_body_chars
        if size > limit:
            reason = f"ticket text is {size:,} characters, over import.max_body_chars ({limit:,})"
            self.reject(Rejection(line, reason, item.body[:2_000] + " ...", item.id, "too_large"))
            return
        if has_nul(item):
            strip_nul(item)
            self.counts.nul_removed += 1
        if (failed := problem(item, settings.window)) is not None:
            code, reason = failed
            self.reject(Rejection(line, reason, item.body[:2_000], item.id, code))
            return
        self.pending.append((line, item, content_hash(item)))

    def reject(self, rejection: Rejection) -> None:
        self.rejected.append(rejection)
        self.counts.quarantined += 1
        by_code = self.counts.by_code
        by_code[rejection.code] = by_code.get(rejection.code, 0) + 1

    def batch(self, bytes_read: int, notes: ReadNotes) -> ReadBatch:
        """Settle the records read since the last batch into one: the first record of an id is
        kept, a later exact repeat is counted, a later different one is quarantined."""
        first = self.seen.find([item.id for _, item, _ in self.pending])
        tickets: list[Ticket] = []
        digests: dict[str, str] = {}
        lines: dict[str, int] = {}
        for line, item, digest in self.pending:
            earlier = first.get(item.id)
            if earlier is None:
                first[item.id] = (line, digest)
                tickets.append(item)
                digests[item.id] = digest
                lines[item.id] = line
            elif earlier[1] == digest:
                self.counts.repeated += 1
            else:
                reason = (
                    f"duplicate id {item.id!r}: line {earlier[0]} has the same id, other content"
                )
                self.reject(Rejection(line, reason, item.body[:2_000], item.id, "duplicate_id"))
        self.seen.add([(key, lines[key], digest) for key, digest in digests.items()])
        self.pending = []
        settings = self.settings
        stamp = settings.stamp
        rows = (
            None
            if stamp is None
            else row_batch(tickets, digests, settings.import_id, stamp, settings.source)
        )
        batch = ReadBatch(
            rows,
            tickets if rows is None else [],
            digests,
            lines,
            self.rejected,
            self.counts.copy(),
            bytes_read,
            notes,
        )
        self.rejected = []
        return batch
