"""The drafting use case: an engine built from the runtime, and ``draft`` for one ticket.

The CLI, the replay and the service all build their engine here: the workspace's index (opened
once per runtime), the provider chain of the charter's ``[model]`` from the runtime's provider
registry, its prices, critical categories and drafting settings, the runtime's draft checks and
PII detector (keeping the brand handles the index kept), the charter's ``[scope]``, and the draft log as recorder.

A stored ticket's scope (its brand, with ``[scope] partition = "brand"``) comes from its record;
a ticket given as text takes it from the request (``--brand``), or from its category when the
partition is ``category``.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager

import httpx

from ticketpilot.cost.service import budget_guard
from ticketpilot.drafting.chain import provider_chain
from ticketpilot.drafting.engine import DraftingEngine, DraftRequest, EngineSettings, Recorder
from ticketpilot.drafting.prompts import load_template
from ticketpilot.drafting.providers import Provider
from ticketpilot.drafting.resilience import close_provider
from ticketpilot.drafting.result import DraftResult
from ticketpilot.errors import TicketpilotError
from ticketpilot.retrieval import Hit, SearchFilters
from ticketpilot.retrieval.service import index_detector, search_scope, workspace_index
from ticketpilot.runtime import Runtime
from ticketpilot.store.drafts import DraftLog
from ticketpilot.store.tickets import TicketRepository

__all__ = [
    "DraftRequest",
    "VariantChoice",
    "draft_for_ticket",
    "draft_reply",
    "draft_request",
    "drafting_engine",
    "engine_settings",
    "ticket_request",
    "variant_drafting",
]  # fmt: skip

VariantChoice = tuple[str | None, str | None]
"""An experiment variant's prompt template and model (``None``: the charter's); a plain value,
sent to a drafting process with its request."""


def engine_settings(runtime: Runtime) -> EngineSettings:
    charter = runtime.charter
    return EngineSettings(
        k=charter.retrieval.k,
        candidates=charter.drafting.candidates,
        min_retrieval_score=charter.drafting.min_retrieval_score,
        critical_categories=frozenset(charter.critical.categories),
        prices=dict(charter.model.prices),
        max_tokens=charter.drafting.max_tokens,
        timeout_s=charter.model.timeout_s,
        partition=charter.scope.partition,
        unscoped=charter.scope.unscoped,
    )


def drafting_engine(
    runtime: Runtime,
    *,
    provider: Provider | None = None,
    recorder: Recorder | None = None,
    record: bool = True,
    transport: httpx.BaseTransport | None = None,
    budget: bool = True,
) -> DraftingEngine:
    """The engine for this workspace; by default every call is written to the draft log.

    With ``budget`` (the default), every paid call passes the charter's budget guard
    (``cost.service.budget_guard``): reserved before, settled after, degraded or refused.
    """
    index = workspace_index(
        runtime,
        embedder=runtime.charter.retrieval.embedder,
        purpose="drafting retrieves past tickets",
    )

    def search(query: str, k: int, filters: SearchFilters | None) -> list[Hit]:
        return index.search(query, k=k, filters=filters)

    try:
        template = load_template(runtime.charter.drafting.prompt_template)
        chosen = provider or provider_chain(
            runtime.charter.model, runtime.environ, transport, runtime.providers
        )
    except ValueError as error:
        raise TicketpilotError(f"ticketpilot.toml: {error}") from None
    if recorder is None and record:
        recorder = DraftLog(runtime.engine).record
    guard = budget_guard(runtime, transport=transport) if budget else None
    return DraftingEngine(
        search, chosen, engine_settings(runtime), template=template, checks=runtime.draft_checks,
        recorder=recorder, clock=runtime.clock, embed=index.embedder.embed,
        detector=index_detector(runtime), guard=guard,
    )  # fmt: skip


@contextmanager
def variant_drafting(
    runtime: Runtime,
    engine: DraftingEngine,
    template: str | None,
    model: str | None = None,
    *,
    transport: httpx.BaseTransport | None = None,
) -> Iterator[DraftingEngine]:
    """``engine`` drafting with another prompt template and, given ``model``, another model of
    the charter's provider (an experiment's variant); the same index, checks, guard and
    recorder. A provider made here is closed on leaving; ``engine``'s own is left open."""
    if template is None and (model is None or model == engine.provider.model):
        yield engine
        return
    variant = copy.copy(engine)
    made = None
    try:
        if template is not None:
            variant.template = load_template(template)
        if model is not None and model != engine.provider.model:
            spec = runtime.charter.model.model_copy(update={"name": model, "fallback": None})
            made = variant.provider = provider_chain(spec, runtime.environ, transport,
                                                     runtime.providers)  # fmt: skip
    except ValueError as error:
        raise TicketpilotError(f"ticketpilot.toml [experiment]: {error}") from None
    try:
        yield variant
    finally:
        close_provider(made)


def draft_for_ticket(runtime: Runtime, engine: DraftingEngine, ticket_id: str) -> DraftResult:
    """Draft a reply to stored ticket ``ticket_id`` (its own record is never a source)."""
    return draft_request(engine, ticket_request(runtime, ticket_id))


def ticket_request(runtime: Runtime, ticket_id: str) -> DraftRequest:
    """What the engine needs to draft for stored ticket ``ticket_id``: its customer's text,
    subject, category and scope (a plain value, so it can be sent to another process)."""
    ticket = TicketRepository(runtime.engine).get(ticket_id)
    if ticket is None:
        raise TicketpilotError(f"no ticket {ticket_id!r} in this workspace")
    return DraftRequest(text=ticket.customer_message(), subject=ticket.subject,
                        ticket_id=ticket.id, category=ticket.category,
                        scope=ticket.scope_value(runtime.charter.scope.partition))  # fmt: skip


def draft_request(engine: DraftingEngine, request: DraftRequest) -> DraftResult:
    """Draft for ``request`` of a stored ticket (from :func:`ticket_request`): the ticket's
    own record is never one of its sources."""
    return engine.draft(request, exclude={request.ticket_id} if request.ticket_id else ())


def scoped_request(runtime: Runtime, request: DraftRequest) -> DraftRequest:
    """``request`` with its scope checked against the index (a typo is an error, not an empty
    search), or taken from its category when history is partitioned by category."""
    partition = runtime.charter.scope.partition
    if partition == "category" and request.scope is None:
        request = dataclasses.replace(request, scope=request.category)
    if request.scope is None:
        return request
    index = workspace_index(runtime, purpose="drafting retrieves past tickets")
    search_scope(index, partition, request.scope)
    return request


def draft_reply(
    runtime: Runtime, *, ticket_id: str | None = None, request: DraftRequest | None = None
) -> DraftResult:
    """Draft one reply, to stored ticket ``ticket_id`` or to ``request``; recorded in the log."""
    if (ticket_id is None) == (request is None):
        raise TicketpilotError("give a ticket id or the ticket's text, not both and not neither")
    if request is not None and not (request.text.strip() or request.subject.strip()):
        raise TicketpilotError("--text is empty: give the customer's message")
    if request is not None:
        request = scoped_request(runtime, request)
    with drafting_engine(runtime) as engine:
        if ticket_id is not None:
            return draft_for_ticket(runtime, engine, ticket_id)
        assert request is not None
        return engine.draft(request)
