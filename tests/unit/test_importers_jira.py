"""Jira Service Management exports through the real import pipeline into a real SQLite store."""

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
from ticketpilot.tickets.importers.jira import document_text
from ticketpilot.tickets.importing.pipeline import ImportOptions, ImportResult, import_file
from ticketpilot.tickets.mapping import ColumnMapping
from ticketpilot.tickets.model import Role, Ticket


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """These tests run on SQLite only (``tests/integration`` covers PostgreSQL)."""
    return f"sqlite:///{tmp_path / 'test.db'}"


CUSTOMER = {"accountId": "qm:1a2b", "accountType": "customer", "displayName": "Ana"}
AGENT = {"accountId": "5b10ac", "accountType": "atlassian", "displayName": "Sam"}


def _import(engine: Engine, path: Path, *maps: str) -> ImportResult:
    options = ImportOptions(fmt="jira", mapping=ColumnMapping.parse(maps))
    return import_file(
        engine, default_importers(), path, options, clock=lambda: datetime(2025, 1, 1)
    )


def _get(engine: Engine, ticket_id: str) -> Ticket:
    ticket = TicketRepository(engine).get(ticket_id)
    assert ticket is not None, f"ticket {ticket_id} was not stored"
    return ticket


def _adf(*paragraphs: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "type": "doc",
        "version": 1,
        "content": [{"type": "paragraph", "content": p} for p in paragraphs],
    }


def _text(value: str, *marks: str) -> dict[str, Any]:
    node: dict[str, Any] = {"type": "text", "text": value}
    if marks:
        node["marks"] = [{"type": mark} for mark in marks]
    return node


ADF_DESCRIPTION = {
    "type": "doc",
    "version": 1,
    "content": [
        {
            "type": "paragraph",
            "content": [
                _text("My laptop "),
                _text("will not boot", "strong"),
                _text(" since the update."),
                {"type": "hardBreak"},
                _text("Serial: X1-99"),
            ],
        },
        {
            "type": "bulletList",
            "content": [
                {
                    "type": "listItem",
                    "content": [{"type": "paragraph", "content": [_text("tried safe mode")]}],
                },
                {
                    "type": "listItem",
                    "content": [{"type": "paragraph", "content": [_text("tried reset")]}],
                },
            ],
        },
        {
            "type": "paragraph",
            "content": [
                _text("cc "),
                {"type": "mention", "attrs": {"id": "5b10ac", "text": "@Sam"}},
            ],
        },
    ],
}


def _comment(author: dict[str, Any], body: Any, at: str, *, public: bool = True) -> dict[str, Any]:
    return {"author": author, "body": body, "created": at, "jsdPublic": public}


def _issues() -> list[dict[str, Any]]:
    pending = {
        "id": "10042",
        "key": "HELP-42",
        "fields": {
            "summary": "Laptop will not boot",
            "description": ADF_DESCRIPTION,
            "status": {"name": "Waiting for customer", "statusCategory": {"key": "indeterminate"}},
            "priority": {"name": "High"},
            "labels": ["hardware", "laptop"],
            "reporter": CUSTOMER,
            "created": "2024-06-03T09:15:00.000+0200",
            "resolutiondate": None,
            "customfield_10010": {
                "requestType": {"id": "17", "name": "Get IT help"},
                "currentStatus": {"status": "Waiting for customer"},
            },
            "customfield_10050": {"self": "https://x", "value": "Hardware", "id": "10101"},
            "comment": {
                "comments": [
                    _comment(
                        AGENT,
                        _adf([_text("Escalating to L2.")]),
                        "2024-06-03T07:30:00.000+0000",
                        public=False,
                    ),
                    _comment(
                        AGENT,
                        _adf([_text("Please hold the power button 30 s.")]),
                        "2024-06-03T07:45:00.000+0000",
                    ),
                    _comment(CUSTOMER, "Did that, no luck.", "2024-06-03T08:00:00.000+0000"),
                ],
                "total": 3,
            },
        },
    }
    done = {
        "key": "HELP-43",
        "fields": {
            "summary": "VPN access",
            "description": "Need VPN access for the *new* laptop.",
            "status": {"name": "Done", "statusCategory": {"key": "done"}},
            "priority": {"name": "Lowest"},
            "reporter": {"name": "bob", "key": "JIRAUSER1"},
            "created": "2024-06-04T10:00:00.000+0000",
            "resolutiondate": "2024-06-04T12:00:00.000+0000",
            "requestType": {"name": "Request access"},
            "customfield_10034": {"rating": 5},
            "comment": {
                "comments": [
                    _comment(
                        {"key": "JIRAUSER9", "accountType": "app"},
                        "Automation: access granted.",
                        "2024-06-04T11:00:00.000+0000",
                    ),
                ]
            },
        },
    }
    triage = {
        "key": "HELP-44",
        "fields": {
            "summary": "Printer jam",
            "status": {"name": "Triage", "statusCategory": {"key": "indeterminate"}},
            "created": "2024-06-05T10:00:00.000+0000",
        },
    }
    bad = {"key": "HELP-45", "fields": dict(triage["fields"], created="05/06/2024 25:00")}
    return [pending, done, triage, bad, {"id": "1", "fields": {"summary": "no key"}}]


