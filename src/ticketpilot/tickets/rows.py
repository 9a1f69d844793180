"""Turning one flat record (a CSV row, a JSON object, a Parquet row) into a ticket or a rejection.

Shared by the generic CSV, JSONL and Parquet importers; the reason for every rejection names the
column and the value that failed. Dates and ratings are read under the file's
:class:`~ticketpilot.tickets.conventions.Conventions` (its date order and CSAT scale). A value
that is a list or an object is read for what it is (a thread of message objects, tags, an
option's ``value``) or rejected: its Python repr is never stored as text.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from ticketpilot.errors import RecordError
from ticketpilot.tickets.conventions import Conventions
from ticketpilot.tickets.csat import RatingOutOfRangeError, rating
from ticketpilot.tickets.dates import DateParseError, parse_datetime
from ticketpilot.tickets.mapping import ColumnMapping
from ticketpilot.tickets.model import Message, Rejection, Role, Ticket
from ticketpilot.tickets.text import has_undecodable_bytes, to_plain_text
from ticketpilot.tickets.thread import (
    first_agent_time,
    has_turn_markup,
    looks_like_message_list,
    message_list,
    split_turns,
)

DEFAULT_NULLS = frozenset({"", "null", "NULL", "None", "none", "N/A", "n/a", "NaN", "nan"})
_ONE_TEXT = frozenset(
    {"id", "subject", "channel", "category", "priority", "language", "customer_ref", "status"}
)
"""The fields that hold one text: a list or an object there is refused, a number is text."""
_ONE_MESSAGE = (("customer_message", Role.CUSTOMER), ("agent_reply", Role.AGENT))


class RowError(RecordError):
    """One value of a record is unusable; the message becomes the quarantine reason."""

    def __init__(self, message: str, code: str = "bad_value") -> None:
        super().__init__(message)
        self.code = code


class RowBuilder:
    """Builds tickets from records under one resolved mapping and the file's conventions."""

    def __init__(
        self,
        mapping: ColumnMapping,
        *,
        encoding: str = "",
        conventions: Conventions | None = None,
    ) -> None:
        self.mapping = mapping
        self.nulls = DEFAULT_NULLS | mapping.nulls
        self.encoding = encoding or "the file's encoding"
        self.conventions = conventions or Conventions(
            mapping.date_order, mapping.csat_scale or "1-5"
        )
        self.records = 0
        self._explicit = [column for column, _ in mapping.explicit_pairs]
        self._columns = {target: column for column, target in mapping.pairs}
        self.valued = dict.fromkeys(self._explicit, 0)
        """Records with a value, per column the user mapped with ``--map``."""

    def build(
        self, get: Callable[[str], Any], line: int, raw: Callable[[], str]
    ) -> Ticket | Rejection:
        """A ticket from a record whose values ``get(column)`` returns, or a rejection."""
        ticket_id: str | None = None
        self.records += 1
        try:
            if self._explicit:
                self._count(get)
            values = self._values(get)
            ticket_id = values.get("id")
            if not ticket_id:
                raise RowError("id is empty", "missing_id")
            return self._ticket(ticket_id, values)
        except RowError as exc:
            return Rejection(line, str(exc), raw(), ticket_id or None, exc.code)

    def never_valued(self) -> list[str]:
        """Warnings for the ``--map`` columns no record had a value in."""
        targets = dict(self.mapping.explicit_pairs)
        return [
            f"--map {column}={targets[column]}: none of the {self.records:,} records has a "
            f"value in {column!r}, so no ticket got a {targets[column]} from it"
            for column, count in self.valued.items()
            if not count and self.records
        ]

    def _count(self, get: Callable[[str], Any]) -> None:
        for column in self._explicit:
            value = get(column)
            if value is not None and not (isinstance(value, str) and value.strip() in self.nulls):
                self.valued[column] += 1

    def _values(self, get: Callable[[str], Any]) -> dict[str, Any]:
        """The record's non-null values by target field: strings stripped (once, here), and a
        value of a one-text field that is not a string turned into one (or refused) here, so
        :meth:`_ticket` reads plain strings."""
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
            elif target in _ONE_TEXT:
                value = _text(value, target)
                if not value:
                    continue
            if target == "thread":
                values.setdefault("thread", []).append((column, value))
            else:
                values[target] = value
        return values

    def _ticket(self, ticket_id: str, values: Mapping[str, Any]) -> Ticket:
        get = values.get
        subject = get("subject")
        csat = get("csat")
        ticket = Ticket(
            id=ticket_id,
            subject=to_plain_text(subject) if subject else "",
            channel=get("channel"),
            category=get("category"),
            priority=get("priority"),
            language=get("language"),
            customer_ref=get("customer_ref"),
            status=get("status"),
            created_at=self._date(get("created_at"), "created_at"),
            first_response_at=self._date(get("first_response_at"), "first_response_at"),
            resolved_at=self._date(get("resolved_at"), "resolved_at"),
            csat=None if csat is None else self._csat(csat),
            tags=_tags(get("tags")),
            brand=get("brand"),
            queue=get("queue"),
            product=get("product"),
        )
        messages = ticket.messages
        for column, chunk in get("thread", ()):
            messages.extend(self._thread(chunk, column))
        body = get("body")
        if body is not None and (type(body) is not str or body[:1] == "["):
            if looks_like_message_list(body) or isinstance(body, list):
                messages[:0] = self._thread(body, self._columns.get("body", "body"))
                body = None
            else:
                body = _text(body, "body")
        if body and has_turn_markup(body):
            messages[:0] = split_turns(body)
            body = None
        for target, role in _ONE_MESSAGE:
            value = get(target)
            if value is None:
                continue
            if type(value) is str and value[:1] != "[":
                messages.append(Message(role, to_plain_text(value)))
            elif looks_like_message_list(value) or isinstance(value, list):
                messages.extend(self._thread(value, self._columns.get(target, target)))
            elif text := _text(value, target):
                messages.append(Message(role, to_plain_text(text)))
        ticket.body = to_plain_text(body) if body else _first_customer_text(ticket)
        if body and not any(m.role is Role.CUSTOMER for m in messages):
            messages.insert(0, Message(Role.CUSTOMER, ticket.body, created_at=ticket.created_at))
        if not (ticket.body or ticket.subject or messages or self.mapping.partial):
            raise RowError("ticket has no subject, body or messages", "empty")
        if messages:
            if ticket.created_at is None:
                ticket.created_at = next((m.created_at for m in messages if m.created_at), None)
            if ticket.first_response_at is None:
                ticket.first_response_at = first_agent_time(messages, ticket.created_at)
        return ticket

    def _thread(self, value: Any, where: str) -> list[Message]:
        """The messages of one thread value: a list of message objects, or marked-up text."""
        if isinstance(value, list | str) and looks_like_message_list(value):
            try:
                messages = message_list(value, where, self._message_date)
            except ValueError as exc:
                if isinstance(exc, RowError):
                    raise
                raise RowError(str(exc)) from None
            if isinstance(value, list) and any(_undecodable(m) for m in messages):
                raise RowError(f"{where} has bytes that are not valid {self.encoding}", "encoding")
            return messages
        if isinstance(value, list):
            if not value:
                return []
            kind = type(value[0]).__name__
            raise RowError(f"{where} holds a list of {kind}, expected message objects")
        return split_turns(_text(value, where))

    def _message_date(self, value: Any, where: str) -> datetime | None:
        return self._date(value, where)

    def _date(self, value: Any, name: str) -> datetime | None:
        try:
            return parse_datetime(value, self.conventions.date_order)
        except DateParseError as exc:
            raise RowError(f"{name}: {exc}", exc.code) from None

    def _csat(self, value: Any) -> float | None:
        try:
            return rating(_scalar(value, "csat"), self.conventions.csat_scale)
        except RatingOutOfRangeError as exc:
            raise RowError(f"csat: {exc}", "out_of_range") from None
        except ValueError as exc:
            raise RowError(f"csat: {exc}") from None


