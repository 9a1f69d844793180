"""Intercom conversation exports: the API's conversation objects with their parts.

The ``source`` is the opening message; ``conversation_parts`` with a body follow it (notes are
private; assignments, state changes and other parts without a body are skipped). Times are
Unix seconds. Authors ``user``/``lead``/``contact`` are the customer, ``admin``/``team`` agents.
"""

from __future__ import annotations

from datetime import datetime
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
from ticketpilot.tickets.rows import RowError

STATES = {"open": "open", "snoozed": "on_hold", "closed": "closed"}
PRIORITIES = {"priority": "high"}
CHANNELS = {"conversation": "chat", "phone_call": "phone"}
ROLES = {
    "user": Role.CUSTOMER,
    "lead": Role.CUSTOMER,
    "contact": Role.CUSTOMER,
    "admin": Role.AGENT,
    "team": Role.AGENT,
    "bot": Role.BOT,
    "operator": Role.BOT,
}


class IntercomImporter(HelpdeskImporter):
    """Intercom conversations; ``--map`` paths also look in ``custom_attributes``."""

    name: ClassVar[str] = "intercom"
    description: ClassVar[str] = "Intercom conversations export (JSON with conversation_parts)"
    wrapper_keys: ClassVar[tuple[str, ...]] = ("conversations", "data")
    map_roots: ClassVar[tuple[str, ...]] = ("custom_attributes",)

    def build(self, data: dict[str, Any], ticket_id: str) -> Ticket:
        created = when(data.get("created_at"), "created_at")
        source = obj(data.get("source"))
        opening = _message(source, "source", created)
        messages = [opening] if opening else []
        parts = lookup(data, "conversation_parts.conversation_parts")
        if parts is None and isinstance(data.get("conversation_parts"), list):
            parts = data["conversation_parts"]
        for index, part in enumerate(listed(parts, "conversation_parts")):
            where = f"conversation_parts[{index}]"
            if message := _message(item(part, where), where, None):
                messages.append(message)
        state = text(data.get("state")).lower()
        closed = when(lookup(data, "statistics.last_close_at"), "statistics.last_close_at")
        channel = text(source.get("type")).lower()
        return Ticket(
            id=ticket_id,
            subject=text(data.get("title") or source.get("subject")),
            body=plain(source.get("body")),
            channel=CHANNELS.get(channel, channel) or None,
            category=next(iter(_names(data.get("topics"), "topics")), None),
            tags=_names(data.get("tags"), "tags"),
            priority=PRIORITIES.get(text(data.get("priority")).lower()),
            customer_ref=_customer(data, source),
            created_at=created,
            first_response_at=when(
                lookup(data, "statistics.first_admin_reply_at"), "statistics.first_admin_reply_at"
            ),
            resolved_at=closed if state == "closed" else None,
            status=STATES.get(state),
            csat=_rating(lookup(data, "conversation_rating.rating")),
            messages=messages,
            queue=text(data.get("team_assignee_id")) or None,
        )


def _message(part: dict[str, Any], where: str, default_time: datetime | None) -> Message | None:
    body = plain(part.get("body"))
    if not body:
        return None
    author = obj(part.get("author"))
    stamp = part.get("created_at")
    return Message(
        role=ROLES.get(text(author.get("type")).lower(), Role.AGENT),
        body=body,
        public="note" not in text(part.get("part_type")),
        created_at=default_time if stamp is None else when(stamp, f"{where}.created_at"),
        author_ref=text(author.get("id")) or None,
    )


def _names(value: Any, where: str) -> tuple[str, ...]:
    """Names of a tag or topic list, wrapped (``{"tags": [...]}``) or bare."""
    if isinstance(value, dict):
        value = value.get(where)
    names = (
        text(entry.get("name") if isinstance(entry, dict) else entry)
        for entry in listed(value, where)
    )
    return tuple(name for name in names if name)


def _customer(data: dict[str, Any], source: dict[str, Any]) -> str | None:
    contacts = lookup(data, "contacts.contacts")
    if isinstance(contacts, list) and contacts and isinstance(contacts[0], dict):
        return text(contacts[0].get("id")) or None
    author = obj(source.get("author"))
    if ROLES.get(text(author.get("type")).lower()) is Role.CUSTOMER:
        return text(author.get("id")) or None
    return text(lookup(data, "user.id")) or None


def _rating(value: Any) -> float | None:
    if value is None or value == "":
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        raise RowError(f"conversation_rating.rating: {value!r} is not a number 1..5") from None
