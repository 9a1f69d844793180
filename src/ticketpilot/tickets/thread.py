"""Conversations stored in one column, split into messages.

Two shapes are read:

- marked-up text, the ASAPP/Twitter style: turns as ``<cust__ ... __cust>`` and
  ``<rep__ ... __rep>`` with placeholders such as ``__company__``; a plain text column is one
  customer message;
- a **list of message objects**, ``[{"role": "customer", "author": "@ana", "at": "...",
  "text": "..."}, ...]``: a JSON Lines field or Parquet list as it is, or a CSV cell holding the
  list as JSON (or as the Python literal pandas writes for a list column). Each object gives a
  role (:data:`ROLE_WORDS`, or ``inbound`` true/false), the text, and optionally the author, the
  time and whether it is public; keys go by the common names in :data:`KEYS`.

A list that cannot be read as messages (an element that is not an object, an unknown role, no
text key) raises a ``ValueError`` naming the element, which quarantines the record: a list is
never stored as text.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

from ticketpilot.tickets.model import Message, Role
from ticketpilot.tickets.text import to_plain_text

_TURN = re.compile(r"<(cust|rep)__(.*?)(?:__\1>|(?=<(?:cust|rep)__)|\Z)", re.DOTALL)
_PLACEHOLDER = re.compile(r"__(?:company|cust|initials|url|email|phone)__")
_ROLES = {"cust": Role.CUSTOMER, "rep": Role.AGENT}

_CUSTOMER_WORDS = """customer client user end_user end-user enduser requester contact lead visitor
consumer cust inbound guest member"""
_AGENT_WORDS = """agent rep representative support staff admin team employee operator brand company
business outbound helpdesk assistant advisor"""
_BOT_WORDS = "bot system automation automated auto ai chatbot virtual_agent"
ROLE_WORDS: Mapping[str, Role] = {
    word: role
    for words, role in (
        (_CUSTOMER_WORDS, Role.CUSTOMER),
        (_AGENT_WORDS, Role.AGENT),
        (_BOT_WORDS, Role.BOT),
    )
    for word in words.split()
}
"""Role words (lower case) a message object may use, by the role they mean."""

KEYS: Mapping[str, tuple[str, ...]] = {
    "role": ("role", "sender_role", "author_role", "sender_type", "author_type", "speaker"),
    "text": ("text", "body", "message", "content", "plain_body", "html_body"),
    "author": ("author", "author_ref", "author_id", "sender", "sender_id", "user", "user_id",
               "handle", "screen_name", "name"),
    "at": ("at", "created_at", "time", "timestamp", "date", "sent_at", "created", "ts"),
}  # fmt: skip
"""The keys of a message object, by what they hold, in the order they are looked for."""

ParseDate = Callable[[Any, str], datetime | None]
"""Reads a message's time: ``(value, where)``, raising ValueError naming ``where``."""


def first_agent_time(messages: Sequence[Message], after: datetime | None) -> datetime | None:
    """When the first public agent message was written (at or after ``after``), if known."""
    for message in messages:
        stamp = message.created_at
        if message.role is not Role.AGENT or not message.public or stamp is None:
            continue
        if after is None or stamp >= after:
            return stamp
    return None


def has_turn_markup(text: str) -> bool:
    return "<cust__" in text or "<rep__" in text


def split_turns(text: str, default_role: Role = Role.CUSTOMER) -> list[Message]:
    """Messages of a marked-up conversation; unmarked text is one message of ``default_role``."""
    if not has_turn_markup(text):
        body = text.strip()
        return [Message(role=default_role, body=body)] if body else []
    turns: list[Message] = []
    for match in _TURN.finditer(text):
        body = " ".join(_PLACEHOLDER.sub(" ", match.group(2)).split())
        if body:
            turns.append(Message(role=_ROLES[match.group(1)], body=body))
    return turns


def looks_like_message_list(value: Any) -> bool:
    """True for a list (or text of one) whose first element is an object: a message list."""
    if isinstance(value, list):
        return bool(value) and isinstance(value[0], dict)
    return isinstance(value, str) and value[:1] == "[" and value.lstrip("[ \t\r\n")[:1] == "{"


def decode_list(text: str, where: str) -> list[Any]:
    """The list a text cell holds, as JSON or as a Python literal; ValueError when neither."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        try:
            value = ast.literal_eval(text)
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            raise ValueError(
                f"{where} looks like a list of messages but is not valid JSON: "
                f"{exc.msg} at character {exc.pos}"
            ) from None
    if not isinstance(value, list):
        raise ValueError(f"{where} holds {type(value).__name__}, expected a list of messages")
    return value


def message_list(value: Any, where: str, parse_date: ParseDate) -> list[Message]:
    """The messages of a list of message objects (or the text of one); see the module docstring."""
    items = decode_list(value, where) if isinstance(value, str) else value
    if not isinstance(items, list):
        raise ValueError(f"{where} holds {type(items).__name__}, expected a list of messages")
    messages: list[Message] = []
    for index, item in enumerate(items):
        at = f"{where}[{index}]"
        if not isinstance(item, dict):
            raise ValueError(f"{at} is {type(item).__name__}, expected a message object")
        if (message := _message(item, at, parse_date)) is not None:
            messages.append(message)
    return messages


def _message(item: dict[str, Any], at: str, parse_date: ParseDate) -> Message | None:
    text_key = _key(item, "text")
    if text_key is None:
        raise ValueError(f"{at} has no text: none of the keys {', '.join(KEYS['text'])}")
    body = item[text_key]
    if not isinstance(body, str):
        if body is None:
            return None
        raise ValueError(f"{at}.{text_key} is {type(body).__name__}, expected text")
    body = to_plain_text(body)
    if not body:
        return None
    author = item.get(_key(item, "author") or "")
    time_key = _key(item, "at")
    return Message(
        role=_role(item, author, at),
        body=body,
        public=_public(item),
        created_at=parse_date(item[time_key], f"{at}.{time_key}") if time_key else None,
        author_ref=_author(author, at),
    )


def _key(item: dict[str, Any], kind: str) -> str | None:
    return next((key for key in KEYS[kind] if key in item), None)


def _role(item: dict[str, Any], author: Any, at: str) -> Role:
    if isinstance(item.get("inbound"), bool):
        return Role.CUSTOMER if item["inbound"] else Role.AGENT
    role_key = _key(item, "role")
    value = item.get(role_key) if role_key else None
    if value is None and isinstance(author, dict):
        value = author.get("type") or author.get("role")
    if value is None:
        keys = ", ".join(KEYS["role"])
        raise ValueError(f"{at} has no role: none of the keys {keys} or inbound")
    role = ROLE_WORDS.get(str(value).strip().lower()) if isinstance(value, str) else None
    if role is None:
        raise ValueError(
            f"{at}.{role_key or 'author.type'}: {value!r} is not a role; use customer, agent or "
            "bot (or a synonym: user, client, rep, support, staff, system...)"
        )
    return role


def _public(item: dict[str, Any]) -> bool:
    if isinstance(item.get("public"), bool):
        return bool(item["public"])
    return not any(item.get(key) is True for key in ("private", "internal", "note"))


def _author(author: Any, at: str) -> str | None:
    if isinstance(author, dict):
        author = author.get("id") or author.get("handle") or author.get("name")
    if author is None or isinstance(author, bool):
        return None
    if isinstance(author, str | int | float):
        return str(author).strip() or None
    raise ValueError(f"{at}: the author is {type(author).__name__}, expected text or an id")
