"""What the helpdesk importers (Zendesk, Freshdesk, Intercom, Jira SM) share.

Each one subclasses :class:`HelpdeskImporter` and writes only ``build``: one export record in,
one :class:`Ticket` out. This module reads the records (:mod:`.helpdesk_json`), applies ``--map``
overrides, fills what the thread implies and turns every :class:`RowError` into a rejection.

``--map PATH=FIELD`` names a dotted path in the record (``via.source.from.address``); a path that
is not found from the top is looked up under each of the importer's ``map_roots`` (e.g.
``custom_fields``, ``fields``), and a step into a list of ``{"id": ..., "value": ...}`` picks the
item by id. The mapped value replaces the importer's own source for that field, in every record.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any, ClassVar

from ticketpilot.errors import ImportFileError
from ticketpilot.tickets.conventions import SAMPLE_RECORDS
from ticketpilot.tickets.csat import RatingOutOfRangeError, csat_value
from ticketpilot.tickets.dates import DateParseError, parse_datetime
from ticketpilot.tickets.importers.helpdesk_json import WRAPPER_KEYS, JsonRecord, read_objects
from ticketpilot.tickets.mapping import ColumnMapping
from ticketpilot.tickets.model import Message, Rejection, Role, Ticket
from ticketpilot.tickets.rows import DEFAULT_NULLS, RowError
from ticketpilot.tickets.sampling import read_ahead, refuse_absent
from ticketpilot.tickets.source import SourceFile
from ticketpilot.tickets.text import to_plain_text
from ticketpilot.tickets.thread import (
    first_agent_time,
    looks_like_message_list,
    message_list,
    split_turns,
)

_TEXT_FIELDS = ("channel", "category", "priority", "language", "customer_ref", "status",
                "brand", "queue", "product")  # fmt: skip
_DATE_FIELDS = ("created_at", "first_response_at", "resolved_at")
_OPEN_STATUSES = frozenset({"new", "open", "pending", "on_hold"})
_THREAD_TARGETS = frozenset({"thread", "customer_message", "agent_reply"})


class HelpdeskImporter(ABC):
    """Base of the helpdesk importers: reading, ``--map`` and rejections; subclasses ``build``."""

    name: ClassVar[str] = ""
    description: ClassVar[str] = ""
    suffixes: ClassVar[tuple[str, ...]] = ()
    wrapper_keys: ClassVar[tuple[str, ...]] = WRAPPER_KEYS
    id_key: ClassVar[str] = "id"
    map_roots: ClassVar[tuple[str, ...]] = ()

    @abstractmethod
    def build(self, data: dict[str, Any], ticket_id: str) -> Ticket:
        """The ticket of one record; raise :class:`RowError` for a value that cannot be read."""

    def read(
        self, source: SourceFile, mapping: ColumnMapping
    ) -> Iterator[tuple[int, Ticket | Rejection]]:
        if mapping.partial and not mapping.targets() - {"id"}:
            raise ImportFileError(
                "--update-only sets only the fields given with --map: name at least one, "
                "e.g. --map cf_product=category"
            )
        head, items = read_ahead(read_objects(source, self.wrapper_keys), SAMPLE_RECORDS)
        sample = [item.data for item in head if isinstance(item, JsonRecord)]
        refuse_absent(mapping.pairs, sample, self.has)
        del sample
        for item in items:
            if isinstance(item, Rejection):
                yield item.line, item
            else:
                yield item.line, self.convert(item, mapping)

    def convert(self, record: JsonRecord, mapping: ColumnMapping) -> Ticket | Rejection:
        """A ticket from a record, or the rejection that says which value failed."""
        data = record.data
        nulls = DEFAULT_NULLS | mapping.nulls
        ticket_id: str | None = None
        try:
            id_path = next((path for path, target in mapping.pairs if target == "id"), None)
            raw_id = self.lookup(data, id_path) if id_path else data.get(self.id_key)
            ticket_id = text(raw_id)
            if not ticket_id or ticket_id in nulls:
                where = repr(id_path or self.id_key)
                raise RowError(f"no ticket id: {where} is missing or empty", "missing_id")
            ticket = self.build(data, ticket_id)
            for path, target in mapping.pairs:
                value = self.lookup(data, path)
                if isinstance(value, str) and value.strip() in nulls:
                    value = None
                if target != "id":
                    apply_value(ticket, target, value, path)
            return finish(ticket, partial=mapping.partial)
        except RowError as exc:
            return Rejection(record.line, str(exc), record.raw, ticket_id or None, exc.code)

    def lookup(self, data: dict[str, Any], path: str) -> Any:
        """The value at ``path``, from the top of the record or under one of ``map_roots``."""
        value = lookup(data, path)
        for root in self.map_roots:
            if value is not None:
                break
            value = lookup(lookup(data, root), path)
        return value

    def has(self, data: dict[str, Any], path: str) -> bool:
        """Whether ``path`` is in the record (its value may be null), as :meth:`lookup` finds it."""
        if lookup(data, path, MISSING) is not MISSING:
            return True
        return any(
            lookup(lookup(data, root), path, MISSING) is not MISSING for root in self.map_roots
        )


MISSING: Any = object()


def lookup(data: Any, path: str, missing: Any = None) -> Any:
    """The value at a dotted path; a list step is an index or the ``id``/``name`` of an item.
    ``missing`` where a step is not there (a null value found is ``None``)."""
    value = data
    for part in path.split("."):
        if isinstance(value, dict):
            value = value.get(part, MISSING)
        elif isinstance(value, list):
            value = _list_step(value, part)
        else:
            return missing
        if value is MISSING:
            return missing
    return value


def _list_step(items: list[Any], part: str) -> Any:
    for element in items:
        if isinstance(element, dict) and part in (str(element.get("id")), element.get("name")):
            return element.get("value", element)
    return items[int(part)] if part.isdigit() and int(part) < len(items) else MISSING


def text(value: Any) -> str:
    """A scalar as stripped text; ``None`` gives "". A list or an object is a RowError: its
    Python repr is never stored as text."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, dict | list):
        kind = "an object" if isinstance(value, dict) else "a list"
        shown = json.dumps(value, ensure_ascii=False, default=str)
        shown = shown if len(shown) <= 60 else shown[:57] + "..."
        raise RowError(f"expected one value, got {kind}: {shown}")
    return str(value)


