"""The audit's snapshot of the history: one pass over the store, the fields checks need."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from ticketpilot.charter import Charter
from ticketpilot.pii import Detector, default_detector
from ticketpilot.retrieval.index import RetrievalIndex
from ticketpilot.tickets.model import Role, Ticket


@dataclass(slots=True)
class AuditTicket:
    """What the audit reads of one ticket."""

    id: str
    subject: str
    customer_text: str
    category: str | None
    language: str | None
    channel: str | None
    created_at: datetime | None
    resolved_at: datetime | None
    csat: float | None
    replies: list[str]
    customer_messages: list[str]
    private_notes: list[str]

    @property
    def first_reply(self) -> str:
        return self.replies[0] if self.replies else ""


@dataclass(slots=True)
class AuditData:
    """Everything the checks read; built by :func:`from_tickets`."""

    charter: Charter
    tickets: list[AuditTicket]
    index_dir: Path | None = None
    """Where the retrieval index lives (or would), named in layer 3's findings."""
    index: RetrievalIndex | None = None
    """The workspace's index, opened by the service when it exists; layer 3 measures over it."""
    cache: dict[str, object] = field(default_factory=dict)
    detector: Detector = field(default_factory=default_detector)
    """Masks every example a report shows; the service gives it the brand's own handles."""

    def __len__(self) -> int:
        return len(self.tickets)


def audit_ticket(ticket: Ticket) -> AuditTicket:
    customer = [m.body for m in ticket.messages if m.role is Role.CUSTOMER and m.body]
    replies = [m.body for m in ticket.messages if m.role is Role.AGENT and m.public and m.body]
    notes = [m.body for m in ticket.messages if not m.public and m.body]
    return AuditTicket(
        id=ticket.id,
        subject=ticket.subject,
        customer_text=ticket.customer_message(),
        category=ticket.category,
        language=ticket.language,
        channel=ticket.channel,
        created_at=ticket.created_at,
        resolved_at=ticket.resolved_at,
        csat=ticket.csat,
        replies=replies,
        customer_messages=customer,
        private_notes=notes,
    )


def from_tickets(charter: Charter, tickets: Iterable[Ticket]) -> AuditData:
    return AuditData(charter=charter, tickets=[audit_ticket(t) for t in tickets])
