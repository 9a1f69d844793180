"""The agent desk's use cases: the queue, open a pilot ticket (its first view; a treatment
ticket drafted once), read a ticket's thread, read a past ticket (masked), send a reply, flag a
draft. Replies, flags and the drafts shown go through the pilot's feedback service, idempotent
by key, so a double-clicked button or a resent form never counts twice.

``pilot_draft`` opens a ticket in one call; the HTTP service calls its steps apart
(``open_pilot_ticket``, the draft, ``show_pilot_draft``) to compute the draft in another
process.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ticketpilot.desk.replies import ReplyAction, reply_event
from ticketpilot.drafting.engine import DraftingEngine, DraftRequest
from ticketpilot.drafting.result import DraftResult
from ticketpilot.drafting.service import (
    VariantChoice,
    draft_request,
    ticket_request,
    variant_drafting,
)
from ticketpilot.drafting.sources import mask_past
from ticketpilot.errors import PilotError, StorageError, UnknownPilotTicketError, WrongArmError
from ticketpilot.pii import Redactor, restore
from ticketpilot.pilot.events import Flagged, Severity, Shown, Withheld
from ticketpilot.pilot.results import PilotDraft, QueueItem, RecordResult
from ticketpilot.pilot.service import experiment_design, record_event, record_events_in
from ticketpilot.runtime import Runtime
from ticketpilot.store.drafts import DraftLog
from ticketpilot.store.idempotent import write_transaction
from ticketpilot.store.pilot_tickets import PilotTicketRow, PilotTickets
from ticketpilot.store.tickets import TicketRepository
from ticketpilot.tickets.model import Ticket

__all__ = [
    "Opening", "PastTicket", "SentReply", "flag_draft", "open_pilot_ticket", "past_ticket",
    "pilot_draft", "queue", "send_reply", "show_pilot_draft", "ticket_thread",
]  # fmt: skip

_FORM_KEY = 64
_CONTENT_CHECKS = ("grounding", "leak")  # the checks whose failure a `shown` event notes


def ticket_thread(runtime: Runtime, ticket_id: str) -> Ticket:
    """The stored ticket with its thread (the agent's own customer: nothing masked)."""
    ticket = TicketRepository(runtime.engine).get(ticket_id)
    if ticket is None:
        raise UnknownPilotTicketError(f"no ticket {ticket_id!r} in this workspace")
    return ticket


@dataclass(frozen=True, slots=True)
class PastTicket:
    """A past ticket a draft cites, with its customer's details masked (``[EMAIL_ADDRESS]``)."""

    ticket_id: str
    subject: str
    text: str
    reply: str | None
    category: str | None
    created_at: datetime | None


def past_ticket(runtime: Runtime, ticket_id: str) -> PastTicket:
    """A cited past ticket as an agent of another customer may see it: PII masked."""
    ticket = ticket_thread(runtime, ticket_id)
    reply = ticket.first_agent_reply()
    detector = runtime.detector
    return PastTicket(
        ticket.id, mask_past(ticket.subject, detector),
        mask_past(ticket.customer_message(), detector),
        mask_past(reply.body, detector) if reply else None, ticket.category, ticket.created_at,
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class Opening:
    """A pilot ticket an agent opened (:func:`open_pilot_ticket`): its row, whether this was its
    first view, and what to draft for it (``None``: a control ticket, or one drafted before)."""

    row: PilotTicketRow
    first: bool
    request: DraftRequest | None
    variant: VariantChoice = (None, None)
    """The prompt template and model of the ticket's experiment variant (``None``: the
    charter's), to draft ``request`` with."""


def pilot_draft(
    runtime: Runtime, engine: DraftingEngine, ticket_id: str, *, agent: str
) -> PilotDraft:
    """An agent opens pilot ticket ``ticket_id``: store the first view (handling time starts),
    and for a treatment ticket draft once through ``engine`` (built by
    ``drafting.service.drafting_engine``) and record ``shown`` (or ``withheld`` for a
    fallback); later views, by anyone, reuse the stored draft. A control ticket gets no draft.
    Two workers drafting one ticket at once agree on the first draft stored. Raises
    :class:`UnknownPilotTicketError` or :class:`WrongArmError` (outside the pilot).

    The steps are :func:`open_pilot_ticket`, the engine's draft and :func:`show_pilot_draft`:
    the HTTP service calls them apart, to compute the draft in another process."""
    opening = open_pilot_ticket(runtime, ticket_id, agent=agent)
    result = None
    if opening.request is not None:
        with variant_drafting(runtime, engine, *opening.variant) as drafter:
            result = draft_request(drafter, opening.request)
    return show_pilot_draft(runtime, opening, result, agent=agent,
                            logged=engine.recorder is not None)  # fmt: skip


def open_pilot_ticket(runtime: Runtime, ticket_id: str, *, agent: str) -> Opening:
    """Store the first view of pilot ticket ``ticket_id`` unless one is stored (handling time
    starts), and say what to draft: the ticket's request when it is treated and not drafted yet.
    Raises :class:`UnknownPilotTicketError` or :class:`WrongArmError` (outside the pilot)."""
    tickets = PilotTickets(runtime.engine)
    row = tickets.get(ticket_id)
    if row is None:
        raise UnknownPilotTicketError(f"ticket {ticket_id!r}: the pilot never took this ticket in")
    if row.arm == "outside":
        raise WrongArmError(f"ticket {ticket_id!r} is outside the pilot (in neither cohort)")
    first = False
    if row.first_view_at is None:  # once stored it never changes: no write for later views
        now, viewer = runtime.clock(), agent[:255]
        with write_transaction(runtime.engine) as connection:
            first = tickets.mark_viewed(connection, ticket_id, now, viewer)
            row = tickets.get_many(connection, [ticket_id])[ticket_id]
    if row.arm == "control" or row.draft_id is not None:
        return Opening(row, first, None)
    experiment = experiment_design(runtime)
    spec = experiment.stored(row.experiment, row.variant) if experiment else None
    variant = (spec.prompt_template, spec.model) if spec else (None, None)
    return Opening(row, first, ticket_request(runtime, ticket_id), variant)


def show_pilot_draft(
    runtime: Runtime,
    opening: Opening,
    result: DraftResult | None,
    *,
    agent: str,
    logged: bool = False,
) -> PilotDraft:
    """What the agent sees on ``opening``: no draft for a control ticket; else ``result`` (the
    draft of ``opening.request``), written to the draft log, linked to the ticket and recorded
    as ``shown`` (or ``withheld``) in one transaction - or the draft the ticket got first, when
    another worker drafted it at the same moment, or before. ``logged``: the engine's own
    recorder may have written ``result`` to the draft log already."""
    row = opening.row
    if row.arm == "control":
        return PilotDraft(row.ticket_id, row.arm, row.first_view_at, row.viewer, opening.first)
    if result is not None:
        row = _link_draft(runtime, row, result, agent, logged=logged)
    if row.draft_id is None:
        raise PilotError(f"ticket {row.ticket_id!r} has no draft yet: draft it first")
    return _shown(runtime, row, opening.first, reused=opening.request is None)


def _link_draft(
    runtime: Runtime, row: PilotTicketRow, result: DraftResult, agent: str, *, logged: bool
) -> PilotTicketRow:
    """Store ``result``, link it unless the ticket has a draft, record what the agent was shown;
    the row after."""
    log = DraftLog(runtime.engine)
    found = log.find(result) if logged else None
    tickets = PilotTickets(runtime.engine)
    with write_transaction(runtime.engine) as connection:
        draft_id = found if found is not None else log.insert(connection, result)
        if tickets.set_draft(connection, row.ticket_id, draft_id):
            shown = _presented(result, row.ticket_id, runtime.clock())
            record_events_in(connection, runtime, [(shown, f"draft:{row.ticket_id}")], actor=agent)
        return tickets.get_many(connection, [row.ticket_id])[row.ticket_id]


def _presented(result: DraftResult, ticket_id: str, at: datetime) -> Shown | Withheld:
    """The event of what the agent got: the draft (with whether the checks flagged an
    ungrounded claim), or its withholding and why."""
    failed = [c for c in result.checks if c.check in _CONTENT_CHECKS and not c.passed]
    if result.is_draft:
        return Shown(ticket_id, at, result.prompt_version, result.latency_ms, bool(failed))
    return Withheld(ticket_id, at, result.reason, result.redacted_text is not None,
                    bool(failed), result.prompt_version, result.latency_ms)  # fmt: skip


def _shown(runtime: Runtime, row: PilotTicketRow, first: bool, *, reused: bool) -> PilotDraft:
    """The stored draft of ``row`` as the agent sees it (this ticket's PII restored)."""
    assert row.draft_id is not None
    draft = DraftLog(runtime.engine).get(row.draft_id)
    if draft is None:
        raise StorageError(f"draft {row.draft_id} of ticket {row.ticket_id!r} is missing")
    text = None
    if draft["outcome"] == "draft" and draft["draft_redacted"] is not None:
        text = _restored(runtime, row.ticket_id, draft["draft_redacted"])
    return PilotDraft(
        row.ticket_id, row.arm, row.first_view_at, row.viewer, first, row.draft_id,
        draft["outcome"], text, tuple(draft["reasons"]), tuple(draft["flags"]),
        tuple(draft["citations"]), tuple(draft["checks"]), draft["prompt_version"],
        draft["latency_ms"], reused, row.variant,
    )  # fmt: skip


def _restored(runtime: Runtime, ticket_id: str, redacted: str) -> str:
    """The draft with this ticket's placeholders put back, as the engine restores them."""
    ticket = TicketRepository(runtime.engine).get(ticket_id)
    if ticket is None:
        return redacted
    redactor = Redactor(runtime.detector)
    redactor.redact_fields({"subject": ticket.subject, "text": ticket.customer_message()})
    return restore(redacted, redactor.mapping)


def queue(runtime: Runtime, *, limit: int = 50, agent: str | None = None) -> list[QueueItem]:
    """Open live pilot tickets (no reply yet, not resolved), treatment first, oldest first;
    with ``agent``, tickets another agent has already opened are left out."""
    if limit < 1:
        raise PilotError(f"queue limit {limit}: must be at least 1")
    now = runtime.clock()
    items = []
    for entry in PilotTickets(runtime.engine).queue(limit=limit, viewer=agent):
        row = entry.ticket
        since = entry.created_at or row.assigned_at
        items.append(QueueItem(
            row.ticket_id, row.arm, entry.subject, row.category, entry.created_at,
            max(0.0, (now - since).total_seconds() / 3600), row.draft_id is not None,
            row.first_view_at, row.viewer,
        ))  # fmt: skip
    return items


@dataclass(frozen=True, slots=True)
class SentReply:
    """A reply recorded: the pilot event as stored (or the one stored before it) and the draft
    it answered."""

    result: RecordResult
    draft: PilotDraft


def send_reply(
    runtime: Runtime,
    shown: PilotDraft,
    *,
    agent: str,
    action: ReplyAction,
    text: str,
    rejected: bool = False,
) -> SentReply:
    """Record the reply to the ticket the agent was ``shown`` (:func:`pilot_draft`: the stored
    draft) as the event :func:`~ticketpilot.desk.replies.reply_event` names, under
    the key ``reply:<ticket>``: a ticket has one reply; the same reply again is a duplicate,
    another one an :class:`~ticketpilot.errors.EventConflictError`."""
    ticket_id = shown.ticket_id
    draft = shown.text if shown.outcome == "draft" else None
    event = reply_event(ticket_id, runtime.clock(), draft=draft, action=action, text=text,
                        rejected=rejected)  # fmt: skip
    result = record_event(runtime, event, key=f"reply:{ticket_id}", actor=agent)
    return SentReply(result, shown)


def flag_draft(
    runtime: Runtime,
    ticket_id: str,
    *,
    agent: str,
    severity: Severity,
    note: str | None,
    form_key: str,
) -> RecordResult:
    """Record an agent's hallucination flag; ``form_key`` (one per rendered form) makes a
    resent form a duplicate."""
    if not form_key or len(form_key) > _FORM_KEY:
        raise PilotError(f"form key {form_key!r}: 1 to {_FORM_KEY} characters (reload the page)")
    clean = (note or "").strip() or None
    event = Flagged(ticket_id, runtime.clock(), severity, clean)
    return record_event(runtime, event, key=f"flag:{ticket_id}:{form_key}", actor=agent)
