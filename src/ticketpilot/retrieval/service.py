"""The retrieval use cases: past tickets from the store into the index, and search over it.

What is matched is the customer's side (subject and first customer message); the stored reply
is the first public agent reply, shown with PII redacted. The index is opened once per runtime
(:class:`~ticketpilot.retrieval.open_indexes.OpenIndexes`) and shared by search, the audit's
layer 3 and drafting.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ticketpilot.errors import WorkspaceError
from ticketpilot.pii import Redactor
from ticketpilot.retrieval.documents import Hit, IndexedDoc, SearchMode
from ticketpilot.retrieval.embedder import ProgressFn
from ticketpilot.retrieval.filters import SearchFilters
from ticketpilot.retrieval.index import AddResult, RetrievalIndex
from ticketpilot.retrieval.open_indexes import index_exists
from ticketpilot.runtime import Runtime
from ticketpilot.store.tickets import TicketRepository
from ticketpilot.tickets.language import guess_language
from ticketpilot.tickets.model import Ticket


def indexed_doc(ticket: Ticket) -> IndexedDoc | None:
    """The index entry of a ticket; ``None`` when it has no customer text to match."""
    customer = ticket.customer_message()
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


def workspace_index(
    runtime: Runtime, *, embedder: str | None = None, purpose: str = "search reads it"
) -> RetrievalIndex:
    """The workspace's index; a clear error when ``ticketpilot index`` has not been run.

    ``embedder`` names the model the caller needs (an index built with another one is an
    error); ``None`` takes the model the index was built with.
    """
    path = runtime.workspace.index_dir
    if not index_exists(path):
        raise WorkspaceError(f"no index in {path}: run `ticketpilot index` first ({purpose})")
    return runtime.indexes.open(path, embedder)


@dataclass(frozen=True, slots=True)
class IndexRun:
    """What ``ticketpilot index`` did: the add's counts, tickets without text, the size."""

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

    path = runtime.workspace.index_dir
    index = runtime.indexes.open(path, embedder or runtime.charter.retrieval.embedder)
    result = index.add(docs(), progress=progress, total=total)
    index.save()
    return IndexRun(result, skipped, len(index), path)


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """A search: the customer's text, how many neighbours, which mode, and the filters."""

    text: str
    k: int = 5
    mode: SearchMode = "hybrid"
    category: str | None = None
    language: str | None = None
    since: datetime | None = None
    until: datetime | None = None


def search(runtime: Runtime, query: SearchQuery) -> list[Hit]:
    """The nearest past tickets to ``query``, their texts and replies PII-redacted."""
    index = workspace_index(runtime)
    filters = SearchFilters(
        category=query.category,
        language=query.language,
        created_from=query.since,
        created_to=query.until,
    )
    return index.search(
        query.text,
        k=query.k,
        filters=filters,
        mode=query.mode,
        redact=lambda text: Redactor(runtime.detector).redact(text),
    )
