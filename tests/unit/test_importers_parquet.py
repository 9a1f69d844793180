"""Generic Parquet: mapped like CSV, read in record batches, stored for real."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from sqlalchemy import Engine

from ticketpilot.errors import ImportFileError
from ticketpilot.store.quarantine import QuarantineRepository
from ticketpilot.store.tickets import TicketRepository
from ticketpilot.tickets.importers import default_importers
from ticketpilot.tickets.importers.parquet import ParquetImporter
from ticketpilot.tickets.importing.pipeline import ImportOptions, ImportResult, import_file
from ticketpilot.tickets.mapping import ColumnMapping
from ticketpilot.tickets.model import Role, Ticket
from ticketpilot.tickets.source import SourceFile

MAPS = ("customer.id=customer_ref", "resolved=resolved_at", "reply=agent_reply")


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """These tests run on SQLite only (``tests/integration`` covers PostgreSQL)."""
    return f"sqlite:///{tmp_path / 'test.db'}"


def _import(engine: Engine, path: Path, *maps: str) -> ImportResult:
    options = ImportOptions(mapping=ColumnMapping.parse(maps))
    return import_file(
        engine, default_importers(), path, options, clock=lambda: datetime(2025, 1, 1)
    )


def _get(engine: Engine, ticket_id: str) -> Ticket:
    ticket = TicketRepository(engine).get(ticket_id)
    assert ticket is not None, f"ticket {ticket_id} was not stored"
    return ticket


def _table() -> pa.Table:
    created = datetime(2024, 7, 1, 12, tzinfo=UTC)
    return pa.table(
        {
            "ticket_id": ["P1", "P2", None, "P4"],
            "subject": ["Broken <i>zipper</i>", "Wrong size", "No id", "Late"],
            "body": ["<p>The zipper broke on day 2.</p>", "Size M, got L", "x", "Where is it?"],
            "created_at": pa.array([created] * 4, pa.timestamp("us", tz="Europe/Paris")),
            "resolved": ["2024-07-02T12:00:00Z", "", "", "the day after"],
            "tags": [["returns", "quality"], [], None, ["shipping"]],
            "customer": [{"id": "C9", "tier": "gold"}, {"id": "C8", "tier": None}, None, None],
            "reply": ["Sorry! A new one is on its way.", None, None, None],
            "csat": [5.0, None, None, 2.0],
        }
    )


@pytest.fixture
def export(tmp_path: Path) -> Path:
    path = tmp_path / "tickets.parquet"
    pq.write_table(_table(), path, row_group_size=2)
    return path


def test_rows_map_like_csv_and_failures_are_quarantined(engine: Engine, export: Path) -> None:
    result = _import(engine, export, *MAPS)
    assert (result.fmt, result.records, result.counts.inserted, result.quarantined) == (
        "parquet",
        4,
        2,
        2,
    )
    assert result.by_code == {"missing_id": 1, "bad_value": 1}
    reasons = {row.line: row.reason for row in QuarantineRepository(engine).list()}
    assert reasons == {3: "id is empty", 4: "resolved_at: cannot read 'the day after' as a date"}
    ticket = _get(engine, "P1")
    assert (ticket.subject, ticket.body) == ("Broken zipper", "The zipper broke on day 2.")
    assert ticket.created_at == datetime(2024, 7, 1, 12)
    assert ticket.resolved_at == datetime(2024, 7, 2, 12)
    assert (ticket.tags, ticket.customer_ref, ticket.csat) == (("returns", "quality"), "C9", 5.0)
    assert [(m.role, m.body) for m in ticket.messages] == [
        (Role.CUSTOMER, "The zipper broke on day 2."),
        (Role.AGENT, "Sorry! A new one is on its way."),
    ]
    assert _get(engine, "P2").resolved_at is None


def test_reads_only_mapped_columns_batch_by_batch(export: Path, tmp_path: Path) -> None:
    """Memory stays at a batch: Arrow's allocations while reading stay far below the file's."""
    big = tmp_path / "big.parquet"
    rows = 20_000
    table = pa.table(
        {
            "id": [f"B{i}" for i in range(rows)],
            "body": ["a long complaint about a late parcel " * 20] * rows,
            "unused": ["x" * 500] * rows,
        }
    )
    pq.write_table(table, big, row_group_size=4_096)
    whole = table.nbytes
    del table
    peak = 0
    base = pa.total_allocated_bytes()
    count = 0
    for _ in ParquetImporter().read(SourceFile.at(big), ColumnMapping(())):
        count += 1
        if count % 1_000 == 0:
            peak = max(peak, pa.total_allocated_bytes() - base)
    assert count == rows
    assert peak < whole / 10


def test_missing_mapped_column_and_compressed_file_fail_the_file(
    engine: Engine, export: Path, tmp_path: Path
) -> None:
    with pytest.raises(ImportFileError, match="'nope' not in the file"):
        _import(engine, export, "nope=category")
    zipped = tmp_path / "t.parquet.gz"
    zipped.write_bytes(gzip.compress(export.read_bytes()))
    with pytest.raises(ImportFileError, match="compressed inside"):
        _import(engine, zipped)


def test_progress_advances_while_a_large_file_is_read(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "many.parquet"
    rows = 12_000
    table = pa.table({"id": [f"M{i}" for i in range(rows)], "body": ["parcel late"] * rows})
    pq.write_table(table, path, row_group_size=2_000)
    seen: list[tuple[int, int]] = []
    result = import_file(
        engine,
        default_importers(),
        path,
        ImportOptions(batch_size=1_000),
        clock=lambda: datetime(2025, 1, 1),
        progress=lambda done, size: seen.append((done, size)),
    )
    assert result.counts.inserted == rows
    size = path.stat().st_size
    done = [d for d, _ in seen]
    assert all(s == size for _, s in seen)
    assert done == sorted(done) and done[-1] == size
    partial = [d for d in done if 0 < d < size]
    assert len(partial) >= 4  # many steps before the end, not one jump at the end
