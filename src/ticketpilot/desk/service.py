"""The agent desk's use cases: read a ticket's thread, read a past ticket (masked), send a
reply, flag a draft. Replies and flags go through the pilot's feedback service, idempotent by
key, so a double-clicked button or a resent form never counts twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ticketpilot.desk.replies import ReplyAction, reply_event
from ticketpilot.drafting.engine import DraftingEngine
from ticketpilot.drafting.sources import mask_past
from ticketpilot.errors import PilotError, UnknownPilotTicketError
from ticketpilot.pilot.events import Flagged, Severity
from ticketpilot.pilot.results import PilotDraft, RecordResult
from ticketpilot.pilot.service import pilot_draft, record_event
from ticketpilot.runtime import Runtime
from ticketpilot.store.tickets import TicketRepository
from ticketpilot.tickets.model import Ticket

__all__ = ["PastTicket", "SentReply", "flag_draft", "past_ticket", "send_reply", "ticket_thread"]

_FORM_KEY = 64


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
class SentReply:
    """A reply recorded: the pilot event as stored (or the one stored before it) and the draft
    it answered."""

    result: RecordResult
    draft: PilotDraft


def send_reply(
    runtime: Runtime,
    engine: DraftingEngine,
    ticket_id: str,
    *,
    agent: str,
    action: ReplyAction,
    text: str,
    rejected: bool = False,
) -> SentReply:
    """Record the reply to ``ticket_id`` as the event :func:`~ticketpilot.desk.replies.reply_event`
    names, under the key ``reply:<ticket>``: a ticket has one reply; the same reply again is a
    duplicate, another one an :class:`~ticketpilot.errors.EventConflictError`."""
    shown = pilot_draft(runtime, engine, ticket_id, agent=agent)  # the stored draft, reused
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
