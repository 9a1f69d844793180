"""Request bodies into the core's records: a helpdesk ticket into a :class:`Ticket`, a feedback
event into a pilot event. Times with a zone become naive UTC (the store's convention); times
without one are taken as UTC."""

from __future__ import annotations

from datetime import UTC, datetime

from ticketpilot.api.schemas import EditedCreate, EventCreate, TicketCreate
from ticketpilot.errors import PilotError
from ticketpilot.pilot.events import PilotEvent, edited, event_from_record
from ticketpilot.tickets.model import Message, Role, Ticket


def naive_utc(value: datetime | None) -> datetime | None:
    """``value`` as naive UTC."""
    if value is None or value.tzinfo is None:
        return value
    return value.astimezone(UTC).replace(tzinfo=None)


def to_ticket(body: TicketCreate) -> Ticket:
    """The canonical ticket of a webhook body."""
    messages = [Message(Role(m.role), m.body, m.public, naive_utc(m.created_at), m.author_ref)
                for m in body.messages]  # fmt: skip
    return Ticket(
        id=body.id, subject=body.subject, body=body.body, channel=body.channel,
        category=body.category, tags=tuple(body.tags), priority=body.priority,
        language=body.language, customer_ref=body.customer_ref,
        created_at=naive_utc(body.created_at), status=body.status, messages=messages,
        brand=body.brand, queue=body.queue, product=body.product,
    )  # fmt: skip


def to_event(body: EventCreate, now: datetime) -> PilotEvent:
    """The pilot event of a feedback body (``at`` defaults to ``now``)."""
    at = naive_utc(body.at) or now
    if isinstance(body, EditedCreate):
        return _edited(body, at)
    record = body.model_dump(exclude={"key", "at"}, exclude_none=True)
    return event_from_record({**record, "at": at})


def _edited(body: EditedCreate, at: datetime) -> PilotEvent:
    texts = (body.draft_text, body.sent_text)
    numbers = (body.distance, body.draft_chars, body.sent_chars)
    if all(t is not None for t in texts) and all(n is None for n in numbers):
        assert body.draft_text is not None and body.sent_text is not None
        return edited(body.ticket_id, at, body.draft_text, body.sent_text, body.seconds)
    if all(n is not None for n in numbers) and all(t is None for t in texts):
        return event_from_record({"kind": "edited", "ticket_id": body.ticket_id, "at": at,
                                  "distance": body.distance, "draft_chars": body.draft_chars,
                                  "sent_chars": body.sent_chars, "seconds": body.seconds})  # fmt: skip
    raise PilotError(
        f"edited event for {body.ticket_id}: give draft_text and sent_text (the distance is "
        "computed from them), or distance, draft_chars and sent_chars - not a mix"
    )
