"""Turning one flat record (a CSV row, a JSON object, a Parquet row) into a ticket or a rejection.

Shared by the generic CSV, JSONL and Parquet importers; the reason for every rejection names the
column and the value that failed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from ticketpilot.errors import RecordError
from ticketpilot.tickets.csat import csat_value
from ticketpilot.tickets.dates import DateParseError, parse_datetime
from ticketpilot.tickets.mapping import ColumnMapping
from ticketpilot.tickets.model import Message, Rejection, Role, Ticket
from ticketpilot.tickets.text import has_undecodable_bytes, to_plain_text
from ticketpilot.tickets.thread import has_turn_markup, split_turns

DEFAULT_NULLS = frozenset({"", "null", "NULL", "None", "none", "N/A", "n/a", "NaN", "nan"})


class RowError(RecordError):
    """One value of a record is unusable; the message becomes the quarantine reason."""

    def __init__(self, message: str, code: str = "bad_value") -> None:
        super().__init__(message)
        self.code = code


class RowBuilder:
    """Builds tickets from records under one resolved mapping."""

    def __init__(self, mapping: ColumnMapping, *, encoding: str = "") -> None:
        self.mapping = mapping
        self.nulls = DEFAULT_NULLS | mapping.nulls
        self.encoding = encoding or "the file's encoding"

    def build(
        self, get: Callable[[str], Any], line: int, raw: Callable[[], str]
    ) -> Ticket | Rejection:
        """A ticket from a record whose values ``get(column)`` returns, or a rejection."""
        ticket_id: str | None = None
        try:
            values = self._values(get)
            ticket_id = _text(values.get("id"))
            if not ticket_id:
                raise RowError("id is empty", "missing_id")
            return self._ticket(ticket_id, values)
        except RowError as exc:
            return Rejection(line, str(exc), raw(), ticket_id or None, exc.code)

    def _values(self, get: Callable[[str], Any]) -> dict[str, Any]:
        """The record's non-null values by target field, strings stripped (once, here)."""
        values: dict[str, Any] = {}
        nulls = self.nulls
        for column, target in self.mapping.pairs:
            value = get(column)
            if value is None:
                continue
            if isinstance(value, str):
                if not value.isascii() and has_undecodable_bytes(value):
                    raise RowError(
                        f"column {column!r} has bytes that are not valid {self.encoding}",
                        "encoding",
                    )
                value = value.strip()
                if value in nulls:
                    continue
            if target == "thread":
                values.setdefault("thread", []).append(value)
            else:
                values[target] = value
        return values

    def _ticket(self, ticket_id: str, values: Mapping[str, Any]) -> Ticket:
        subject = _text(values.get("subject"))
        ticket = Ticket(
            id=ticket_id,
            subject=to_plain_text(subject) if subject else "",
            channel=_text(values.get("channel")) or None,
            category=_text(values.get("category")) or None,
            priority=_text(values.get("priority")) or None,
            language=_text(values.get("language")) or None,
            customer_ref=_text(values.get("customer_ref")) or None,
            status=_text(values.get("status")) or None,
            created_at=_date(values, "created_at"),
            first_response_at=_date(values, "first_response_at"),
            resolved_at=_date(values, "resolved_at"),
            csat=_csat(values.get("csat")),
            tags=_tags(values.get("tags")),
            brand=_text(values.get("brand")) or None,
            queue=_text(values.get("queue")) or None,
            product=_text(values.get("product")) or None,
        )
        body = _text(values.get("body"))
        for chunk in values.get("thread", []):
            ticket.messages.extend(split_turns(_text(chunk)))
        if body and has_turn_markup(body):
            ticket.messages[:0] = split_turns(body)
            body = ""
        if customer := _text(values.get("customer_message")):
            ticket.messages.append(Message(Role.CUSTOMER, to_plain_text(customer)))
        if reply := _text(values.get("agent_reply")):
            ticket.messages.append(Message(Role.AGENT, to_plain_text(reply)))
        ticket.body = to_plain_text(body) if body else _first_customer_text(ticket)
        if body and not any(m.role is Role.CUSTOMER for m in ticket.messages):
            ticket.messages.insert(
                0, Message(Role.CUSTOMER, ticket.body, created_at=ticket.created_at)
            )
        if not (ticket.body or ticket.subject or ticket.messages or self.mapping.partial):
            raise RowError("ticket has no subject, body or messages", "empty")
        return ticket


def _text(value: Any) -> str:
    if value is None:
        return ""
    return value.strip() if isinstance(value, str) else str(value)


def _date(values: Mapping[str, Any], name: str) -> datetime | None:
    try:
        return parse_datetime(values.get(name))
    except DateParseError as exc:
        raise RowError(f"{name}: {exc}") from None


def _first_customer_text(ticket: Ticket) -> str:
    return next((m.body for m in ticket.messages if m.role is Role.CUSTOMER), "")


def _csat(value: Any) -> float | None:
    try:
        return csat_value(value)
    except ValueError as exc:
        raise RowError(f"csat: {exc}") from None


def _tags(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, list | tuple):
        items = [str(v) for v in value]
    else:
        text = str(value).strip()
        if text.startswith("["):
            try:
                items = [str(v) for v in json.loads(text)]
            except json.JSONDecodeError:
                items = text.strip("[]").split(",")
        else:
            items = text.replace(";", ",").split(",")
    return tuple(t for t in (item.strip() for item in items) if t)
