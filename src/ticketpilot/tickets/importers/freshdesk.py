"""Freshdesk ticket exports: API v2 tickets with ``stats`` and ``conversations`` included.

Status, priority and source are Freshdesk's numbers (names are accepted too); custom fields
(``cf_*``) live under ``custom_fields`` and are reached with ``--map cf_product=category``.
"""

from __future__ import annotations

from typing import Any, ClassVar

from ticketpilot.tickets.importers.helpdesk import (
    HelpdeskImporter,
    item,
    listed,
    lookup,
    obj,
    plain,
    text,
    when,
)
from ticketpilot.tickets.model import Message, Role, Ticket

STATUSES = {
    "2": "open",
    "3": "pending",
    "4": "solved",
    "5": "closed",
    "open": "open",
    "pending": "pending",
    "resolved": "solved",
    "closed": "closed",
}
PRIORITIES = {
    "1": "low",
    "2": "medium",
    "3": "high",
    "4": "urgent",
    "low": "low",
    "medium": "medium",
    "high": "high",
    "urgent": "urgent",
}
SOURCES = {
    "1": "email",
    "2": "portal",
    "3": "phone",
    "4": "forum",
    "5": "twitter",
    "6": "facebook",
    "7": "chat",
    "8": "mobihelp",
    "9": "feedback_widget",
    "10": "outbound_email",
    "11": "ecommerce",
    "12": "bot",
}


class FreshdeskImporter(HelpdeskImporter):
    """Freshdesk tickets; the description opens the thread, ``conversations`` follow it."""

    name: ClassVar[str] = "freshdesk"
    description: ClassVar[str] = "Freshdesk ticket export (API v2 JSON with conversations)"
    wrapper_keys: ClassVar[tuple[str, ...]] = ("tickets", "results")
    map_roots: ClassVar[tuple[str, ...]] = ("custom_fields",)

    def build(self, data: dict[str, Any], ticket_id: str) -> Ticket:
        requester = text(data.get("requester_id")) or None
        created = when(data.get("created_at"), "created_at")
        body = plain(data.get("description_text") or data.get("description"))
        messages = [Message(Role.CUSTOMER, body, True, created, requester)] if body else []
        for index, entry in enumerate(listed(data.get("conversations"), "conversations")):
            if message := _conversation(item(entry, f"conversations[{index}]"), index):
                messages.append(message)
        stats = obj(data.get("stats"))
        source = text(data.get("source"))
        return Ticket(
            id=ticket_id,
            subject=text(data.get("subject")),
            body=body,
            channel=SOURCES.get(source, source.lower()) or None,
            category=text(data.get("type")) or None,
            tags=tuple(text(t) for t in listed(data.get("tags"), "tags") if text(t)),
            priority=PRIORITIES.get(text(data.get("priority")).lower()),
            customer_ref=requester,
            created_at=created,
            first_response_at=when(stats.get("first_responded_at"), "stats.first_responded_at"),
            resolved_at=when(
                stats.get("resolved_at") or stats.get("closed_at"), "stats.resolved_at"
            ),
            status=STATUSES.get(text(data.get("status")).lower()),
            csat=_csat(data.get("satisfaction_rating", data.get("satisfaction_ratings"))),
            messages=messages,
            queue=text(data.get("group_id")) or None,
            product=text(data.get("product_id")) or None,
        )


def _conversation(entry: dict[str, Any], index: int) -> Message | None:
    body = entry.get("body_text") or entry.get("body")
    if not text(body):
        return None
    return Message(
        role=Role.CUSTOMER if entry.get("incoming") is True else Role.AGENT,
        body=plain(body),
        public=entry.get("private") is not True,
        created_at=when(entry.get("created_at"), f"conversations[{index}].created_at"),
        author_ref=text(entry.get("user_id")) or None,
    )


FRESHDESK_SCALE = {103: 5.0, 102: 4.5, 101: 4.0, 100: 3.0, -101: 2.0, -102: 1.5, -103: 1.0}


def _csat(value: Any) -> float | None:
    """Freshdesk's 7-point survey (103 extremely happy .. -103 extremely unhappy) on 1..5."""
    if isinstance(value, list):
        value = value[-1] if value else None
    if isinstance(value, dict):
        value = lookup(value, "ratings.default_question") or value.get("rating")
    if not isinstance(value, int | float) or isinstance(value, bool):
        return None
    return FRESHDESK_SCALE.get(int(value))
