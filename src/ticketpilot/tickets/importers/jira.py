"""Jira Service Management exports: issues as the REST API returns them (``{"issues": [...]}``).

Descriptions and comment bodies are plain strings (API v2, wiki markup kept as text) or
Atlassian Document Format trees (API v3), turned into plain text here. The request type and
the satisfaction rating live in ``customfield_*`` values whose id differs per site: they are
found by their shape (``{"requestType": ...}``, ``{"rating": ...}``).
"""

from __future__ import annotations

import contextlib
import json
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
from ticketpilot.tickets.text import tidy
from ticketpilot.tickets.thread import first_agent_time

STATUSES = {
    "new": "new",
    "to do": "new",
    "open": "open",
    "reopened": "open",
    "in progress": "open",
    "work in progress": "open",
    "waiting for support": "open",
    "escalated": "open",
    "waiting for customer": "pending",
    "pending": "pending",
    "on hold": "on_hold",
    "waiting for approval": "on_hold",
    "waiting for third party": "on_hold",
    "resolved": "solved",
    "done": "solved",
    "completed": "solved",
    "closed": "closed",
    "canceled": "closed",
    "cancelled": "closed",
    "declined": "closed",
}
CATEGORY_STATUSES = {"new": "new", "indeterminate": "open", "done": "solved"}
PRIORITIES = {
    "highest": "urgent",
    "blocker": "urgent",
    "critical": "urgent",
    "p1": "urgent",
    "high": "high",
    "major": "high",
    "p2": "high",
    "medium": "medium",
    "p3": "medium",
    "low": "low",
    "minor": "low",
    "lowest": "low",
    "trivial": "low",
    "p4": "low",
    "p5": "low",
}
_BREAK_AFTER = {
    "paragraph": "\n\n",
    "heading": "\n\n",
    "codeBlock": "\n\n",
    "blockquote": "\n\n",
    "rule": "\n\n",
    "bulletList": "\n",
    "orderedList": "\n",
    "taskList": "\n",
    "tableRow": "\n",
    "taskItem": "\n",
    "listItem": "",
    "tableCell": " ",
    "tableHeader": " ",
}


_LISTS = frozenset({"bulletList", "orderedList", "taskList"})


class JiraImporter(HelpdeskImporter):
    """Jira SM issues; ``id`` is the issue ``key``; ``--map`` paths also look in ``fields``."""

    name: ClassVar[str] = "jira"
    description: ClassVar[str] = 'Jira Service Management issues (REST JSON, {"issues": [...]})'
    wrapper_keys: ClassVar[tuple[str, ...]] = ("issues", "values")
    id_key: ClassVar[str] = "key"
    map_roots: ClassVar[tuple[str, ...]] = ("fields",)

    def build(self, data: dict[str, Any], ticket_id: str) -> Ticket:
        fields = item(data.get("fields") or {}, "fields")
        reporter = _person(fields.get("reporter"))
        created = when(fields.get("created"), "fields.created")
        body = document_text(fields.get("description"))
        messages = [Message(Role.CUSTOMER, body, True, created, reporter)] if body else []
        comments = lookup(fields, "comment.comments")
        if comments is None and isinstance(fields.get("comment"), list):
            comments = fields["comment"]
        for index, comment in enumerate(listed(comments, "fields.comment.comments")):
            if message := _comment(item(comment, f"comments[{index}]"), index, reporter):
                messages.append(message)
        status = lookup(fields, "status.name")
        return Ticket(
            id=ticket_id,
            subject=text(fields.get("summary")),
            body=body,
            category=_request_type(data, fields),
            tags=tuple(text(t) for t in listed(fields.get("labels"), "fields.labels") if text(t)),
            priority=PRIORITIES.get(text(lookup(fields, "priority.name")).lower()),
            customer_ref=reporter,
            created_at=created,
            first_response_at=first_agent_time(messages, created),
            resolved_at=when(fields.get("resolutiondate"), "fields.resolutiondate"),
            status=STATUSES.get(text(status).lower())
            or CATEGORY_STATUSES.get(text(lookup(fields, "status.statusCategory.key")).lower()),
            csat=_rating(fields),
            messages=messages,
            brand=text(lookup(fields, "project.key")) or None,  # one service desk per project
        )


def document_text(value: Any) -> str:
    """Plain text of a Jira rich-text value: an ADF tree (or its JSON) or a plain string."""
    if isinstance(value, str) and value.lstrip().startswith('{"') and '"type"' in value:
        with contextlib.suppress(json.JSONDecodeError):
            value = json.loads(value)
    if isinstance(value, dict | list):
        parts: list[str] = []
        _walk(value, parts)
        return tidy("".join(parts))
    return plain(value)


def _walk(node: Any, parts: list[str], in_list: bool = False) -> None:
    if isinstance(node, list):
        for child in node:
            _walk(child, parts, in_list)
        return
    if not isinstance(node, dict):
        return
    kind = str(node.get("type"))
    attrs = obj(node.get("attrs"))
    if kind == "text":
        value = node.get("text")
        parts.append(value if isinstance(value, str) else "")
    elif kind == "hardBreak":
        parts.append("\n")
    elif kind in ("mention", "emoji", "status", "date"):
        parts.append(text(attrs.get("text") or attrs.get("shortName") or attrs.get("timestamp")))
    elif kind in ("inlineCard", "blockCard", "embedCard"):
        parts.append(f" {text(attrs.get('url'))} ")
    elif kind == "listItem":
        parts.append("- ")
    _walk(node.get("content"), parts, in_list or kind in _LISTS)
    parts.append("\n" if in_list and kind == "paragraph" else _BREAK_AFTER.get(kind, ""))


def _comment(comment: dict[str, Any], index: int, reporter: str | None) -> Message | None:
    body = document_text(comment.get("body"))
    if not body:
        return None
    author = obj(comment.get("author"))
    author_id = _person(author)
    kind = text(author.get("accountType")).lower()
    role = Role.AGENT
    if kind == "customer" or (author_id is not None and author_id == reporter):
        role = Role.CUSTOMER
    elif kind == "app":
        role = Role.BOT
    return Message(
        role=role,
        body=body,
        public=comment.get("jsdPublic") is not False,
        created_at=when(comment.get("created"), f"fields.comment.comments[{index}].created"),
        author_ref=author_id,
    )


def _person(value: Any) -> str | None:
    """A user's stable id: Cloud ``accountId``, else Server/DC ``key`` or ``name`` (no e-mail)."""
    if not isinstance(value, dict):
        return text(value) or None
    return text(value.get("accountId") or value.get("key") or value.get("name")) or None


def _request_type(data: dict[str, Any], fields: dict[str, Any]) -> str | None:
    candidates = [data.get("requestType"), fields.get("requestType")]
    candidates += [
        v.get("requestType")
        for k, v in fields.items()
        if k.startswith("customfield_") and isinstance(v, dict)
    ]
    for candidate in candidates:
        name = candidate.get("name") if isinstance(candidate, dict) else candidate
        if text(name):
            return text(name)
    return None


def _rating(fields: dict[str, Any]) -> float | None:
    """The JSM satisfaction rating (1..5): a custom field holding ``{"rating": n}``."""
    for key, value in fields.items():
        if key.startswith("customfield_") and isinstance(value, dict):
            rating = value.get("rating")
            if isinstance(rating, int | float) and not isinstance(rating, bool):
                return float(rating)
    return None
