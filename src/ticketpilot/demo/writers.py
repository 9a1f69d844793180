"""Export files in helpdesk formats, written one ticket at a time (nothing held in memory).

- ``zendesk``: ``{"tickets": [...], "count": n}``, Zendesk API ticket objects with ``comments``
  (``plain_body``, ``html_body``, ``public``, ``author_id``), ``via.channel``, ``metric_set``,
  ``satisfaction_rating.score`` good/bad and a numeric CSAT in a custom field. The category goes
  in ``type`` and ``tags`` (ticketpilot's importer reads ``type``; real Zendesk accounts often keep
  it in a custom field or tags instead).
- ``freshdesk``: a JSON array of Freshdesk API tickets with ``description`` (HTML),
  ``description_text``, numeric ``status``/``priority``/``source``, ``stats`` and
  ``conversations`` (``body``, ``body_text``, ``incoming``, ``private``, ``user_id``) and the
  survey answer in ``satisfaction_rating.ratings.default_question`` (103..-103).
- ``jsonl``: one canonical ticket per line (the field names of ``ticketpilot.tickets.model``).

HTML is built so that the importer's HTML-to-text gives back exactly the plain text.
"""

from __future__ import annotations

import html
import json
from abc import ABC, abstractmethod
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import IO, Any, ClassVar

from ticketpilot.demo.compose import DemoMessage, DemoTicket

ZENDESK_FIELDS: Mapping[str, int] = {"language": 360001000001, "product": 360001000002,
                                     "csat_score": 360001000003}  # fmt: skip
ZENDESK_CHANNEL = {"email": "email", "web": "web", "chat": "chat", "phone": "voice"}
FRESHDESK_STATUS = {"new": 2, "open": 2, "pending": 3, "hold": 3, "solved": 4, "closed": 5}
FRESHDESK_SOURCE = {"email": 1, "web": 2, "phone": 3, "chat": 7}
FRESHDESK_PRIORITY = {"low": 1, "normal": 2, "high": 3, "urgent": 4}
_encode = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode
#: CSAT 1..5 on Freshdesk's 5-point survey scale.
FRESHDESK_RATING = {5: 103, 4: 101, 3: 100, 2: -101, 1: -103}  # read back exactly
#: Zendesk only knows good/bad: a numeric 4-5 is "good", 1-3 "bad" (the number is kept too).
GOOD_FROM = 4


def iso(moment: datetime | None) -> str | None:
    """``2024-01-05T09:30:00Z`` (times are naive UTC)."""
    return None if moment is None else moment.isoformat(timespec="seconds") + "Z"


def to_html(text: str) -> str:
    """Paragraphs as ``<p>``, line breaks as ``<br>``: round-trips through the importer's parser."""
    escaped = html.escape(text, quote=False)
    return "<p>" + escaped.replace("\n\n", "</p><p>").replace("\n", "<br>") + "</p>"


def category_of(ticket: DemoTicket) -> str | None:
    """The category as the helpdesk recorded it: ``None`` for untagged tickets."""
    return ticket.plan.category if ticket.plan.tagged else None


class ExportWriter(ABC):
    """Streams tickets into one JSON document: ``head``, tickets joined by commas, ``tail``."""

    name: ClassVar[str] = ""
    filename: ClassVar[str] = ""
    head: ClassVar[str] = "[\n"

    def __init__(self, folder: Path) -> None:
        self.path = folder / self.filename
        self._file: IO[str] = self.path.open("w", encoding="utf-8", newline="\n")
        self._file.write(self.head)
        self.count = 0
        self.first: datetime | None = None
        self.last: datetime | None = None

    def __enter__(self) -> ExportWriter:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def write(self, ticket: DemoTicket) -> None:
        """Append one ticket."""
        if self.count:
            self._file.write(",\n")
        self._file.write(_encode(self.record(ticket)))
        self.count += 1
        self.first = self.first or ticket.plan.created_at
        self.last = ticket.plan.created_at

    @abstractmethod
    def record(self, ticket: DemoTicket) -> dict[str, Any]:
        """The format's object for one ticket."""

    def tail(self) -> str:
        """What closes the document."""
        return "\n]\n"

    def close(self) -> None:
        """Finish the document and close the file (idempotent)."""
        if not self._file.closed:
            self._file.write(self.tail() if self.count else self.tail().lstrip("\n"))
            self._file.close()


class ZendeskWriter(ExportWriter):
    """Zendesk API tickets with comments, wrapped as ``{"tickets": [...]}``."""

    name = "zendesk"
    filename = "zendesk_tickets.json"
    head = '{"tickets": [\n'

    def tail(self) -> str:
        return f'\n], "count": {self.count}, "next_page": null}}\n'

    def record(self, ticket: DemoTicket) -> dict[str, Any]:
        plan = ticket.plan
        category = category_of(ticket)
        resolved = iso(ticket.resolved_at)
        rating: dict[str, Any] = {"score": "offered" if ticket.survey_offered else "unoffered"}
        if ticket.csat is not None:
            rating = {"score": "good" if ticket.csat >= GOOD_FROM else "bad", "comment": ""}
        minutes = _minutes(ticket)
        return {
            "id": ticket.id,
            "url": f"https://northwind.zendesk.com/api/v2/tickets/{ticket.id}.json",
            "created_at": iso(plan.created_at),
            "updated_at": iso(ticket.updated_at),
            "type": category,
            "subject": ticket.subject,
            "raw_subject": ticket.subject,
            "description": ticket.body,
            "priority": plan.priority,
            "status": ticket.status,
            "requester_id": ticket.requester_id,
            "submitter_id": ticket.requester_id,
            "assignee_id": ticket.agent_id,
            "tags": [category] if category else [],
            "via": {"channel": ZENDESK_CHANNEL[plan.channel]},
            "custom_fields": [
                {"id": ZENDESK_FIELDS["language"], "value": plan.language},
                {"id": ZENDESK_FIELDS["product"], "value": ticket.product},
                {"id": ZENDESK_FIELDS["csat_score"], "value": ticket.csat},
            ],
            "satisfaction_rating": rating,
            "solved_at": resolved,
            "metric_set": {
                "created_at": iso(plan.created_at),
                "solved_at": resolved,
                "initially_assigned_at": iso(plan.created_at),
                "reply_time_in_minutes": {"calendar": minutes[0]},
                "full_resolution_time_in_minutes": {"calendar": minutes[1]},
            },
            "comments": [self._comment(ticket, n, m) for n, m in enumerate(ticket.messages)],
        }

    @staticmethod
    def _comment(ticket: DemoTicket, number: int, message: DemoMessage) -> dict[str, Any]:
        return {
            "id": ticket.id * 100 + number,
            "type": "Comment",
            "author_id": message.author_id,
            "public": message.public,
            "body": message.text,
            "plain_body": message.text,
            "html_body": f'<div class="zd-comment" dir="auto">{to_html(message.text)}</div>',
            "created_at": iso(message.created_at),
        }


