"""Zendesk exports through the real import pipeline into a real SQLite store."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from ticketpilot.errors import ImportFileError
from ticketpilot.store.quarantine import QuarantineRepository
from ticketpilot.store.tickets import TicketRepository
from ticketpilot.tickets.importers import default_importers
from ticketpilot.tickets.importing.pipeline import ImportOptions, ImportResult, import_file
from ticketpilot.tickets.mapping import ColumnMapping
from ticketpilot.tickets.model import Role, Ticket


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """These tests run on SQLite only (``tests/integration`` covers PostgreSQL)."""
    return f"sqlite:///{tmp_path / 'test.db'}"


REQUESTER, AGENT = 9001, 42


def _import(engine: Engine, path: Path, *maps: str, update_only: bool = False) -> ImportResult:
    options = ImportOptions(
        fmt="zendesk", mapping=ColumnMapping.parse(maps), update_only=update_only
    )
    return import_file(
        engine, default_importers(), path, options, clock=lambda: datetime(2025, 1, 1)
    )


def _get(engine: Engine, ticket_id: str) -> Ticket:
    ticket = TicketRepository(engine).get(ticket_id)
    assert ticket is not None, f"ticket {ticket_id} was not stored"
    return ticket


def _comment(author: int, body: str, at: str, *, public: bool = True) -> dict[str, Any]:
    return {
        "type": "Comment",
        "author_id": author,
        "body": body,
        "html_body": f"<div class='zd-comment'><p>{body}</p></div>",
        "plain_body": body,
        "public": public,
        "created_at": at,
    }


def _tickets() -> list[Any]:
    solved = {
        "id": 101,
        "url": "https://example.zendesk.com/api/v2/tickets/101.json",
        "via": {"channel": "email", "source": {"from": {"address": "ana@example.com"}}},
        "created_at": "2024-03-01T09:00:00Z",
        "type": "incident",
        "subject": "Refund for order #5521",
        "description": "I was charged twice for order #5521.",
        "priority": "normal",
        "status": "solved",
        "requester_id": REQUESTER,
        "submitter_id": REQUESTER,
        "assignee_id": AGENT,
        "tags": ["billing", "refund"],
        "custom_fields": [{"id": 360001, "value": "payments"}, {"id": 360002, "value": None}],
        "satisfaction_rating": {"score": "good", "comment": "quick!"},
        "metric_set": {"solved_at": "2024-03-01T15:30:00Z"},
        "comments": [
            _comment(REQUESTER, "I was charged twice for order #5521.", "2024-03-01T09:00:00Z"),
            _comment(
                AGENT,
                "Checking with finance, refund is likely.",
                "2024-03-01T09:20:00Z",
                public=False,
            ),
            _comment(AGENT, "Sorry Ana, the refund is on its way.", "2024-03-01T10:00:00Z"),
            _comment(REQUESTER, "Thanks, got it!", "2024-03-01T15:00:00Z"),
            _comment(-1, "This ticket was solved automatically.", "2024-03-01T15:30:00Z"),
        ],
    }
    on_hold = {
        "id": 102,
        "via": {"channel": "voice"},
        "created_at": "2024-03-02T08:00:00Z",
        "subject": "Phone call: <b>password reset</b>",
        "description": "<p>Customer cannot reset the password.</p><p>Link expired.</p>",
        "priority": "urgent",
        "status": "hold",
        "requester_id": 9002,
        "tags": [],
        "satisfaction_rating": {"score": "bad"},
        "metric_set": {"reply_time_in_minutes": {"calendar": 45, "business": 30}},
    }
    reopened = {
        "id": 103,
        "via": {"channel": "web"},
        "created_at": "2024-03-03T08:00:00Z",
        "subject": "Still broken",
        "description": "The export still fails.",
        "status": "open",
        "requester_id": 9003,
        "metric_set": {"solved_at": "2024-03-03T12:00:00Z"},
        "satisfaction_rating": {"score": "offered"},
    }
    bad_date = dict(
        reopened,
        id=104,
        comments=[
            _comment(9003, "hello", "2024-03-03T08:00:00Z"),
            _comment(AGENT, "hi", "yesterday at noon"),
        ],
    )
    no_id = {"subject": "orphan", "description": "no id here", "created_at": "2024-03-03T08:00:00Z"}
    return [solved, on_hold, reopened, bad_date, no_id, "not a ticket"]


@pytest.fixture
def export(tmp_path: Path) -> Path:
    path = tmp_path / "zendesk_export.json"
    payload = {"tickets": _tickets(), "next_page": None, "count": 6}
    path.write_text(json.dumps(payload, indent=2), encoding="utf-8")
    return path


def test_counts_and_rejections(engine: Engine, export: Path) -> None:
    result = _import(engine, export)
    assert (result.records, result.counts.inserted, result.quarantined) == (6, 3, 3)
    assert result.by_code == {"bad_value": 1, "missing_id": 1, "unreadable": 1}
    rows = QuarantineRepository(engine).list()
    assert sorted((row.ticket_id or "", row.reason) for row in rows) == [
        ("", "expected a JSON object, got str"),
        ("", "no ticket id: 'id' is missing or empty"),
        ("104", "comments[1].created_at: cannot read 'yesterday at noon' as a date"),
    ]
    assert all(row.line > 1 and row.raw for row in rows)


def test_solved_ticket_fields_and_thread(engine: Engine, export: Path) -> None:
    _import(engine, export)
    ticket = _get(engine, "101")
    assert ticket.subject == "Refund for order #5521"
    assert ticket.body == "I was charged twice for order #5521."
    assert (ticket.channel, ticket.category, ticket.tags) == (
        "email",
        None,  # "incident" is a Zendesk ticket type, not a business category
        ("billing", "refund"),
    )
    assert (ticket.priority, ticket.status, ticket.csat) == ("medium", "solved", 5.0)  # good -> 5
    assert ticket.customer_ref == str(REQUESTER)
    assert ticket.created_at == datetime(2024, 3, 1, 9)
    assert ticket.first_response_at == datetime(2024, 3, 1, 10)  # the private note does not count
    assert ticket.resolved_at == datetime(2024, 3, 1, 15, 30)
    thread = [(m.role, m.public, m.author_ref) for m in ticket.messages]
    assert thread == [
        (Role.CUSTOMER, True, "9001"),
        (Role.AGENT, False, "42"),
        (Role.AGENT, True, "42"),
        (Role.CUSTOMER, True, "9001"),
        (Role.BOT, True, "-1"),
    ]
    assert ticket.first_agent_reply() is not None
    assert ticket.first_agent_reply().body == "Sorry Ana, the refund is on its way."  # type: ignore[union-attr]


def test_html_description_hold_status_and_metric_first_reply(engine: Engine, export: Path) -> None:
    _import(engine, export)
    ticket = _get(engine, "102")
    assert ticket.subject == "Phone call: password reset"
    assert ticket.body == "Customer cannot reset the password.\n\nLink expired."
    assert (ticket.channel, ticket.status, ticket.priority, ticket.csat) == (
        "phone",
        "on_hold",
        "urgent",
        1.0,  # "bad" is 1 on the 1..5 scale
    )
    assert ticket.first_response_at == datetime(2024, 3, 2, 8, 45)
    assert [(m.role, m.body) for m in ticket.messages] == [(Role.CUSTOMER, ticket.body)]


def test_reopened_ticket_has_no_resolution(engine: Engine, export: Path) -> None:
    _import(engine, export)
    ticket = _get(engine, "103")
    assert (ticket.status, ticket.resolved_at, ticket.csat) == ("open", None, None)


def test_map_custom_field_to_category_and_update_only(engine: Engine, export: Path) -> None:
    _import(engine, export)
    result = _import(engine, export, "360001=category", update_only=True)
    assert result.counts.updated == 3
    assert _get(engine, "101").category == "payments"
    assert _get(engine, "102").category is None  # the mapped field replaces `type` everywhere
    assert _get(engine, "101").messages[0].body.startswith("I was charged")


def test_update_only_needs_a_mapped_field(engine: Engine, export: Path) -> None:
    with pytest.raises(ImportFileError, match="name at least one"):
        _import(engine, export, update_only=True)


def test_json_lines_with_bom_and_reimport_is_idempotent(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    lines = [json.dumps(t, ensure_ascii=False) for t in _tickets()[:3]]
    lines[0] = lines[0].replace("Refund for order", "Rückerstattung für Bestellung")
    path.write_bytes("\n".join(lines).encode("utf-8-sig"))
    first = _import(engine, path)
    again = _import(engine, path)
    assert first.counts.inserted == 3
    assert (again.counts.inserted, again.counts.updated, again.counts.unchanged) == (0, 0, 3)
    assert _get(engine, "101").subject == "Rückerstattung für Bestellung #5521"


def test_brand_and_group_become_brand_and_queue(engine: Engine, tmp_path: Path) -> None:
    """A multi-brand Zendesk: ``brand_id`` is the brand a scope can partition history by."""
    record = {**_tickets()[0], "brand_id": 360001, "group_id": 77}
    path = tmp_path / "zendesk.json"
    path.write_text(json.dumps({"tickets": [record]}), encoding="utf-8")
    _import(engine, path)
    ticket = _get(engine, "101")
    assert (ticket.brand, ticket.queue, ticket.product) == ("360001", "77", None)
