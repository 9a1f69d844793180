"""A damaged export imports what is valid and quarantines the rest, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.exc import OperationalError

from ticketpilot.errors import ImportFileError
from ticketpilot.store.imports import ImportLog
from ticketpilot.store.quarantine import QuarantineRepository
from ticketpilot.store.tables import messages, quarantine, tickets
from ticketpilot.store.tickets import TicketRepository
from ticketpilot.tickets.importers import default_importers
from ticketpilot.tickets.importing.pipeline import ImportOptions, Reader, import_file
from ticketpilot.tickets.importing.reader_process import active_readers
from ticketpilot.tickets.mapping import ColumnMapping
from ticketpilot.tickets.model import Rejection, Ticket
from ticketpilot.tickets.registry import importer_registry
from ticketpilot.tickets.source import SourceFile

HEADER = "id,subject,body,created_at,resolved_at,category,agent_reply\n"


def _clock() -> datetime:
    return datetime(2025, 1, 1)


def _row(i: int, body: str = "", created: str = "2024-05-01T10:00:00Z") -> str:
    body = body or f"My order {i} has not arrived"
    resolved = "2024-05-02T10:00:00Z"
    return f'T{i},Order {i},"{body}",{created},{resolved},shipping,"Sorry, it ships today."\n'


def damaged_csv(path: Path) -> None:
    """20 good rows, then one of each kind of damage; counts are asserted below."""
    parts = [HEADER.encode()]
    parts += [_row(i).encode() for i in range(20)]
    parts.append(b"T20,Truncated,only three fields\n")  # wrong_width
    parts.append(_row(21, created="last tuesday").encode())  # bad_value
    parts.append(_row(22, created="2024-13-45T99:00:00").encode())  # bad_value
    parts.append(_row(23, body="caf\xe9 cr\xe8me").encode("cp1252"))  # encoding (file is UTF-8)
    parts.append(_row(24, body="x" * 10_000_000).encode())  # too_large
    parts.append(_row(5, body="a different story").encode())  # duplicate_id (conflict)
    parts.append(_row(6).encode())  # exact repeat of T6: counted as repeated, not quarantined
    parts.append(_row(25, body="unicode \u00e9\u00e8 \U0001f600 fine").encode())  # valid
    parts.append(b'T26,Cut off,"this row never ends')  # unreadable / truncated last row
    path.write_bytes(b"".join(parts))


def _count(engine: Engine, table: object) -> int:
    with engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(table)).scalar_one())  # type: ignore[arg-type]


@pytest.mark.parametrize("reader", ["inline", "process"])
def test_damaged_csv_quarantines_exactly_the_bad_rows(
    engine: Engine, tmp_path: Path, reader: Reader
) -> None:
    path = tmp_path / "damaged.csv"
    damaged_csv(path)
    options = ImportOptions(batch_size=7, reader=reader)
    result = import_file(engine, default_importers(), path, options, clock=_clock)
    assert result.records == 29
    assert result.counts.inserted == 21
    assert result.repeated == 1
    assert result.quarantined == 7
    assert result.by_code == {
        "wrong_width": 2,
        "bad_value": 2,
        "encoding": 1,
        "too_large": 1,
        "duplicate_id": 1,
    }
    rows = QuarantineRepository(engine).list(limit=100)
    reasons = {r.line: r.reason for r in rows}
    assert "row has 3 fields, the header has 7" in reasons[22]
    assert "created_at: cannot read 'last tuesday'" in reasons[23]
    assert "not valid utf-8" in reasons[25]
    assert "over import.max_body_chars" in reasons[26]
    assert "duplicate id 'T5'" in reasons[27]
    assert "row has 3 fields" in reasons[30]  # the cut-off last row
    # nothing partial: every stored ticket has its two messages, none of the rejected ids is stored
    assert _count(engine, tickets) == 21
    assert _count(engine, messages) == 42
    stored = {t.id for t in TicketRepository(engine).iter_tickets()}
    assert not stored & {"T20", "T21", "T22", "T23", "T24", "T26"}
    assert TicketRepository(engine).get("T25") is not None
    assert TicketRepository(engine).get("T5").body == "My order 5 has not arrived"  # type: ignore[union-attr]


@pytest.mark.parametrize("reader", ["inline", "process"])
def test_reimport_changes_nothing_and_keeps_one_quarantine(
    engine: Engine, tmp_path: Path, reader: Reader
) -> None:
    path = tmp_path / "damaged.csv"
    damaged_csv(path)
    first = import_file(engine, default_importers(), path, ImportOptions(), clock=_clock)
    again = ImportOptions(reader=reader)
    second = import_file(engine, default_importers(), path, again, clock=_clock)
    assert (second.counts.inserted, second.counts.updated, second.counts.unchanged) == (0, 0, 21)
    assert QuarantineRepository(engine).count() == first.quarantined
    assert [r.status for r in ImportLog(engine).all()] == ["done", "done"]


@pytest.mark.parametrize("reader", ["inline", "process"])
def test_missing_required_column_fails_the_whole_file(
    engine: Engine, tmp_path: Path, reader: Reader
) -> None:
    path = tmp_path / "noid.csv"
    path.write_text("subject,body\nHello,World\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match="required field"):
        import_file(engine, default_importers(), path, ImportOptions(reader=reader), clock=_clock)
    assert _count(engine, tickets) == 0
    assert [r.status for r in ImportLog(engine).all()] == ["failed"]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252"])
def test_bom_and_cp1252_files_read_correctly(engine: Engine, tmp_path: Path, encoding: str) -> None:
    path = tmp_path / f"{encoding}.csv"
    path.write_bytes((HEADER + _row(1, body="Café crème – 5 €")).encode(encoding))
    result = import_file(engine, default_importers(), path, ImportOptions(), clock=_clock)
    assert result.counts.inserted == 1
    assert TicketRepository(engine).get("T1").body == "Café crème – 5 €"  # type: ignore[union-attr]
    assert SourceFile.at(path).encoding == encoding


def test_damaged_jsonl(engine: Engine, tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": f"J{i}", "body": f"<p>help {i}</p>", "created_at": 1709287200 + i})
        for i in range(5)
    ]
    lines += [
        "{not json",
        "[1, 2]",
        json.dumps({"body": "no id"}),
        json.dumps({"id": "J9", "body": "x", "created_at": "soon"}),
    ]
    path = tmp_path / "t.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = import_file(engine, default_importers(), path, ImportOptions(), clock=_clock)
    assert (result.counts.inserted, result.quarantined) == (5, 4)
    assert result.by_code == {"unreadable": 2, "missing_id": 1, "bad_value": 1}
    assert TicketRepository(engine).get("J3").body == "help 3"  # type: ignore[union-attr]


def _fifty_rows(tmp_path: Path) -> Path:
    path = tmp_path / "big.csv"
    path.write_text(HEADER + "".join(_row(i) for i in range(50)), encoding="utf-8")
    return path


class _Interrupting:
    """Wraps the real CSV importer and stops the import after ``after`` records, like Ctrl-C."""

    name: ClassVar[str] = "interrupting"
    description: ClassVar[str] = "test double at the input edge"
    suffixes: ClassVar[tuple[str, ...]] = ()

    def __init__(self, after: int) -> None:
        self.after = after

    def read(
        self, source: SourceFile, mapping: ColumnMapping
    ) -> Iterator[tuple[int, Ticket | Rejection]]:
        for n, item in enumerate(default_importers().get("csv").read(source, mapping)):
            if n == self.after:
                raise KeyboardInterrupt
            yield item


def test_interrupted_import_leaves_whole_tickets_and_resumes(
    engine: Engine, tmp_path: Path
) -> None:
    path = _fifty_rows(tmp_path)
    registry = importer_registry([_Interrupting(after=23)])
    # the test double reads the CSV export: the same system as the resuming csv import
    options = ImportOptions(fmt="interrupting", batch_size=10, source="csv")
    with pytest.raises(KeyboardInterrupt):
        import_file(engine, registry, path, options, clock=_clock)
    assert _count(engine, tickets) == 20
    assert _count(engine, messages) == 40
    assert ImportLog(engine).all()[-1].status == "interrupted"
    resumed = import_file(engine, default_importers(), path, ImportOptions(), clock=_clock)
    assert (resumed.counts.inserted, resumed.counts.unchanged) == (30, 20)


@pytest.mark.parametrize("reader", ["inline", "process"])
def test_a_failed_batch_write_stops_the_import_and_keeps_the_committed_batches(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reader: Reader
) -> None:
    path = _fifty_rows(tmp_path)
    real_write = TicketRepository.write_rows

    def failing_write(self: TicketRepository, connection: Any, *args: Any) -> Any:
        stored = connection.execute(select(func.count()).select_from(tickets)).scalar_one()
        if stored >= 20:
            raise OperationalError("INSERT", {}, Exception("disk I/O error"))
        return real_write(self, connection, *args)

    monkeypatch.setattr(TicketRepository, "write_rows", failing_write)
    options = ImportOptions(batch_size=10, reader=reader)
    with pytest.raises(OperationalError, match="disk I/O error"):
        import_file(engine, default_importers(), path, options, clock=_clock)
    assert not active_readers()  # the reading process was stopped
    assert _count(engine, tickets) == 20
    assert _count(engine, messages) == 40
    log = ImportLog(engine).all()[-1]
    assert (log.status, log.rows_read, log.inserted) == ("failed", 20, 20)


def test_a_file_of_bad_rows_is_quarantined_batch_by_batch(engine: Engine, tmp_path: Path) -> None:
    """Rejections count toward the batch: a long run of bad rows is written as it goes, with
    progress, instead of piling up in memory until the next good ticket."""
    path = tmp_path / "bad.csv"
    path.write_text(
        HEADER + "".join(_row(i, created="last tuesday") for i in range(50)), encoding="utf-8"
    )
    reports: list[int] = []
    result = import_file(
        engine,
        default_importers(),
        path,
        ImportOptions(batch_size=10),
        clock=_clock,
        progress=lambda done, _size: reports.append(done),
    )
    assert (result.quarantined, result.counts.inserted) == (50, 0)
    assert len(reports) >= 5, f"progress reported {len(reports)} times for 5 batches of bad rows"
    assert _count(engine, quarantine) == 50


def test_postgres_stores_batches_on_a_writer_thread_and_sqlite_inline(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _fifty_rows(tmp_path)
    real_write = TicketRepository.write_rows
    threads: list[str] = []

    def recording_write(self: TicketRepository, *args: Any) -> Any:
        threads.append(threading.current_thread().name)
        return real_write(self, *args)

    monkeypatch.setattr(TicketRepository, "write_rows", recording_write)
    result = import_file(
        engine, default_importers(), path, ImportOptions(batch_size=10), clock=_clock
    )
    assert (result.counts.inserted, result.status) == (50, "done")
    assert len(threads) == 5
    main = threading.current_thread().name
    if engine.dialect.name == "sqlite":
        assert set(threads) == {main}
    else:
        assert len(set(threads)) == 1
        assert main not in threads
    log = ImportLog(engine).all()[-1]
    assert (log.rows_read, log.inserted) == (50, 50)


def test_update_only_quarantines_rows_whose_ticket_is_not_stored(
    engine: Engine, tmp_path: Path
) -> None:
    import_file(engine, default_importers(), _fifty_rows(tmp_path), ImportOptions(), clock=_clock)
    labels = tmp_path / "labels.csv"
    labels.write_text("id,intent\nT1,refund\nT99,refund\nT2,delay\n", encoding="utf-8")
    options = ImportOptions(
        mapping=ColumnMapping.parse(["id=id", "intent=category"]), update_only=True, batch_size=2
    )
    result = import_file(engine, default_importers(), labels, options, clock=_clock)
    assert (result.counts.updated, result.quarantined) == (2, 1)
    assert result.by_code == {"not_found": 1}
    assert TicketRepository(engine).get("T1").category == "refund"  # type: ignore[union-attr]
    rows = QuarantineRepository(engine).list(limit=10)
    assert [(r.line, r.ticket_id) for r in rows] == [(3, "T99")]
    log = ImportLog(engine).all()[-1]
    assert (log.rows_read, log.updated, log.quarantined) == (3, 2, 1)
