"""Reading helpdesk JSON exports: every shape, line numbers, damage, and flat memory."""

from __future__ import annotations

import json
import tracemalloc
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from ticketpilot.errors import ImportFileError
from ticketpilot.store.tickets import TicketRepository
from ticketpilot.tickets.importers import default_importers
from ticketpilot.tickets.importers.helpdesk_json import JsonRecord, read_objects
from ticketpilot.tickets.importing.pipeline import ImportOptions, import_file
from ticketpilot.tickets.source import SourceFile

RECORDS = [{"id": i, "subject": f"ticket {i}", "tags": ["a", "b"], "n": 1.5} for i in range(3)]


def _read(path: Path, content: str | bytes) -> list[tuple[int, Any]]:
    """(line, id) per record and (line, reason) per rejection."""
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    out: list[tuple[int, Any]] = []
    for item in read_objects(SourceFile.at(path)):
        if isinstance(item, JsonRecord):
            out.append((item.line, item.data["id"]))
        else:
            out.append((item.line, item.reason))
    return out


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("array.json", json.dumps(RECORDS, indent=2), [(2, 0), (11, 1), (20, 2)]),
        ("minified.json", json.dumps(RECORDS), [(1, 0), (1, 1), (1, 2)]),
        (
            "wrapped.json",
            json.dumps({"count": 3, "tickets": RECORDS, "next_page": None}, indent=1),
            [(4, 0), (13, 1), (22, 2)],
        ),
        (
            "wrapped_min.json",
            json.dumps({"meta": {"x": [1]}, "tickets": RECORDS}),
            [(1, 0), (1, 1), (1, 2)],
        ),
        (
            "lines.json",
            "\n\n" + "\n".join(json.dumps(r) for r in RECORDS),
            [(3, 0), (4, 1), (5, 2)],
        ),
        ("lines.jsonl", "\n".join(json.dumps(r) for r in RECORDS) + "\n", [(1, 0), (2, 1), (3, 2)]),
        (
            "pretty_lines.json",
            "\n".join(json.dumps(r, indent=1) for r in RECORDS),
            [(1, 0), (10, 1), (19, 2)],
        ),
        ("single.json", json.dumps({"ticket": RECORDS[1]}, indent=1), [(1, 1)]),
    ],
)
def test_shapes(tmp_path: Path, name: str, content: str, expected: list[tuple[int, Any]]) -> None:
    assert _read(tmp_path / name, content) == expected


def test_a_broken_line_in_json_lines_rejects_that_line_only(tmp_path: Path) -> None:
    lines = [
        json.dumps(RECORDS[0]),
        '{"id": 1, "subject": ',
        "[1, 2]",
        "null",
        json.dumps(RECORDS[2]),
    ]
    assert _read(tmp_path / "t.json", "\n".join(lines)) == [
        (1, 0),
        (2, "not valid JSON: Expecting value at column 21"),
        (3, "expected a JSON object, got array"),
        (4, "expected a JSON object, got NoneType"),
        (5, 2),
    ]


@pytest.mark.parametrize(
    ("content", "last"),
    [
        ('[{"id": 1},\n {"id": 2,, "x": 1},\n {"id": 3}]', "record 2: Expecting property name"),
        ('[{"id": 1},\n {"id": 2}\n {"id": 3}]', "expected ',' or ']' after record 2"),
        ('[{"id": 1},\n {"id": 2}', "the array is not closed with ']' (truncated file?)"),
        ('{"tickets": [{"id": 1}, {"id": 2}]} and more', "text after the end of the JSON document"),
    ],
)
def test_a_syntax_error_in_an_array_stops_with_a_rejection(
    tmp_path: Path, content: str, last: str
) -> None:
    read = _read(tmp_path / "broken.json", content)
    assert read[0] == (1, 1)
    assert isinstance(read[-1][1], str)
    assert f": {last}" in read[-1][1]
    assert read[-1][1].endswith("the rest of the file could not be read (fix it and import again)")