@pytest.fixture
def export(tmp_path: Path) -> Path:
    path = tmp_path / "jira.json"
    payload = {"expand": "names", "startAt": 0, "maxResults": 50, "total": 5, "issues": _issues()}
    path.write_text(json.dumps(payload, indent=2), encoding="utf-8")
    return path


def test_counts_and_rejections(engine: Engine, export: Path) -> None:
    result = _import(engine, export)
    assert (result.records, result.counts.inserted, result.quarantined) == (5, 3, 2)
    assert result.by_code == {"bad_value": 1, "missing_id": 1}
    rows = {row.ticket_id: row.reason for row in QuarantineRepository(engine).list()}
    assert rows["HELP-45"] == "fields.created: cannot read '05/06/2024 25:00' as a date"
    assert rows[None] == "no ticket id: 'key' is missing or empty"


def test_adf_issue_with_request_type_and_internal_comment(engine: Engine, export: Path) -> None:
    _import(engine, export)
    ticket = _get(engine, "HELP-42")
    assert ticket.body == (
        "My laptop will not boot since the update.\nSerial: X1-99\n\n"
        "- tried safe mode\n- tried reset\n\ncc @Sam"
    )
    assert (ticket.status, ticket.priority) == ("pending", "high")
    assert (ticket.category, ticket.tags) == ("Get IT help", ("hardware", "laptop"))
    assert ticket.customer_ref == "qm:1a2b"
    assert ticket.created_at == datetime(2024, 6, 3, 7, 15)
    assert ticket.first_response_at == datetime(2024, 6, 3, 7, 45)
    assert [(m.role, m.public, m.body) for m in ticket.messages] == [
        (Role.CUSTOMER, True, ticket.body),
        (Role.AGENT, False, "Escalating to L2."),
        (Role.AGENT, True, "Please hold the power button 30 s."),
        (Role.CUSTOMER, True, "Did that, no luck."),
    ]


def test_plain_description_done_issue_and_status_category(engine: Engine, export: Path) -> None:
    _import(engine, export)
    done = _get(engine, "HELP-43")
    assert done.body == "Need VPN access for the *new* laptop."
    assert (done.status, done.priority, done.category, done.csat) == (
        "solved",
        "low",
        "Request access",
        5.0,
    )
    assert done.resolved_at == datetime(2024, 6, 4, 12)
    assert [m.role for m in done.messages] == [Role.CUSTOMER, Role.BOT]
    assert done.customer_ref == "JIRAUSER1"
    triage = _get(engine, "HELP-44")
    assert (triage.status, triage.subject, triage.body, triage.messages) == (
        "open",
        "Printer jam",
        "",
        [],
    )


def test_map_select_custom_field_to_category(engine: Engine, export: Path) -> None:
    _import(engine, export, "customfield_10050=category")
    assert _get(engine, "HELP-42").category == "Hardware"


def test_adf_as_a_json_string_and_unknown_nodes() -> None:
    doc = _adf(
        [_text("a"), {"type": "inlineCard", "attrs": {"url": "https://x.y/1"}}],
        [{"type": "mystery", "content": [_text("kept")]}],
    )
    assert document_text(json.dumps(doc)) == "a https://x.y/1\n\nkept"
    assert document_text(None) == ""