class FreshdeskWriter(ExportWriter):
    """Freshdesk API tickets with ``conversations`` and ``stats``, as a JSON array."""

    name = "freshdesk"
    filename = "freshdesk_tickets.json"

    def record(self, ticket: DemoTicket) -> dict[str, Any]:
        plan = ticket.plan
        category = category_of(ticket)
        closed = ticket.updated_at if ticket.status == "closed" else None
        return {
            "id": ticket.id,
            "subject": ticket.subject,
            "description": f'<div dir="ltr">{to_html(ticket.body)}</div>',
            "description_text": ticket.body,
            "status": FRESHDESK_STATUS[ticket.status],
            "priority": FRESHDESK_PRIORITY[plan.priority],
            "source": FRESHDESK_SOURCE[plan.channel],
            "type": category,
            "tags": [category] if category else [],
            "requester_id": ticket.requester_id,
            "responder_id": ticket.agent_id,
            "created_at": iso(plan.created_at),
            "updated_at": iso(ticket.updated_at),
            "spam": False,
            "custom_fields": {
                "cf_language": plan.language,
                "cf_product": ticket.product,
                "cf_csat": ticket.csat,
            },
            "satisfaction_rating": _freshdesk_rating(ticket),
            "stats": {
                "first_responded_at": iso(ticket.first_response_at),
                "resolved_at": iso(ticket.resolved_at),
                "closed_at": iso(closed),
            },
            "conversations": [
                self._conversation(ticket, n, m) for n, m in enumerate(ticket.messages[1:], 1)
            ],
        }

    @staticmethod
    def _conversation(ticket: DemoTicket, number: int, message: DemoMessage) -> dict[str, Any]:
        return {
            "id": ticket.id * 100 + number,
            "body": f'<div dir="ltr">{to_html(message.text)}</div>',
            "body_text": message.text,
            "incoming": message.role == "customer",
            "private": not message.public,
            "user_id": message.author_id,
            "source": 0 if message.public else 2,
            "created_at": iso(message.created_at),
        }


class JsonlWriter(ExportWriter):
    """Canonical tickets, one per line, the whole history in one file."""

    name = "jsonl"
    filename = "tickets.jsonl"
    head = ""

    def write(self, ticket: DemoTicket) -> None:
        self._file.write(_encode(self.record(ticket)) + "\n")
        self.count += 1
        self.first = self.first or ticket.plan.created_at
        self.last = ticket.plan.created_at

    def tail(self) -> str:
        return ""

    def record(self, ticket: DemoTicket) -> dict[str, Any]:
        plan = ticket.plan
        category = category_of(ticket)
        return {
            "id": str(ticket.id), "subject": ticket.subject, "body": ticket.body,
            "channel": plan.channel, "category": category, "tags": [category] if category else [],
            "priority": plan.priority, "language": plan.language,
            "customer_ref": str(ticket.requester_id), "created_at": iso(plan.created_at),
            "first_response_at": iso(ticket.first_response_at),
            "resolved_at": iso(ticket.resolved_at), "status": ticket.status, "csat": ticket.csat,
            "messages": [
                {"role": m.role, "public": m.public, "created_at": iso(m.created_at),
                 "author_ref": str(m.author_id), "body": m.text}
                for m in ticket.messages
            ],
        }  # fmt: skip


def _freshdesk_rating(ticket: DemoTicket) -> dict[str, Any] | None:
    """A Freshdesk survey answer on its 5-point scale (103 best .. -103 worst)."""
    if ticket.csat is None or ticket.resolved_at is None:
        return None
    return {
        "id": ticket.id,
        "survey_id": 1,
        "ratings": {"default_question": FRESHDESK_RATING[ticket.csat]},
        "created_at": iso(ticket.resolved_at),
    }


def _minutes(ticket: DemoTicket) -> tuple[int | None, int | None]:
    created = ticket.plan.created_at
    first = ticket.first_response_at
    resolved = ticket.resolved_at
    return (
        None if first is None else round((first - created).total_seconds() / 60),
        None if resolved is None else round((resolved - created).total_seconds() / 60),
    )


WRITERS: Mapping[str, type[ExportWriter]] = {
    w.name: w for w in (ZendeskWriter, FreshdeskWriter, JsonlWriter)
}
#: Formats that split the history between them (a helpdesk migration); others get all of it.
HELPDESK_FORMATS = ("zendesk", "freshdesk")