def test_undecodable_bytes_reject_one_record(tmp_path: Path) -> None:
    content = b'[{"id": 1, "s": "caf\xc3\xa9"},\n {"id": 2, "s": "caf\xe9"},\n {"id": 3}]'
    assert _read(tmp_path / "mixed.json", content) == [
        (1, 1),
        (2, "record has bytes that are not valid in the file's encoding"),
        (3, 3),
    ]


def test_not_json_and_empty_files_fail_the_file(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match="not a JSON export: it starts with 'i'"):
        _read(tmp_path / "a.json", "id,subject\n1,x\n")
    with pytest.raises(ImportFileError, match="is empty"):
        _read(tmp_path / "b.json", "  \n")


def test_records_across_buffer_boundaries_keep_their_lines(tmp_path: Path) -> None:
    records = [{"id": i, "body": "word " * (i % 400), "n": i * 1.25} for i in range(3_000)]
    path = tmp_path / "big.json"
    text = json.dumps({"tickets": records}, indent=1)
    read = _read(path, text)
    lines = text.split("\n")
    assert [record_id for _, record_id in read] == list(range(3_000))
    assert all(lines[line - 1].strip() == "{" for line, _ in read)


def test_a_huge_array_streams_in_flat_memory(tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    record = {"subject": "Late order", "description": "<p>Where is my parcel?</p>" * 20}
    with path.open("w", encoding="utf-8") as handle:
        handle.write("[")
        for i in range(20_000):
            handle.write(("," if i else "") + json.dumps({"id": i, **record}))
        handle.write("]")
    size = path.stat().st_size
    source = SourceFile.at(path)
    tracemalloc.start()
    try:
        count = sum(1 for item in read_objects(source) if isinstance(item, JsonRecord))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert count == 20_000
    assert size > 10_000_000
    assert peak < size / 20


def test_builtin_formats_are_registered() -> None:
    registry = default_importers()
    assert {"json", "parquet", "zendesk", "freshdesk", "intercom", "jira", "twcs"} <= set(
        registry.names()
    )
    for name in ("zendesk", "freshdesk", "intercom", "jira", "twcs"):
        assert registry.get(name).suffixes == (), f"{name} must be chosen with --format"
    assert registry.get("json").suffixes == (".json",)


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """The detection tests store for real, on SQLite."""
    return f"sqlite:///{tmp_path / 'test.db'}"


DETECTED = [
    ({"issues": [{"key": "SD-1", "fields": {"summary": "VPN", "status": {"name": "Done"}}}]},
     "SD-1", "solved"),
    ({"conversations": [{"type": "conversation", "id": "c1", "state": "snoozed",
                         "source": {"body": "<p>hi</p>", "author": {"type": "user"}}}]},
     "c1", "on_hold"),
    ([{"id": 7, "status": 4, "requester_id": 1, "description_text": "help"}], "7", "solved"),
    ({"tickets": [{"id": 8, "status": "hold", "requester_id": 1, "via": {"channel": "web"},
                   "description": "help"}]}, "8", "on_hold"),
    ([{"ticket_id": "F1", "title": "Flat", "description": "<p>a flat record</p>",
       "status": "pending"}], "F1", "pending"),
]  # fmt: skip


@pytest.mark.parametrize(("payload", "ticket_id", "status"), DETECTED)
def test_json_suffix_detects_the_helpdesk(
    engine: Engine, tmp_path: Path, payload: Any, ticket_id: str, status: str
) -> None:
    path = tmp_path / "export.json"
    path.write_text(json.dumps(payload), encoding="utf-8")
    result = import_file(
        engine, default_importers(), path, ImportOptions(), clock=lambda: datetime(2025, 1, 1)
    )
    assert (result.fmt, result.counts.inserted, result.quarantined) == ("json", 1, 0)
    ticket = TicketRepository(engine).get(ticket_id)
    assert ticket is not None
    assert ticket.status == status
