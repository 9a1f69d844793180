"""Tickets taken in from a helpdesk: stored idempotently by id, assigned an arm once."""

from __future__ import annotations

from collections.abc import Sequence

from ticketpilot.errors import PilotError, StorageError
from ticketpilot.pilot.events import Assigned
from ticketpilot.pilot.records import Fingerprint
from ticketpilot.pilot.results import IngestResult, TicketWrite
from ticketpilot.pilot.service.admission import (
    ATTEMPTS,
    MAX_KEY,
    integrity_errors,
    stored_fingerprint,
)
from ticketpilot.pilot.service.design import LIVE, cohort_design
from ticketpilot.pilot.service.feedback import record_batch
from ticketpilot.runtime import Runtime
from ticketpilot.store.idempotent import write_transaction
from ticketpilot.store.pilot_tickets import PilotTickets, ticket_facts
from ticketpilot.store.tickets import TicketRepository, content_hash
from ticketpilot.tickets.model import Ticket


def ingest_ticket(runtime: Runtime, ticket: Ticket, *, source: str) -> IngestResult:
    """Take in one ticket from a helpdesk (webhook-style), idempotent by the helpdesk's id.

    The ticket is written through the ticket repository (a new one inserted, a changed one
    replaced, an unchanged one skipped by its content hash); the first time, its arm is
    assigned from the charter's design and stored with the design's fingerprint, and one
    ``assigned`` event is recorded (pilot arms only). Later calls keep the stored arm, even
    when the charter's design changed since (``design_changed`` says so). Safe when several
    workers receive the same ticket at once: one assigns it, the others see it assigned.
    """
    return ingest_tickets(runtime, [ticket], source=source)[0]


def ingest_tickets(runtime: Runtime, batch: Sequence[Ticket], *, source: str) -> list[IngestResult]:
    """:func:`ingest_ticket` for many tickets (ids unique in ``batch``), in one transaction."""
    ids = [t.id for t in batch]
    for tid in ids:
        if not tid or len(tid) > MAX_KEY:
            raise PilotError(f"ticket id {tid!r}: must be 1 to {MAX_KEY} characters")
    if len(set(ids)) != len(ids):
        raise PilotError("a ticket id appears twice in one ingest batch; send each ticket once")
    source = (source or "api")[:64]
    now = runtime.clock()
    items = [(Assigned(t.id, now, t.category), f"assigned:{t.id}") for t in batch]
    repository = TicketRepository(runtime.engine)
    for attempt in range(ATTEMPTS):
        try:
            with write_transaction(runtime.engine) as connection:
                digests = {t.id: content_hash(t) for t in batch}
                existing = {tid: f["content_hash"] for tid, f in
                            ticket_facts(connection, ids).items()}  # fmt: skip
                repository.write_batch(connection, batch, digests=digests)
                recorded = record_batch(
                    connection, runtime, LIVE, items, actor=source, source=source
                )
                rows = PilotTickets(runtime.engine).get_many(connection, ids)
            break
        except integrity_errors(runtime) as error:  # another worker stored one first: re-read
            if attempt == ATTEMPTS - 1:
                raise StorageError(f"tickets could not be stored: {error}") from error
    current = Fingerprint.of(cohort_design(runtime))
    return [
        IngestResult(tid, rows[tid].arm, tid in recorded.assigned, _write(existing, digests, tid),
                     design_changed=stored_fingerprint(rows[tid]) != current)
        for tid in ids
    ]  # fmt: skip


def _write(existing: dict[str, str], digests: dict[str, str], ticket_id: str) -> TicketWrite:
    if ticket_id not in existing:
        return "inserted"
    return "unchanged" if existing[ticket_id] == digests[ticket_id] else "updated"
