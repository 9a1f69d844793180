"""Intercom conversation exports through the real import pipeline into a real SQLite store."""

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


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """These tests run on SQLite only (``tests/integration`` covers PostgreSQL)."""
    return f"sqlite:///{tmp_path / 'test.db'}"


T0 = 1_714_557_600  # 2024-05-01 10:00:00 UTC


def _import(engine: Engine, path: Path, *maps: str) -> ImportResult:
    options = ImportOptions(fmt="intercom", mapping=ColumnMapping.parse(maps))
    return import_file(
        engine, default_importers(), path, options, clock=lambda: datetime(2025, 1, 1)
    )


def _get(engine: Engine, ticket_id: str) -> Ticket:
    ticket = TicketRepository(engine).get(ticket_id)
    assert ticket is not None, f"ticket {ticket_id} was not stored"
    return ticket


def _part(kind: str, author: str, body: str | None, minutes: int) -> dict[str, Any]:
    return {
        "type": "conversation_part",
        "id": f"{kind}-{minutes}",
        "part_type": kind,
        "body": body,
        "created_at": T0 + minutes * 60,
        "author": {"type": author, "id": f"{author}-1", "name": author.title()},
    }


def _conversations() -> list[Any]:
    closed = {
        "type": "conversation",
        "id": "215469",
        "title": None,
        "created_at": T0,
        "state": "closed",
        "priority": "priority",
        "source": {
            "type": "conversation",
            "delivered_as": "customer_initiated",
            "subject": "<p>Billing question</p>",
            "body": "<p>Hi, why was I <b>charged twice</b>?</p><p>Order 88</p>",
            "author": {"type": "user", "id": "6640f0", "name": "Ana"},
        },
        "contacts": {"type": "contact.list", "contacts": [{"type": "contact", "id": "6640f0"}]},
        "tags": {
            "type": "tag.list",
            "tags": [
                {"type": "tag", "id": "1", "name": "billing"},
                {"type": "tag", "id": "2", "name": "vip"},
            ],
        },
        "topics": {
            "type": "topic.list",
            "topics": [{"type": "topic", "id": 9, "name": "Payments"}],
        },
        "custom_attributes": {"Product": "Teams", "Region": "EU"},
        "statistics": {
            "type": "conversation_statistics",
            "first_admin_reply_at": T0 + 300,
            "last_close_at": T0 + 3600,
        },
        "conversation_rating": {"rating": 4, "remark": "ok"},
        "conversation_parts": {
            "type": "conversation_part.list",
            "conversation_parts": [
                _part("assignment", "bot", None, 1),
                _part("comment", "bot", "<p>An agent will be with you shortly.</p>", 2),
                _part("note", "admin", "<p>Duplicate charge, refund it.</p>", 4),
                _part("comment", "admin", "<p>Refunded &mdash; sorry!</p>", 5),
                _part("comment", "user", "<p>Thanks</p>", 20),
                _part("close", "admin", None, 60),
            ],
            "total_count": 6,
        },
    }
    snoozed = {
        "type": "conversation",
        "id": "215470",
        "title": "Export fails",
        "created_at": T0 + 86_400,
        "state": "snoozed",
        "priority": "not_priority",
        "source": {
            "type": "email",
            "body": "Export to CSV fails.",
            "author": {"type": "lead", "id": "77"},
        },
        "statistics": {"last_close_at": T0},
        "conversation_parts": {"conversation_parts": []},
    }
    bad = dict(
        snoozed,
        id="215471",
        conversation_parts={
            "conversation_parts": [
                {
                    "part_type": "comment",
                    "body": "x",
                    "created_at": "when pigs fly",
                    "author": {"type": "admin"},
                }
            ]
        },
    )
    return [closed, snoozed, bad, dict(snoozed, id=None)]


@pytest.fixture
def export(tmp_path: Path) -> Path:
    path = tmp_path / "intercom.json"
    payload = {"type": "conversation.list", "conversations": _conversations(), "pages": {}}
    path.write_text(json.dumps(payload), encoding="utf-8")
    return path


def test_counts_and_rejections(engine: Engine, export: Path) -> None:
    result = _import(engine, export)
    assert (result.records, result.counts.inserted, result.quarantined) == (4, 2, 2)
    reasons = sorted(row.reason for row in QuarantineRepository(engine).list())
    assert reasons == [
        "conversation_parts[0].created_at: cannot read 'when pigs fly' as a date",
        "no ticket id: 'id' is missing or empty",
    ]


def test_closed_conversation(engine: Engine, export: Path) -> None:
    _import(engine, export)
    ticket = _get(engine, "215469")
    assert ticket.subject == "Billing question"
    assert ticket.body == "Hi, why was I charged twice?\n\nOrder 88"
    assert (ticket.status, ticket.priority, ticket.channel) == ("closed", "high", "chat")
    assert (ticket.category, ticket.tags, ticket.csat) == ("Payments", ("billing", "vip"), 4.0)
    assert ticket.customer_ref == "6640f0"
    assert ticket.created_at == datetime(2024, 5, 1, 10)
    assert ticket.first_response_at == datetime(2024, 5, 1, 10, 5)
    assert ticket.resolved_at == datetime(2024, 5, 1, 11)
    assert [(m.role, m.public, m.body) for m in ticket.messages] == [
        (Role.CUSTOMER, True, ticket.body),
        (Role.BOT, True, "An agent will be with you shortly."),
        (Role.AGENT, False, "Duplicate charge, refund it."),
        (Role.AGENT, True, "Refunded — sorry!"),
        (Role.CUSTOMER, True, "Thanks"),
    ]
    assert [m.created_at.minute for m in ticket.messages if m.created_at] == [0, 2, 4, 5, 20]


def test_snoozed_conversation_is_not_resolved(engine: Engine, export: Path) -> None:
    _import(engine, export)
    ticket = _get(engine, "215470")
    assert (ticket.status, ticket.priority, ticket.channel) == ("on_hold", None, "email")
    assert (ticket.resolved_at, ticket.customer_ref, ticket.subject) == (None, "77", "Export fails")
    assert [(m.role, m.body) for m in ticket.messages] == [(Role.CUSTOMER, "Export to CSV fails.")]


def test_map_custom_attribute_to_category(engine: Engine, export: Path) -> None:
    _import(engine, export, "Product=category", "custom_attributes.Region=language")
    ticket = _get(engine, "215469")
    assert (ticket.category, ticket.language) == ("Teams", "EU")
