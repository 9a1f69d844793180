"""Figures of the ``pii`` check: personal data by entity type and field, and a redaction preview."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ticketpilot.audit.figures.base import DataclassFigures


@dataclass(frozen=True, slots=True)
class PiiTypeFigures(DataclassFigures):
    """One entity type (a Presidio name such as ``EMAIL_ADDRESS``)."""

    tickets: int
    """Tickets with at least one mention."""
    mentions: int
    """Mentions in all fields."""
    fields: Mapping[str, int]
    """Ticket field (``subject``, ``customer_messages``, ...) -> mentions, fields with any."""


@dataclass(frozen=True, slots=True)
class RedactionPreview(DataclassFigures):
    """A ticket text with PII partly masked for the report, and as a prompt would receive it."""

    ticket_id: str
    masked: str
    redacted: str


@dataclass(frozen=True, slots=True)
class PiiFigures(DataclassFigures):
    tickets: int
    """Tickets scanned."""
    tickets_with_pii: int
    """Tickets with at least one detection in any field."""
    share: float
    """``tickets_with_pii / tickets`` (0 without tickets)."""
    by_type: Mapping[str, PiiTypeFigures]
    """Entity type -> its counts, most mentioned first."""
    preview: tuple[RedactionPreview, ...]
    """Up to three tickets' texts, masked and redacted."""
