"""The retrieval use cases: past tickets from the store into the index, and search over it.

What is matched is the customer's side (subject and first customer message); the stored reply
is the first public agent reply. Both are stored **masked**: every PII finding is replaced by
its type (``[EMAIL_ADDRESS]``, ``[SOCIAL_HANDLE]``) before the text is written to
``docs.sqlite``, tokenised for BM25 or embedded, so nothing personal rests in the index; the
brand's own ``@handles`` (learned from the agents' messages, written to ``pii.json`` beside the
index) are kept. Search results are redacted again on the way out. The index is opened once per
runtime (:class:`~ticketpilot.retrieval.open_indexes.OpenIndexes`) and shared by search, the
audit's layer 3 and drafting.

With ``[scope] partition`` set, every document carries its ticket's value of that field (its
brand, say) and every search stays inside one value: an index built for another field, or
before scopes, is rebuilt by ``ticketpilot index`` and refused by everything else.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ticketpilot.errors import RetrievalError, ScopeError, WorkspaceError
from ticketpilot.pii import Detector, Redactor, learn_brand_handles, mask_texts
from ticketpilot.retrieval.documents import Hit, IndexedDoc, SearchMode
from ticketpilot.retrieval.embedder import ProgressFn
from ticketpilot.retrieval.filters import SearchFilters
from ticketpilot.retrieval.index import AddResult, RetrievalIndex
from ticketpilot.retrieval.open_indexes import index_exists
from ticketpilot.runtime import Runtime
from ticketpilot.store.tickets import TicketRepository
from ticketpilot.tickets.language import guess_language
from ticketpilot.tickets.model import Ticket
from ticketpilot.workspace import make_private, private_files

#: Beside the index: how its texts were masked, and the brand handles it kept.
PII_FILE = "pii.json"
PII_FORMAT = "type-masks-v1"


def indexed_doc(
    ticket: Ticket, partition: str | None = None, detector: Detector | None = None
) -> IndexedDoc | None:
    """The index entry of a ticket, its text and reply PII-masked with ``detector`` (``None``
    stores them as they are); ``None`` when it has no customer text to match.

    ``partition`` names the field whose value becomes the document's scope. The language is
    guessed before masking; the text and reply are masked together, so a value found in one is
    masked in the other.
    """
    customer = ticket.customer_message()
    text = f"{ticket.subject}\n{customer}".strip() if ticket.subject else customer
    if not text:
        return None
    first = ticket.first_agent_reply()
    reply = first.body if first else None
    language = ticket.language or guess_language(text)
    if detector is not None:
        text, masked_reply = mask_texts([text, reply or ""], detector=detector)
        reply = masked_reply if reply is not None else None
    return IndexedDoc(
        ticket_id=ticket.id,
        text=text,
        category=ticket.category,
        language=language,
        created_at=ticket.created_at,
        reply=reply,
        scope=ticket.scope_value(partition),
    )


def scope_mismatch(index: RetrievalIndex, partition: str | None) -> str | None:
    """Why ``index`` cannot serve a workspace partitioned by ``partition`` (``None``: it can)."""
    if partition is None or index.scope_field == partition:
        return None
    held = (
        "it holds no scope values (built before [scope] partition was set)"
        if index.scope_field is None
        else f"it holds {index.scope_field!r} values"
    )
    return f"the index was built without {partition!r} scopes: {held}"


def describe_scopes(counts: dict[str, int], partition: str, limit: int = 8) -> str:
    """``12 brands: acme (120), globex (96), ...`` for messages that list what exists."""
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    shown = ", ".join(f"{value} ({n:,})" for value, n in ranked[:limit])
    more = f", and {len(ranked) - limit:,} more" if len(ranked) > limit else ""
    return f"{len(ranked):,} {partition} value(s): {shown}{more}" if ranked else f"no {partition}"


def kept_handles(index_dir: Path) -> frozenset[str]:
    """The brand handles the index in ``index_dir`` kept unmasked (none for an older index)."""
    settings = _pii_settings(index_dir) or {}
    kept = settings.get("kept_handles")
    return frozenset(str(h) for h in kept) if isinstance(kept, list) else frozenset()


def index_detector(runtime: Runtime) -> Detector:
    """The runtime's detector, keeping the brand handles the workspace index kept: what search,
    drafting and replay mask past tickets with."""
    return runtime.detector.allowing(kept_handles(runtime.workspace.index_dir))


def _pii_settings(index_dir: Path) -> dict[str, object] | None:
    path = index_dir / PII_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):  # missing or damaged: the index counts as unmasked
        return None
    return data if isinstance(data, dict) else None


def _drop_unmasked_index(runtime: Runtime, path: Path) -> bool:
    """Remove an index built before texts were masked (raw PII at rest); True when it did.

    Its embedding cache goes too: its vectors were computed from the raw texts.
    """
    settings = _pii_settings(path)
    if not index_exists(path) or (settings and settings.get("format") == PII_FORMAT):
        return False
    if path in runtime.indexes:
        raise WorkspaceError(
            f"the index in {path} stores unmasked texts and is open: run `ticketpilot index` "
            "on its own to rebuild it masked"
        )
    for child in path.iterdir():
        shutil.rmtree(child) if child.is_dir() else child.unlink()
    return True


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
    index = runtime.indexes.open(path, embedder)
    mismatch = scope_mismatch(index, runtime.charter.scope.partition)
    if mismatch:
        raise RetrievalError(
            f"{mismatch}; run `ticketpilot index` to rebuild it (vectors come from the "
            f"embedding cache: nothing is re-embedded) ({purpose})"
        )
    return index


@dataclass(frozen=True, slots=True)
class IndexRun:
    """What ``ticketpilot index`` did: the add's counts, tickets without text, the size, and
    why the index was rebuilt from scratch (``None``: it was updated)."""

    result: AddResult
    skipped: int
    size: int
    path: Path
    rebuilt: str | None = None
    scope_field: str | None = None
    scopes: int = 0


def build_index(
    runtime: Runtime, *, embedder: str | None = None, progress: ProgressFn | None = None
) -> IndexRun:
    """Add every stored ticket to the index, PII-masked (unchanged ones are no-ops).

    A first pass over the history learns the brand's handles, which stay unmasked; an index
    built by an older version with raw texts is rebuilt. An index whose documents carry another
    scope field than ``[scope] partition`` names (or none) is rebuilt from scratch; its embedding
    cache is kept, so nothing is re-embedded. Everything written is private (0600 files, 0700
    folders).
    """
    repo = TicketRepository(runtime.engine)
    total = repo.count()
    handles = learn_brand_handles(repo.iter_tickets(batch_size=5_000))
    detector = runtime.detector.allowing(handles)
    skipped = 0
    partition = runtime.charter.scope.partition

    def docs() -> Iterator[IndexedDoc]:
        nonlocal skipped
        for ticket in repo.iter_tickets(batch_size=5_000):
            doc = indexed_doc(ticket, partition, detector)
            if doc is None:
                skipped += 1
            else:
                yield doc

    path = runtime.workspace.index_dir
    with private_files():
        path.mkdir(parents=True, exist_ok=True)
        _drop_unmasked_index(runtime, path)
        settings = {"format": PII_FORMAT, "kept_handles": sorted(handles)}
        (path / PII_FILE).write_text(json.dumps(settings, indent=2) + "\n", encoding="utf-8")
        index = runtime.indexes.open(path, embedder or runtime.charter.retrieval.embedder)
        rebuilt = None
        if index.manifest.count and index.scope_field != partition:
            held = "no scope" if index.scope_field is None else f"scope {index.scope_field!r}"
            wanted = "none" if partition is None else repr(partition)
            rebuilt = f"the index held {held}, [scope] partition is {wanted}: rebuilt it"
            model = index.manifest.model
            runtime.indexes.discard(path)
            index = runtime.indexes.open(path, model)
        index.set_scope_field(partition)
        result = index.add(docs(), progress=progress, total=total)
        index.save()
    make_private([path])
    return IndexRun(result, skipped, len(index), path, rebuilt, partition,
                    len(index.scope_counts()))  # fmt: skip


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
    scope: str | None = None
    all_scopes: bool = False


def search(runtime: Runtime, query: SearchQuery) -> list[Hit]:
    """The nearest past tickets to ``query``, their texts and replies PII-redacted.

    With ``[scope] partition`` set the search stays inside ``query.scope`` (required, unless
    ``all_scopes`` asks for every scope on purpose).
    """
    index = workspace_index(runtime)
    scope = search_scope(index, runtime.charter.scope.partition, query.scope, query.all_scopes)
    filters = SearchFilters(
        category=query.category,
        language=query.language,
        created_from=query.since,
        created_to=query.until,
        scope=scope,
    )
    detector = index_detector(runtime)
    return index.search(
        query.text,
        k=query.k,
        filters=filters,
        mode=query.mode,
        redact=lambda text: Redactor(detector).redact(text),
    )


def search_scope(
    index: RetrievalIndex, partition: str | None, value: str | None, all_scopes: bool = False
) -> str | None:
    """The scope a search or a draft for ``value`` stays in; a clear error when there is none.

    ``None`` means "search everything": no partition, or ``all_scopes`` on purpose.
    """
    if partition is None:
        if value is not None:
            raise ScopeError(
                f"a scope value ({value!r}) was given, but ticketpilot.toml sets no "
                '[scope] partition: add partition = "brand" (or queue, product, category) '
                "and run `ticketpilot index`"
            )
        return None
    if all_scopes:
        return None
    counts = index.scope_counts()
    if value is None:
        raise ScopeError(
            f"[scope] partition = {partition!r}: say which {partition} to search with "
            "--scope VALUE (or --brand VALUE, the same option), or search them all with "
            f"--all-scopes; the index holds {describe_scopes(counts, partition)}"
        )
    if value not in counts:
        raise ScopeError(
            f"no indexed ticket has {partition} {value!r}; the index holds "
            f"{describe_scopes(counts, partition)}"
        )
    return value
