"""Hostile and multi-system exports, on SQLite and PostgreSQL: every record is accounted for.

Each test generates its file and asserts exact counts (issue 17, point 4 and the import log):
(a) threads as lists of message objects, (b) a ``--map`` key the file lacks, (c) a quote left
open, (d) NUL characters, (e) impossible ratings and times, (f) day/month order, (g) the same
ids from two systems, (h) ``redact`` keeping every field; the killed-import tests are in
``test_import_killed.py``.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select, text
from typer.testing import CliRunner

from ticketpilot.cli.app import app
from ticketpilot.errors import ImportFileError
from ticketpilot.pii.service import redact_file
from ticketpilot.store.imports import ImportLog
from ticketpilot.store.quarantine import QuarantineRepository
from ticketpilot.store.tables import messages, tickets
from ticketpilot.store.tickets import TicketRepository
from ticketpilot.tickets.importers import default_importers
from ticketpilot.tickets.importing.pipeline import ImportOptions, ImportResult, import_file
from ticketpilot.tickets.mapping import ColumnMapping
from ticketpilot.tickets.model import Role, Ticket
from ticketpilot.workspace import create_workspace

CLOCK = datetime(2025, 1, 1)


def _import(engine: Engine, path: Path, *maps: str, **options: Any) -> ImportResult:
    mapping = ColumnMapping.parse(
        maps,
        options.pop("nulls", ()),
        date_order=options.pop("date_order", None),
        csat_scale=options.pop("csat_scale", None),
    )
    chosen = ImportOptions(mapping=mapping, **options)
    return import_file(engine, default_importers(), path, chosen, clock=lambda: CLOCK)


def _get(engine: Engine, ticket_id: str) -> Ticket:
    ticket = TicketRepository(engine).get(ticket_id)
    assert ticket is not None, f"ticket {ticket_id} was not stored"
    return ticket


def _reasons(engine: Engine, import_id: int) -> dict[int, str]:
    return {r.line: r.reason for r in QuarantineRepository(engine).list(1_000, import_id)}


def _count(engine: Engine, table: Any) -> int:
    with engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(table)).scalar_one())


def _write_csv(path: Path, header: list[str], rows: list[list[Any]]) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def _write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


# --- (a) a thread as a list of message objects ---------------------------------------------


def _conversation(i: int) -> list[dict[str, Any]]:
    return [
        {"role": "customer", "author": f"@cust{i}", "at": "2024-05-01T10:00:00Z",
         "text": f"My parcel {i} is late"},
        {"role": "support", "author": "@AcmeHelp", "at": "2024-05-01T10:30:00Z",
         "text": f"Sorry! Parcel {i} ships today: https://help.acme.example/a/{i}"},
        {"role": "user", "author": f"@cust{i}", "at": "2024-05-01T11:00:00Z", "text": "Thanks"},
        {"role": "system", "at": "2024-05-01T11:01:00Z", "text": "Conversation closed",
         "public": False},
    ]  # fmt: skip


def test_a_thread_of_message_objects_becomes_messages_never_a_repr(
    engine: Engine, tmp_path: Path
) -> None:
    records: list[dict[str, Any]] = [
        {"id": f"M{i}", "brand": "Acme", "messages": _conversation(i)} for i in range(5)
    ]
    records.append({"id": "M5", "messages": [{"role": "moderator", "text": "hi"}]})
    records.append({"id": "M6", "messages": [{"role": "customer", "text": "a"}, "plain"]})
    records.append({"id": "M7", "subject": ["two", "subjects"], "body": "x"})
    result = _import(engine, _write_jsonl(tmp_path / "brands.jsonl", records))
    assert (result.records, result.counts.inserted, result.quarantined) == (8, 5, 3)
    assert result.by_code == {"bad_value": 3}
    ticket = _get(engine, "M3")
    assert [(m.role, m.author_ref, m.public) for m in ticket.messages] == [
        (Role.CUSTOMER, "@cust3", True),
        (Role.AGENT, "@AcmeHelp", True),
        (Role.CUSTOMER, "@cust3", True),
        (Role.BOT, None, False),
    ]
    assert ticket.messages[1].created_at == datetime(2024, 5, 1, 10, 30)
    assert ticket.body == "My parcel 3 is late"
    # no time columns: the ticket's times come from its thread
    assert (ticket.created_at, ticket.first_response_at) == (
        datetime(2024, 5, 1, 10),
        datetime(2024, 5, 1, 10, 30),
    )
    reasons = _reasons(engine, result.import_id)
    assert "messages[0].role: 'moderator' is not a role" in reasons[6]
    assert "messages[1] is str, expected a message object" in reasons[7]
    assert "subject: holds a list of 2, expected one value" in reasons[8]
    with engine.connect() as connection:
        texts = [*connection.execute(select(messages.c.body)).scalars()]
        texts += [*connection.execute(select(tickets.c.body)).scalars()]
    assert len(texts) == 5 * 4 + 5
    assert not [t for t in texts if t.startswith(("[", "{")) or "'role'" in t]


def test_a_csv_cell_holding_the_list_as_json_or_python_is_a_thread(
    engine: Engine, tmp_path: Path
) -> None:
    thread = _conversation(1)[:2]
    python_repr = str([{k: v for k, v in m.items() if k != "at"} for m in thread])
    path = _write_csv(
        tmp_path / "threads.csv",
        ["id", "conversation"],
        [["C1", json.dumps(thread)], ["C2", python_repr], ["C3", '[{"role": "agent", "text": ']],
    )
    result = _import(engine, path)
    assert (result.counts.inserted, result.quarantined, result.by_code) == (2, 1, {"bad_value": 1})
    for ticket_id in ("C1", "C2"):
        stored = _get(engine, ticket_id)
        assert [(m.role, m.body) for m in stored.messages] == [
            (Role.CUSTOMER, "My parcel 1 is late"),
            (Role.AGENT, "Sorry! Parcel 1 ships today: https://help.acme.example/a/1"),
        ]
    assert _reasons(engine, result.import_id)[4].startswith(
        "conversation looks like a list of messages but is not valid JSON"
    )


# --- (b) a --map key the file does not have ------------------------------------------------


def test_a_mapped_key_no_record_has_refuses_the_file(engine: Engine, tmp_path: Path) -> None:
    records = [{"id": f"B{i}", "body": "help", "company": "Acme"} for i in range(30)]
    path = _write_jsonl(tmp_path / "nobrand.jsonl", records)
    with pytest.raises(ImportFileError, match=r"--map brand=category: none of the first 30 "
                       r"records has 'brand'.*keys body, company, id"):  # fmt: skip
        _import(engine, path, "brand=category")
    assert _count(engine, tickets) == 0
    assert [r.status for r in ImportLog(engine).all()] == ["failed"]
    records[7]["brand"] = "Acme"  # a sparse key is fine: the one record with it is mapped
    sparse = _import(engine, _write_jsonl(tmp_path / "sparse.jsonl", records), "brand=category")
    assert (sparse.counts.inserted, sparse.notes.warnings) == (30, [])
    with engine.connect() as connection:
        assert connection.execute(select(func.count(tickets.c.category))).scalar_one() == 1


def test_a_mapped_column_that_is_always_empty_is_a_loud_warning(
    engine: Engine, tmp_path: Path
) -> None:
    path = _write_csv(
        tmp_path / "t.csv", ["id", "body", "brand"], [[f"E{i}", "x", ""] for i in range(12)]
    )
    result = _import(engine, path, "brand=category")
    assert result.counts.inserted == 12
    assert result.notes.warnings == [
        "--map brand=category: none of the 12 records has a value in 'brand', so no ticket got "
        "a category from it"
    ]
    with pytest.raises(ImportFileError, match=r"mapped column\(s\) 'brnd' not in the file"):
        _import(engine, path, "brnd=category")


# --- (c) a quote left open ------------------------------------------------------------------


def test_an_unclosed_quote_costs_one_line_not_the_rest_of_the_file(
    engine: Engine, tmp_path: Path
) -> None:
    lines = ["id,subject,body,created_at"]
    lines += [f"Q{n},Order {n},my parcel is late,2024-05-01T10:00:00Z" for n in range(2, 1_001)]
    lines[9] = 'Q10,Order 10,"my parcel is late,2024-05-01T10:00:00Z'  # line 10: never closed
    path = tmp_path / "open-quote.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = _import(engine, path, batch_size=100)
    assert (result.records, result.counts.inserted, result.quarantined) == (999, 998, 1)
    assert result.by_code == {"unclosed_quote": 1}
    [row] = QuarantineRepository(engine).list(10, result.import_id)
    assert (row.line, row.ticket_id) == (10, "Q10")
    assert "reading goes on at line 11" in row.reason
    assert _get(engine, "Q11").body == "my parcel is late"
    assert _count(engine, tickets) == 998


def test_an_unclosed_quote_closed_by_a_later_row_and_a_real_multiline_body(
    engine: Engine, tmp_path: Path
) -> None:
    path = tmp_path / "mixed.csv"
    path.write_text(
        "id,subject,body\n"
        'R1,ok,"a body\non three\nlines, with commas"\n'
        'R2,broken,"never closed\n'
        'R3,fine,"quoted body"\n'
        "R4,plain,text\n",
        encoding="utf-8",
    )
    result = _import(engine, path)
    assert (result.counts.inserted, result.by_code) == (3, {"unclosed_quote": 1})
    assert _get(engine, "R1").body == "a body\non three\nlines, with commas"
    assert _get(engine, "R3").body == "quoted body"
    assert list(_reasons(engine, result.import_id)) == [5]


# --- (d) NUL characters ---------------------------------------------------------------------


def test_nul_characters_are_removed_the_same_on_both_databases(
    engine: Engine, tmp_path: Path
) -> None:
    records = [
        {"id": "N1", "subject": "Refund\u0000", "body": "card\u0000 charged twice",
         "agent_reply": "On\u0000 its way", "category": "bill\u0000ing"},
        {"id": "N2", "body": "clean"},
        {"id": "N3", "body": "bad date\u0000", "created_at": "someday"},
    ]  # fmt: skip
    path = _write_jsonl(tmp_path / "nul.jsonl", records)
    first = _import(engine, path)
    assert (first.counts.inserted, first.nul_removed, first.quarantined) == (2, 1, 1)
    ticket = _get(engine, "N1")
    assert (ticket.subject, ticket.body, ticket.category) == (
        "Refund",
        "card charged twice",
        "billing",
    )
    assert [m.body for m in ticket.messages] == ["card charged twice", "On its way"]
    again = _import(engine, path)
    assert (again.counts.unchanged, again.nul_removed, again.status) == (2, 1, "done")
    csv_path = tmp_path / "nul.csv"
    csv_path.write_bytes(b"id,body,created_at\nN4,nul\x00 in a cell,\nN5,bad\x00,someday\n")
    from_csv = _import(engine, csv_path)
    assert (from_csv.counts.inserted, from_csv.nul_removed, from_csv.quarantined) == (1, 1, 1)
    assert _get(engine, "N4").body == "nul in a cell"
    [row] = QuarantineRepository(engine).list(10, from_csv.import_id)
    assert row.raw == "N5,bad\\x00,someday"  # kept visible, and storable on PostgreSQL


# --- (e) impossible ratings and times -------------------------------------------------------


def test_csat_and_times_out_of_range_are_quarantined_with_the_reason(
    engine: Engine, tmp_path: Path
) -> None:
    created = "2024-05-01T10:00:00Z"
    good = [[f"G{i}", "ok", created, "2024-05-02T10:00:00Z", str(1 + i % 5)] for i in range(40)]
    bad = [
        ["S7", "x", created, "", "7"],
        ["S-2", "x", created, "", "-2"],
        ["S70", "x", created, "", "70"],
        ["Sinf", "x", created, "", "inf"],
        ["T-early-resolve", "x", created, "2024-04-30T10:00:00Z", ""],
        ["T1800", "x", "1800-01-01T00:00:00Z", "", ""],
        ["T2099", "x", "2099-01-01T00:00:00Z", "", ""],
        ["Tepoch", "x", "99999999999999", "", ""],
    ]
    path = _write_csv(tmp_path / "range.csv", ["id", "body", "created_at", "resolved_at", "csat"], good + bad)  # fmt: skip
    result = _import(engine, path)
    assert (result.counts.inserted, result.quarantined) == (40, 8)
    assert result.by_code == {"out_of_range": 7, "time_order": 1}
    assert result.notes.csat_scale is not None
    assert result.notes.csat_scale.value == "1-5"
    assert "43 numeric ratings" in result.notes.csat_scale.evidence
    reasons = _reasons(engine, result.import_id)
    assert reasons[42] == "csat: 7 is outside the file's 1..5 scale"
    assert reasons[45] == "csat: 'inf' is not a finite number"
    assert reasons[46] == (
        "resolved_at 2024-04-30 10:00:00 is before created_at 2024-05-01 10:00:00"
    )
    assert reasons[47] == (
        "created_at 1800-01-01 00:00:00 is before 1990-01-01: not a plausible ticket time"
    )
    assert "is more than 1 day after the import's clock (2025-01-01 00:00:00)" in reasons[48]
    assert reasons[49].startswith("created_at 5138-11-16")
    with engine.connect() as connection:
        low, high, oldest, newest = connection.execute(
            select(
                func.min(tickets.c.csat),
                func.max(tickets.c.csat),
                func.min(tickets.c.created_at),
                func.max(tickets.c.created_at),
            )
        ).one()
    assert (low, high, oldest, newest) == (
        1.0,
        5.0,
        datetime(2024, 5, 1, 10),
        datetime(2024, 5, 1, 10),
    )


def test_a_ten_point_scale_is_detected_and_stored_on_one_to_five(
    engine: Engine, tmp_path: Path
) -> None:
    rows = [[f"P{i}", "ok", str(v)] for i, v in enumerate([10, 9, 8, 7, 6, 3, 1, 10, 0])]
    result = _import(engine, _write_csv(tmp_path / "ten.csv", ["id", "body", "csat"], rows))
    assert result.notes.csat_scale is not None
    assert result.notes.csat_scale.value == "1-10"
    assert (result.counts.inserted, result.by_code) == (8, {"out_of_range": 1})
    assert (_get(engine, "P0").csat, _get(engine, "P6").csat) == (5.0, 1.0)
    assert _reasons(engine, result.import_id) == {10: "csat: 0 is outside the file's 1..10 scale"}


# --- (f) day/month order --------------------------------------------------------------------


def test_the_date_order_comes_from_the_unambiguous_dates_and_is_reported(
    engine: Engine, tmp_path: Path
) -> None:
    rows = [
        ["D1", "x", "03/05/2024 10:00"],
        ["D2", "x", "12/31/2024 09:30"],
        ["D3", "x", "01/02/2024"],
    ]
    path = _write_csv(tmp_path / "us.csv", ["id", "body", "created_at"], rows)
    result = _import(engine, path)
    assert (result.counts.inserted, result.quarantined) == (3, 0)
    assert _get(engine, "D1").created_at == datetime(2024, 3, 5, 10)
    assert _get(engine, "D2").created_at == datetime(2024, 12, 31, 9, 30)
    assert result.notes.date_order is not None
    assert result.notes.date_order.value == "mdy"
    assert "'12/31/2024 09:30' at line 3" in result.notes.date_order.evidence
    day_first = [["E1", "x", "03/05/2024 10:00"], ["E2", "x", "12/31/2024"]]
    day_first += [[f"E{day}", "x", f"{day}.12.2024"] for day in range(13, 25)]
    eu = _import(engine, _write_csv(tmp_path / "eu.csv", ["id", "body", "created_at"], day_first))
    assert (eu.counts.inserted, eu.by_code) == (13, {"bad_value": 1})
    assert eu.notes.date_order is not None and eu.notes.date_order.value == "dmy"
    assert eu.notes.date_order.evidence.startswith("12 (first '13.12.2024' at line 4) in the")
    assert _get(engine, "E1").created_at == datetime(2024, 5, 3, 10)
    assert "'12/31/2024' is not a valid date read day first" in _reasons(engine, eu.import_id)[3]
    both = _write_csv(tmp_path / "both.csv", ["id", "body", "created_at"], day_first[:3])
    with pytest.raises(ImportFileError, match="the dates disagree on their order"):
        _import(engine, both)


def test_ambiguous_dates_only_are_refused_unless_the_order_is_given(
    engine: Engine, tmp_path: Path
) -> None:
    rows = [["A1", "x", "03/05/2024"], ["A2", "x", "04/06/2024"]]
    path = _write_csv(tmp_path / "ambiguous.csv", ["id", "body", "created_at"], rows)
    with pytest.raises(ImportFileError, match=r"'03/05/2024' \(line 2\).*--date-order"):
        _import(engine, path)
    assert _count(engine, tickets) == 0
    given = _import(engine, path, date_order="dmy")
    assert given.counts.inserted == 2
    assert given.notes.date_order is not None
    assert (given.notes.date_order.value, given.notes.date_order.evidence) == (
        "dmy",
        "--date-order dmy",
    )
    assert _get(engine, "A1").created_at == datetime(2024, 5, 3)


# --- (g) the same ids from two systems ------------------------------------------------------


def _zendesk(path: Path, ids: range, subject: str = "Zendesk") -> Path:
    records = [
        {"id": i, "subject": f"{subject} {i}", "description": f"zendesk ticket {i}",
         "status": "open", "requester_id": 100 + i, "created_at": "2024-06-01T10:00:00Z",
         "via": {"channel": "email"}}
        for i in ids
    ]  # fmt: skip
    path.write_text(json.dumps({"tickets": records}), encoding="utf-8")
    return path


def _sources(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        rows = connection.execute(
            select(tickets.c.source, func.count()).group_by(tickets.c.source)
        ).all()
    return {str(source): int(n) for source, n in rows}


def test_ids_are_per_source_and_a_collision_is_quarantined_not_replaced(
    engine: Engine, tmp_path: Path
) -> None:
    jsonl = _write_jsonl(tmp_path / "history.jsonl", [{"id": str(i), "body": f"jsonl {i}"} for i in range(1, 11)])  # fmt: skip
    assert _import(engine, jsonl).counts.inserted == 10
    zendesk = _zendesk(tmp_path / "zendesk.json", range(5, 15))
    second = _import(engine, zendesk, fmt="zendesk")
    assert (second.source, second.counts.inserted, second.counts.updated) == ("zendesk", 4, 0)
    assert (second.quarantined, second.by_code) == (6, {"id_collision": 6})
    assert _get(engine, "7").body == "jsonl 7"  # not replaced
    rows = QuarantineRepository(engine).list(100, second.import_id)
    assert sorted(r.ticket_id or "" for r in rows) == ["10", "5", "6", "7", "8", "9"]
    reason = next(r.reason for r in rows if r.ticket_id == "5")
    assert reason.startswith("id '5' is already stored from source 'jsonl', and this file's ")
    assert "--same-system" in reason
    assert _sources(engine) == {"jsonl": 10, "zendesk": 4}
    again = _import(engine, zendesk, fmt="zendesk")  # idempotent, collisions reported again
    assert (again.counts.inserted, again.counts.unchanged, again.quarantined) == (0, 4, 6)
    assert QuarantineRepository(engine).count() == 6
    prefixed = _import(engine, zendesk, fmt="zendesk", id_prefix="zd-")
    assert (prefixed.counts.inserted, prefixed.quarantined) == (10, 0)
    assert _get(engine, "zd-7").body == "zendesk ticket 7"
    same = _import(engine, zendesk, fmt="zendesk", same_system=True)
    assert (same.counts.updated, same.counts.unchanged, same.quarantined) == (6, 4, 0)
    assert _get(engine, "7").body == "zendesk ticket 7"
    assert _sources(engine) == {"jsonl": 10, "zendesk": 14}  # the updated keep their source


def test_one_source_name_makes_two_files_one_system(engine: Engine, tmp_path: Path) -> None:
    jsonl = _write_jsonl(tmp_path / "a.jsonl", [{"id": str(i), "body": f"v1 {i}"} for i in range(3)])  # fmt: skip
    assert _import(engine, jsonl, source="acme").counts.inserted == 3
    csv_path = _write_csv(tmp_path / "b.csv", ["id", "body"], [[str(i), f"v2 {i}"] for i in range(3)])  # fmt: skip
    result = _import(engine, csv_path, source="acme")
    assert (result.counts.updated, result.quarantined) == (3, 0)
    labels = _write_csv(tmp_path / "labels.csv", ["id", "intent"], [["1", "refund"], ["9", "x"]])
    update = _import(engine, labels, "id=id", "intent=category", update_only=True)
    assert (update.counts.updated, update.by_code) == (1, {"not_found": 1})
    assert _get(engine, "1").category == "refund"
    assert _sources(engine) == {"acme": 3}
    other = _import(engine, labels, "id=id", "intent=category", update_only=True, source="b")
    assert (other.counts.updated, other.by_code) == (0, {"id_collision": 1, "not_found": 1})


def test_tickets_stored_before_sources_existed_get_the_format_of_their_import(
    engine: Engine, tmp_path: Path
) -> None:
    jsonl = _write_jsonl(tmp_path / "old.jsonl", [{"id": "L1", "body": "legacy"}])
    _import(engine, jsonl)
    with engine.begin() as connection:  # as the 0007 migration finds a database written before it
        connection.execute(text("UPDATE tickets SET source = NULL"))
        connection.execute(
            text(
                "UPDATE tickets SET source = (SELECT imports.format FROM imports "
                "WHERE imports.id = tickets.import_id) WHERE import_id IS NOT NULL"
            )
        )
    assert _sources(engine) == {"jsonl": 1}


# --- (h) redact keeps every field and imports back ------------------------------------------


def test_redacted_export_imports_back_to_the_same_tickets(engine: Engine, tmp_path: Path) -> None:
    workspace = create_workspace(tmp_path / "ws", "")
    header = ["id", "subject", "body", "channel", "category", "tags", "priority", "language",
              "customer_ref", "created_at", "first_response_at", "resolved_at", "status", "csat",
              "agent_reply"]  # fmt: skip
    rows = [
        ["H1", "Refund for ana.lopez@example.com", "Card 4111 1111 1111 1111 was charged twice",
         "email", "billing", "refund;vip", "high", "en", "C-1", "2024-05-01T09:30:15.123456Z",
         "2024-05-01T10:00:00Z", "2024-05-02T10:00:00Z", "solved", "4", "We will call you."],
        ["H2", "Late parcel", "My parcel is late", "chat", "", "", "low", "en", "C-2",
         "2024-05-03T09:00:00Z", "", "", "open", "", "It ships today."],
    ]  # fmt: skip
    original = _write_csv(tmp_path / "export.csv", header, rows)
    assert _import(engine, original).counts.inserted == 2
    run = redact_file(workspace.root, original)
    assert (run.units, run.rejected) == (2, 0)
    back = _import(engine, run.output, fmt="jsonl", id_prefix="r-")
    assert (back.counts.inserted, back.quarantined) == (2, 0)
    for ticket_id in ("H1", "H2"):
        before, after = _get(engine, ticket_id), _get(engine, "r-" + ticket_id)
        texts = ("subject", "body")
        for name in ("channel", "category", "tags", "priority", "language", "customer_ref",
                     "created_at", "first_response_at", "resolved_at", "status", "csat"):  # fmt: skip
            assert getattr(after, name) == getattr(before, name), (ticket_id, name)
        assert [(m.role, m.public, m.created_at, m.author_ref) for m in after.messages] == [
            (m.role, m.public, m.created_at, m.author_ref) for m in before.messages
        ]
        if ticket_id == "H2":  # nothing to redact: the very same ticket
            assert [getattr(after, t) for t in texts] == [getattr(before, t) for t in texts]
            assert [m.body for m in after.messages] == [m.body for m in before.messages]
    redacted = _get(engine, "r-H1")
    assert redacted.subject == "Refund for <EMAIL_ADDRESS_1>"
    assert "4111" not in redacted.body
    assert (redacted.status, redacted.priority, redacted.csat, redacted.tags) == (
        "solved",
        "high",
        4.0,
        ("refund", "vip"),
    )


def test_the_cli_reports_order_scale_source_and_cleaning(tmp_path: Path) -> None:
    runner = CliRunner()
    workspace = tmp_path / "ws"
    assert runner.invoke(app, ["init", str(workspace)]).exit_code == 0
    rows = [["U1", "nul\x00", "12/31/2024 10:00", "4"], ["U2", "x", "03/05/2024 10:00", "9"]]
    path = _write_csv(tmp_path / "us.csv", ["id", "body", "created_at", "csat"], rows)
    args = ["import", str(path), "-w", str(workspace), "--source", "acme-us"]
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    [summary] = json.loads(result.stdout)
    assert (summary["source"], summary["inserted"], summary["nul_removed"]) == ("acme-us", 2, 1)
    assert (summary["quarantined"], summary["warnings"]) == (0, [])
    assert summary["date_order"]["value"] == "mdy"
    assert summary["csat_scale"] == {
        "value": "1-10",
        "evidence": "2 numeric ratings in the first 2 records, from 4 to 9; 0 outside 1..10 "
        "(quarantined); stored on 1..5",
    }
    text = runner.invoke(app, args, terminal_width=200)
    assert text.exit_code == 0, text.output
    for line in (
        "(csv, source acme-us, import #2): 2 records -> 2 tickets (0 new, 0 updated, 2 unchanged)",
        "date order: mdy (1 (first '12/31/2024 10:00' at line 2) in the first 2 records read "
        "only month first (mdy); 1 more read either way)",
        "CSAT scale: 1-10 (2 numeric ratings",
        "1 ticket(s) held NUL characters: removed",
    ):
        assert line in " ".join(text.output.split()), line
