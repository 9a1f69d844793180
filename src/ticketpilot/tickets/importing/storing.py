"""The writing side of an import: each batch stored in one transaction with its rejections.

:class:`BatchStore` stores a :class:`~ticketpilot.tickets.importing.reading.ReadBatch`: its
tickets, the rows quarantined since the last batch and the import's running counts, together,
so an interrupted import leaves whole tickets only. A ticket whose id another source holds is
not written: it is quarantined here (``id_collision``), where the store tells it. ``--update-only``
sets the mapped fields of stored tickets and quarantines the ids not found (``not_found``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, Engine

from ticketpilot.store.bulk import TICKET_COLUMNS
from ticketpilot.store.imports import ImportLog
from ticketpilot.store.quarantine import QuarantineRepository
from ticketpilot.store.tickets import Collision, TicketRepository, WriteCounts
from ticketpilot.tickets.importing.reading import ReadBatch
from ticketpilot.tickets.mapping import ColumnMapping
from ticketpilot.tickets.model import Rejection

_BODY = TICKET_COLUMNS.index("body")


@dataclass(frozen=True, slots=True)
class Owner:
    """Whose tickets an import writes: the source name, and whether the user said the file is
    the same system as the tickets already stored (``--same-system``) or named the source
    (``--source``)."""

    source: str
    same_system: bool = False
    named: bool = False


class BatchStore:
    """Stores each batch with its rejections and the running counts in one transaction.

    :meth:`write` may run on the writer's thread: it touches only its batch and the write-side
    state (``counts``, ``not_found``, ``collided``, ``started``), which the reading loop leaves
    alone (``--update-only`` writes inline)."""

    def __init__(
        self,
        engine: Engine,
        import_id: int,
        sha256: str,
        owner: Owner,
        update: ColumnMapping | None,
        clock: Callable[[], datetime],
    ) -> None:
        self.engine = engine
        self.import_id = import_id
        self.sha256 = sha256
        self.owner = owner
        self.update = update
        """The mapping of an ``--update-only`` import, else ``None``."""
        self.clock = clock
        self.tickets = TicketRepository(engine)
        self.quarantine = QuarantineRepository(engine)
        self.log = ImportLog(engine)
        self.counts = WriteCounts()
        self.not_found = 0
        """Rejections made here: ``--update-only`` rows whose ticket is not stored."""
        self.collided = 0
        """Rejections made here: tickets whose id another source holds."""
        self.started = False

    def write(self, batch: ReadBatch) -> None:
        rejected = batch.rejected
        with self.engine.begin() as connection:
            if not self.started:
                self.quarantine.clear_for_file(connection, self.sha256, self.import_id)
                self.started = True
            written = WriteCounts()
            if self.update is not None:
                written, missing = self._update(connection, batch)
                rejected = rejected + self._not_found(batch, missing)
            elif batch.rows is not None and batch.rows.tickets:
                written = self.tickets.write_rows(connection, batch.rows, self.owner.same_system)
            elif batch.tickets:
                written = self.tickets.write_batch(
                    connection,
                    batch.tickets,
                    self.import_id,
                    batch.digests,
                    self.owner.source,
                    self.owner.same_system,
                )
            rejected = rejected + self._collisions(batch, written.collided)
            written.collided = []
            self.counts.add(written)
            self.quarantine.add(connection, self.import_id, rejected)
            self.log.progress(
                connection,
                self.import_id,
                rows_read=batch.counts.records,
                inserted=self.counts.inserted,
                updated=self.counts.updated,
                unchanged=self.counts.unchanged,
                quarantined=batch.counts.quarantined + self.not_found + self.collided,
                now=self.clock(),
            )

    def _update(self, connection: Connection, batch: ReadBatch) -> tuple[WriteCounts, list[str]]:
        if not batch.tickets or self.update is None:
            return WriteCounts(), []
        fields = sorted(self.update.targets() - {"id"})
        source = self.owner.source if self.owner.named else None
        return self.tickets.update_fields(connection, batch.tickets, fields, source)

    def _not_found(self, batch: ReadBatch, missing: list[str]) -> list[Rejection]:
        rejected = [
            Rejection(
                batch.lines[ticket_id],
                f"no ticket with id {ticket_id!r} to update",
                "",
                ticket_id,
                "not_found",
            )
            for ticket_id in missing
        ]
        self.not_found += len(rejected)
        return rejected

    def _collisions(self, batch: ReadBatch, collided: Sequence[Collision]) -> list[Rejection]:
        if not collided:
            return []
        bodies = _bodies(batch)
        name = self.owner.source
        rejected = [
            Rejection(
                batch.lines[c.ticket_id],
                f"id {c.ticket_id!r} is already stored from source {c.stored_source!r}, and this "
                f"file's source is {name!r}: ids are per source, so it was not written. If both "
                "are the same system, import with --same-system (or give both the same "
                "--source NAME); to keep both tickets, import this file with --id-prefix",
                bodies.get(c.ticket_id, "")[:2_000],
                c.ticket_id,
                "id_collision",
            )
            for c in collided
        ]
        self.collided += len(rejected)
        return rejected


def _bodies(batch: ReadBatch) -> dict[str, str]:
    if batch.rows is not None:
        return {row[0]: row[_BODY] for row in batch.rows.tickets}
    return {t.id: t.body for t in batch.tickets}
