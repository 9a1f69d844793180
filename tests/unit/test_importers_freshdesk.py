"""Freshdesk exports through the real import pipeline into a real SQLite store."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from ticketpilot.store.quarantine import QuarantineRepository
from ticketpilot.store.tickets import TicketRepository
from ticketpilot.tickets.importers import default_importers
from ticketpilot.tickets.importing.pipeline import ImportOptions, ImportResult, import_file
from ticketpilot.tickets.mapping import ColumnMapping
from ticketpilot.tickets.model import Role, Ticket
from ticketpilot.tickets.source import SourceFile


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """These tests run on SQLite only (``tests/integration`` covers PostgreSQL)."""
    return f"sqlite:///{tmp_path / 'test.db'}"


def _import(engine: Engine, path: Path, *maps: str) -> ImportResult:
    options = ImportOptions(fmt="freshdesk", mapping=ColumnMapping.parse(maps))
    return import_file(
        engine, default_importers(), path, options, clock=lambda: datetime(2025, 1, 1)
    )


def _get(engine: Engine, ticket_id: str) -> Ticket:
    ticket = TicketRepository(engine).get(ticket_id)
    assert ticket is not None, f"ticket {ticket_id} was not stored"
    return ticket


def _conversation(body: str, at: str, *, incoming: bool, private: bool = False) -> dict[str, Any]:
    return {
        "body": f"<div>{body}</div>",
        "body_text": body,
        "incoming": incoming,
        "private": private,
        "user_id": 7001 if incoming else 5001,
        "source": 2 if private else 0,
        "created_at": at,
    }


def _tickets() -> list[dict[str, Any]]:
    resolved = {
        "id": 3001,
        "subject": "Café order – refund of 12 €",
        "description": "<div>My café order was <b>cold</b>.</div>",
        "description_text": "My café order was cold.",
        "status": 4,
        "priority": 3,
        "source": 7,
        "type": "Refund",
        "tags": ["food", "refund"],
        "requester_id": 7001,
        "responder_id": 5001,
        "created_at": "2024-05-01T10:00:00Z",
        "custom_fields": {"cf_product": "Pro plan", "cf_region": None},
        "stats": {
            "first_responded_at": "2024-05-01T10:30:00Z",
            "resolved_at": "2024-05-01T18:00:00Z",
            "closed_at": None,
        },
        "satisfaction_rating": {"ratings": {"default_question": 103}},
        "conversations": [
            _conversation(
                "Refund approved by lead.", "2024-05-01T10:20:00Z", incoming=False, private=True
            ),
            _conversation("Sorry! Refund issued: 12 €.", "2024-05-01T10:30:00Z", incoming=False),
            _conversation("Merci, reçu.", "2024-05-01T17:00:00Z", incoming=True),
        ],
    }
    open_ticket = {
        "id": 3002,
        "subject": "Login",
        "description": "<p>I can&#39;t log in&nbsp;since Monday.</p>",
        "status": 2,
        "priority": 1,
        "source": 1,
        "requester_id": 7002,
        "created_at": "2024-05-02T08:00:00Z",
        "custom_fields": {"cf_product": "Free plan"},
        "stats": {"resolved_at": "2024-05-02T09:00:00Z"},
    }
    closed = dict(
        open_ticket,
        id=3003,
        status=5,
        source=10,
        priority=4,
        custom_fields={},
        stats={"closed_at": "2024-05-03T08:00:00Z"},
    )
    bad = dict(open_ticket, id=3004, stats={"resolved_at": "not yet"})
    return [resolved, open_ticket, closed, bad, {"subject": "no id", "description_text": "x"}]


@pytest.fixture
def export(tmp_path: Path) -> Path:
    """A top-level array, as the Freshdesk API returns it, in the Windows code page."""
    path = tmp_path / "freshdesk.json"
    path.write_bytes(json.dumps(_tickets(), ensure_ascii=False, indent=1).encode("cp1252"))
    assert SourceFile.at(path).encoding == "cp1252"
    return path


def test_counts_and_rejections(engine: Engine, export: Path) -> None:
    result = _import(engine, export)
    assert (result.records, result.counts.inserted, result.quarantined) == (5, 3, 2)
    assert result.by_code == {"bad_value": 1, "missing_id": 1}
    rows = {row.ticket_id: row for row in QuarantineRepository(engine).list()}
    assert rows["3004"].reason == "stats.resolved_at: cannot read 'not yet' as a date"
    assert rows[None].reason == "no ticket id: 'id' is missing or empty"


def test_resolved_ticket(engine: Engine, export: Path) -> None:
    _import(engine, export)
    ticket = _get(engine, "3001")
    assert ticket.subject == "Café order – refund of 12 €"
    assert ticket.body == "My café order was cold."
    assert (ticket.status, ticket.priority, ticket.channel) == ("solved", "high", "chat")
    assert (ticket.category, ticket.tags, ticket.csat) == ("Refund", ("food", "refund"), 5.0)
    assert ticket.first_response_at == datetime(2024, 5, 1, 10, 30)
    assert ticket.resolved_at == datetime(2024, 5, 1, 18)
    assert [(m.role, m.public, m.body) for m in ticket.messages] == [
        (Role.CUSTOMER, True, "My café order was cold."),
        (Role.AGENT, False, "Refund approved by lead."),
        (Role.AGENT, True, "Sorry! Refund issued: 12 €."),
        (Role.CUSTOMER, True, "Merci, reçu."),
    ]
    assert ticket.messages[0].author_ref == "7001"


def test_open_ticket_from_html_and_closed_ticket(engine: Engine, export: Path) -> None:
    _import(engine, export)
    opened = _get(engine, "3002")
    assert opened.body == "I can't log in since Monday."
    assert (opened.status, opened.priority, opened.channel) == ("open", "low", "email")
    assert opened.resolved_at is None  # a stale resolved_at on an open ticket is dropped
    closed = _get(engine, "3003")
    assert (closed.status, closed.priority, closed.channel) == (
        "closed",
        "urgent",
        "outbound_email",
    )
    assert closed.resolved_at == datetime(2024, 5, 3, 8)


def test_map_custom_field_to_category(engine: Engine, export: Path) -> None:
    _import(engine, export, "cf_product=category")
    assert _get(engine, "3001").category == "Pro plan"
    assert _get(engine, "3002").category == "Free plan"
    assert _get(engine, "3003").category is None
