"""The canonical ticket, as every importer produces it and every later phase reads it.

Plain slotted dataclasses rather than pydantic models: the importers build millions of them, and
validation happens once, in the importer, where the reason for a rejection is known.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class Role(StrEnum):
    """Who wrote a message in a ticket thread."""

    CUSTOMER = "customer"
    AGENT = "agent"
    BOT = "bot"


STATUSES = ("new", "open", "pending", "on_hold", "solved", "closed")


@dataclass(slots=True)
class Message:
    """One message of a ticket's thread."""

    role: Role
    body: str
    public: bool = True
    created_at: datetime | None = None
    author_ref: str | None = None


TICKET_SCALARS = (
    "subject",
    "body",
    "channel",
    "category",
    "priority",
    "language",
    "customer_ref",
    "created_at",
    "first_response_at",
    "resolved_at",
    "status",
    "csat",
    "brand",
    "queue",
    "product",
)
"""The :class:`Ticket` fields that hold one value each, in storage order (after ``id``); the
one list the store's columns, the bulk writers, the content hash and ``--map`` all read."""

LATER_SCALARS = ("brand", "queue", "product")
"""Scalars added after the content hash was first defined. The hash takes each one only when it
is set, as a ``(name, value)`` pair after the thread, so every digest stored before they existed
still matches its ticket."""

SCOPE_FIELDS = ("brand", "queue", "product", "category")
"""The fields that may partition history (``[scope] partition``): drafting, replay and search
only ever draw on tickets with the same value as the ticket at hand."""


@dataclass(slots=True)
class Ticket:
    """A support ticket with its thread; times are naive UTC."""

    id: str
    subject: str = ""
    body: str = ""
    channel: str | None = None
    category: str | None = None
    tags: tuple[str, ...] = ()
    priority: str | None = None
    language: str | None = None
    customer_ref: str | None = None
    created_at: datetime | None = None
    first_response_at: datetime | None = None
    resolved_at: datetime | None = None
    status: str | None = None
    csat: float | None = None
    messages: list[Message] = field(default_factory=list)
    brand: str | None = None
    """The company, brand or business unit the ticket was addressed to (one workspace may
    serve several: see :data:`SCOPE_FIELDS`)."""
    queue: str | None = None
    """The helpdesk group, team or queue that handled it."""
    product: str | None = None
    """The product or portal it was about (Freshdesk products, for one)."""

    def customer_message(self) -> str:
        """What the customer wrote: the body, else the first customer message (stripped)."""
        text = self.body or next(
            (m.body for m in self.messages if m.role is Role.CUSTOMER and m.body), ""
        )
        return text.strip()

    def scope_value(self, partition: str | None) -> str | None:
        """The ticket's value of the field that partitions history (``None``: no partition,
        or the ticket has no value for it)."""
        if partition is None:
            return None
        value = getattr(self, partition)
        return value.strip() or None if isinstance(value, str) else None

    def first_agent_reply(self) -> Message | None:
        """The first public agent message: what the assistant learns to draft."""
        return next((m for m in self.messages if m.role is Role.AGENT and m.public), None)


REJECTION_CODES = {
    "unreadable": "unreadable record (broken CSV or JSON)",
    "wrong_width": "wrong number of fields (truncated or split row)",
    "encoding": "bytes not valid in the file's encoding",
    "bad_value": "a value that cannot be read (date, number)",
    "missing_id": "no ticket id",
    "empty": "no subject, body or messages",
    "too_large": "ticket text over import.max_body_chars",
    "duplicate_id": "id already used by a different record in this file",
    "not_found": "no existing ticket to update",
    "orphan": "reply whose conversation start is not in the file (twcs)",
    "unclosed_quote": "CSV line whose quoted field never closes (read again from the next line)",
    "ambiguous_date": "date that reads both day first and month first, order unknown",
    "out_of_range": "CSAT outside the file's scale, or a date outside plausible times",
    "time_order": "resolved or first response before the ticket was created",
    "id_collision": "id already stored from another source (another system's ticket)",
}


@dataclass(slots=True, frozen=True)
class Rejection:
    """A row an importer could not turn into a ticket: it goes to quarantine, never lost.

    ``code`` is one of :data:`REJECTION_CODES`; ``reason`` says exactly what was wrong.
    """

    line: int
    reason: str
    raw: str
    ticket_id: str | None = None
    code: str = "unreadable"
