"""Zendesk ticket exports: the JSON export or the API's ``{"tickets": [...]}`` with comments.

A comment whose ``author_id`` is the ticket's ``requester_id`` is the customer's; the system
user ``-1`` is a bot; every other author is an agent. See ``docs/importers.md`` for the table.
"""

from __future__ import annotations

from typing import Any, ClassVar

from ticketpilot.tickets.csat import csat_value
from ticketpilot.tickets.importers.helpdesk import (
    HelpdeskImporter,
    item,
    listed,
    lookup,
    obj,
    plain,
    plus_minutes,
    text,
    when,
)
from ticketpilot.tickets.model import Message, Role, Ticket
from ticketpilot.tickets.thread import first_agent_time

STATUSES = {
    "new": "new",
    "open": "open",
    "pending": "pending",
    "hold": "on_hold",
    "on-hold": "on_hold",
    "on_hold": "on_hold",
    "solved": "solved",
    "closed": "closed",
}
PRIORITIES = {"low": "low", "normal": "medium", "high": "high", "urgent": "urgent"}
CHANNELS = {"voice": "phone", "native_messaging": "chat", "chat_transcript": "chat"}
_SYSTEM_USER = "-1"


class ZendeskImporter(HelpdeskImporter):
    """Zendesk tickets with their ``comments``; ``--map`` paths also look in ``custom_fields``."""

    name: ClassVar[str] = "zendesk"
    description: ClassVar[str] = 'Zendesk ticket export (JSON, {"tickets": [...]} or JSON Lines)'
    wrapper_keys: ClassVar[tuple[str, ...]] = ("tickets", "results")
    map_roots: ClassVar[tuple[str, ...]] = ("custom_fields", "fields")

    def build(self, data: dict[str, Any], ticket_id: str) -> Ticket:
        comments = listed(data.get("comments"), "comments")
        requester = text(data.get("requester_id"))
        if not requester and comments:
            requester = text(item(comments[0], "comments[0]").get("author_id"))
        messages = [
            message
            for index, comment in enumerate(comments)
            if (message := _comment(item(comment, f"comments[{index}]"), index, requester))
        ]
        created = when(data.get("created_at"), "created_at")
        metrics = obj(data.get("metric_set"))
        solved = metrics.get("solved_at") or data.get("solved_at")
        return Ticket(
            id=ticket_id,
            subject=text(data.get("subject") or data.get("raw_subject")),
            body=plain(data.get("description")),
            channel=_channel(lookup(data, "via.channel")),
            category=_category(data.get("type")),
            tags=tuple(text(t) for t in listed(data.get("tags"), "tags") if text(t)),
            priority=_known(PRIORITIES, data.get("priority")),
            customer_ref=requester or None,
            created_at=created,
            first_response_at=first_agent_time(messages, created)
            or plus_minutes(created, lookup(metrics, "reply_time_in_minutes.calendar")),
            resolved_at=when(solved, "metric_set.solved_at"),
            status=_known(STATUSES, data.get("status")),
            csat=_csat(data.get("satisfaction_rating")),
            messages=messages,
            brand=text(data.get("brand_id")) or None,
            queue=text(data.get("group_id")) or None,
        )


def _comment(comment: dict[str, Any], index: int, requester: str) -> Message | None:
    body = comment.get("plain_body") or comment.get("body") or comment.get("html_body")
    if not text(body):
        return None
    author = text(comment.get("author_id"))
    role = Role.CUSTOMER if author == requester else Role.AGENT
    if author == _SYSTEM_USER:
        role = Role.BOT
    return Message(
        role=role,
        body=plain(body),
        public=comment.get("public") is not False,
        created_at=when(comment.get("created_at"), f"comments[{index}].created_at"),
        author_ref=author or None,
    )


def _known(table: dict[str, str], value: Any) -> str | None:
    return table.get(text(value).lower())


TICKET_TYPES = frozenset({"question", "incident", "problem", "task"})
"""Zendesk's built-in ticket types: a workflow kind, not a business category."""


def _category(value: Any) -> str | None:
    """``type`` when a helpdesk admin made it a category; the built-in types are not one
    (map the real category field with ``--map custom_fields.ID=category``)."""
    kind = text(value)
    return kind if kind and kind.lower() not in TICKET_TYPES else None


def _channel(value: Any) -> str | None:
    channel = text(value).lower()
    return CHANNELS.get(channel, channel) or None


def _csat(rating: Any) -> float | None:
    score = text(rating.get("score") if isinstance(rating, dict) else rating).lower()
    return csat_value(score) if score.startswith(("good", "bad")) else None
