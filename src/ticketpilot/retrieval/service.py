"""The index use case: past tickets from the store into the workspace's retrieval index.

What is matched is the customer's side (subject and first customer message); the stored reply
is the first public agent reply, shown with PII redacted. The index is opened once per process
(:func:`open_index`) and shared by search, the audit's layer 3 and drafting.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ticketpilot.retrieval import (
    AddResult,
    IndexedDoc,
    ProgressFn,
    RetrievalIndex,
    RetrievalSettings,
)
from ticketpilot.retrieval.manifest import Manifest
from ticketpilot.runtime import Runtime
from ticketpilot.store.tickets import TicketRepository
from ticketpilot.tickets.language import guess_language
from ticketpilot.tickets.model import Role, Ticket

_OPEN: dict[Path, RetrievalIndex] = {}


def customer_message(ticket: Ticket) -> str:
    """What the customer wrote: the body, else the first customer message (stripped)."""
    customer = ticket.body or next(
        (m.body for m in ticket.messages if m.role is Role.CUSTOMER and m.body), ""
    )
    return customer.strip()


def indexed_doc(ticket: Ticket) -> IndexedDoc | None:
    """The index entry of a ticket; ``None`` when it has no customer text to match."""
    customer = customer_message(ticket)
    text = f"{ticket.subject}\n{customer}".strip() if ticket.subject else customer
    if not text:
        return None
    reply = ticket.first_agent_reply()
    return IndexedDoc(
        ticket_id=ticket.id,
        text=text,
        category=ticket.category,
        language=ticket.language or guess_language(text),
        created_at=ticket.created_at,
        reply=reply.body if reply else None,
    )


def index_exists(path: Path) -> bool:
    return Manifest.load(path) is not None


def open_index(path: Path, embedder: str | None = None) -> RetrievalIndex:
    """The index in ``path``, opened once per process and reused."""
    key = path.resolve()
    if key not in _OPEN:
        _OPEN[key] = RetrievalIndex.open(
            key,
            embedder=embedder,
            settings=RetrievalSettings(embedder=embedder) if embedder else None,
        )
    return _OPEN[key]


def close_indexes() -> None:
    while _OPEN:
        _OPEN.popitem()[1].close()


@dataclass(frozen=True, slots=True)
class IndexRun:
    result: AddResult
    skipped: int
    size: int
    path: Path


def build_index(
    runtime: Runtime, *, embedder: str | None = None, progress: ProgressFn | None = None
) -> IndexRun:
    """Add every stored ticket to the index (unchanged ones are no-ops)."""
    repo = TicketRepository(runtime.engine)
    total = repo.count()
    skipped = 0

    def docs() -> Iterator[IndexedDoc]:
        nonlocal skipped
        for ticket in repo.iter_tickets(batch_size=5_000):
            doc = indexed_doc(ticket)
            if doc is None:
                skipped += 1
            else:
                yield doc

    index = open_index(runtime.workspace.index_dir, embedder or runtime.charter.retrieval.embedder)
    result = index.add(docs(), progress=progress, total=total)
    index.save()
    return IndexRun(result, skipped, len(index), runtime.workspace.index_dir)