def _text(value: Any, target: str) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    value = _scalar(value, target)
    return "" if value is None else str(value).strip()


def _scalar(value: Any, target: str) -> Any:
    """One value for ``target``: an option object gives its ``value`` (else ``name``); another
    object or a list is a RowError (never its repr)."""
    if isinstance(value, dict):
        inner = value.get("value", value.get("name"))
        if inner is None or isinstance(inner, dict | list):
            keys = ", ".join(list(map(str, value))[:8])
            raise RowError(f"{target}: holds an object ({keys}), expected one value")
        return inner
    if isinstance(value, list):
        raise RowError(
            f"{target}: holds a list of {len(value)}, expected one value "
            "(map a list to tags, or a list of messages to thread)"
        )
    return value


def _undecodable(message: Message) -> bool:
    texts = (message.body, message.author_ref or "")
    return any(not t.isascii() and has_undecodable_bytes(t) for t in texts)


def _first_customer_text(ticket: Ticket) -> str:
    return next((m.body for m in ticket.messages if m.role is Role.CUSTOMER), "")


def _tags(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, list | tuple):
        items = [_text(v, "tags") for v in value]
    else:
        text = _text(value, "tags")
        if text.startswith("["):
            try:
                items = [_text(v, "tags") for v in json.loads(text)]
            except json.JSONDecodeError:
                items = text.strip("[]").split(",")
        else:
            items = text.replace(";", ",").split(",")
    return tuple(t for t in (item.strip() for item in items) if t)