def plain(value: Any) -> str:
    """Plain text of a body that may be HTML."""
    return to_plain_text(value) if isinstance(value, str) else text(value)


def when(value: Any, where: str) -> datetime | None:
    """A date (ISO, Unix seconds or milliseconds...) or a RowError naming where it was."""
    try:
        return parse_datetime(value)
    except DateParseError as exc:
        raise RowError(f"{where}: {exc}", exc.code) from None


def obj(value: Any) -> dict[str, Any]:
    """A nested object, or an empty one when the value is missing or not an object."""
    return value if isinstance(value, dict) else {}


def listed(value: Any, where: str) -> list[Any]:
    """A list value (``None`` is empty) or a RowError when it is something else."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise RowError(f"{where} is {type(value).__name__}, expected a list")
    return value


def item(value: Any, where: str) -> dict[str, Any]:
    """One element of a nested list, which must be an object."""
    if not isinstance(value, dict):
        raise RowError(f"{where} is {type(value).__name__}, expected an object")
    return value


def apply_value(ticket: Ticket, target: str, value: Any, path: str) -> None:
    """Set one field from a ``--map`` value; lists and ``{"value": ...}`` options are unwrapped,
    a list of message objects mapped to a thread target is read as messages."""
    if target in _THREAD_TARGETS and looks_like_message_list(value):
        try:
            ticket.messages.extend(message_list(value, path, _message_time))
        except RowError:
            raise
        except ValueError as exc:
            raise RowError(str(exc)) from None
        return
    if isinstance(value, dict):
        value = value.get("value", value.get("name"))
    if target == "tags":
        items = value if isinstance(value, list) else text(value).replace(";", ",").split(",")
        ticket.tags = tuple(t for t in (text(_option(v)) for v in items) if t)
        return
    if isinstance(value, list):
        value = next((v for v in map(_option, value) if v is not None), None)
    where = f"{path} (mapped to {target})"
    if target in _DATE_FIELDS:
        setattr(ticket, target, when(value, where))
    elif target == "csat":
        ticket.csat = _number(value, where)
    elif target in ("subject", "body"):
        setattr(ticket, target, plain(value))
    elif target in _TEXT_FIELDS:
        setattr(ticket, target, text(value) or None)
    elif value is not None:
        role = Role.AGENT if target == "agent_reply" else Role.CUSTOMER
        ticket.messages.extend(split_turns(plain(value), role))


def _message_time(value: Any, where: str) -> datetime | None:
    return when(value, where)


def _option(value: Any) -> Any:
    return value.get("value", value.get("name")) if isinstance(value, dict) else value


def _number(value: Any, where: str) -> float | None:
    if value is None or value == "":
        return None
    try:
        return csat_value(value)
    except RatingOutOfRangeError as exc:
        raise RowError(f"{where}: {exc}", "out_of_range") from None
    except ValueError:
        raise RowError(f"{where}: {value!r} is not a number or good/bad") from None


def plus_minutes(start: datetime | None, minutes: Any) -> datetime | None:
    """``start`` plus a number of minutes, when both are known."""
    if start is None or not isinstance(minutes, int | float) or isinstance(minutes, bool):
        return None
    return start + timedelta(minutes=minutes)


def finish(ticket: Ticket, *, partial: bool = False) -> Ticket:
    """Fill what the thread implies, and reject a ticket with nothing in it.

    The body defaults to the first customer message, an empty thread to the body; the
    first response to the first public agent message; ``resolved_at`` is cleared while the status
    says the ticket is still open (a reopened ticket keeps the time of its last solve otherwise).
    """
    ticket.subject = to_plain_text(ticket.subject) if ticket.subject else ""
    customer = next((m for m in ticket.messages if m.role is Role.CUSTOMER), None)
    if not ticket.body and customer:
        ticket.body = customer.body
    if ticket.body and not ticket.messages:
        opening = Message(Role.CUSTOMER, ticket.body, True, ticket.created_at, ticket.customer_ref)
        ticket.messages.insert(0, opening)
    if ticket.first_response_at is None:
        ticket.first_response_at = first_agent_time(ticket.messages, ticket.created_at)
    if ticket.status in _OPEN_STATUSES:
        ticket.resolved_at = None
    if not (ticket.body or ticket.subject or ticket.messages or partial):
        raise RowError("ticket has no subject, body or messages", "empty")
    return ticket
