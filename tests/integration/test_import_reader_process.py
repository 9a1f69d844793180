"""A large import reads in a second process while this one writes, on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import ClassVar

import pytest
from sqlalchemy import Engine, func, select

from ticketpilot.errors import ImportFileError
from ticketpilot.store.imports import ImportLog
from ticketpilot.store.tables import messages, tickets
from ticketpilot.tickets.importers import default_importers
from ticketpilot.tickets.importing import pipeline
from ticketpilot.tickets.importing.pipeline import ImportOptions, ImportResult, import_file
from ticketpilot.tickets.importing.reader_process import active_readers
from ticketpilot.tickets.mapping import ColumnMapping
from ticketpilot.tickets.model import Rejection, Ticket
from ticketpilot.tickets.registry import Importers, importer_registry
from ticketpilot.tickets.source import SourceFile

HEADER = "id,subject,body,created_at,resolved_at,category,agent_reply\n"


def _clock() -> datetime:
    return datetime(2025, 1, 1)


def _csv(tmp_path: Path, n: int = 50) -> Path:
    path = tmp_path / "tickets.csv"
    rows = (
        f'T{i},Order {i},"My order {i} is late",2024-05-01T10:00:00Z,2024-05-02T10:00:00Z,'
        f'shipping,"Sorry, it ships today."\n'
        for i in range(n)
    )
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    return path


def _count(engine: Engine, table: object) -> int:
    with engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(table)).scalar_one())  # type: ignore[arg-type]


def _readers() -> list[int]:
    return active_readers()


def _import_watching(
    engine: Engine, registry: Importers, path: Path, options: ImportOptions
) -> tuple[ImportResult, list[list[int]]]:
    """Import, noting the reading processes alive at every progress report."""
    seen: list[list[int]] = []
    result = import_file(
        engine, registry, path, options, clock=_clock, progress=lambda *_: seen.append(_readers())
    )
    return result, seen


def test_auto_reads_a_large_file_into_sqlite_in_a_second_process_and_the_rest_inline(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _csv(tmp_path)
    options = ImportOptions(batch_size=10)  # reader="auto"
    small, seen = _import_watching(engine, default_importers(), path, options)
    assert small.counts.inserted == 50
    assert all(names == [] for names in seen)
    monkeypatch.setattr(pipeline, "PROCESS_FROM_BYTES", path.stat().st_size)
    large, seen = _import_watching(engine, default_importers(), path, options)
    assert large.counts.unchanged == 50
    if engine.dialect.name == "sqlite":
        assert any(len(pids) == 1 for pids in seen)
    else:  # PostgreSQL writes on a thread instead; a second process gained nothing there
        assert all(names == [] for names in seen)
    assert _readers() == []


def _stored(engine: Engine) -> tuple[list[object], list[object]]:
    columns = [c for c in tickets.c if c.name != "import_id"]
    with engine.connect() as connection:
        ticket_rows = connection.execute(select(*columns).order_by(tickets.c.id)).all()
        order = (messages.c.ticket_id, messages.c.seq)
        message_rows = connection.execute(select(messages).order_by(*order)).all()
    return list(ticket_rows), list(message_rows)


def test_process_and_inline_store_the_same_rows(engine: Engine, tmp_path: Path) -> None:
    path = _csv(tmp_path, 30)
    inline = import_file(
        engine, default_importers(), path, ImportOptions(reader="inline"), clock=_clock
    )
    stored_inline = _stored(engine)
    with engine.begin() as connection:
        connection.execute(messages.delete())
        connection.execute(tickets.delete())
    process = import_file(
        engine, default_importers(), path, ImportOptions(reader="process"), clock=_clock
    )
    assert (inline.counts.inserted, process.counts.inserted) == (30, 30)
    assert _stored(engine) == stored_inline
    assert len(stored_inline[1]) == 60


def test_ctrl_c_stops_the_reader_and_ends_on_a_whole_batch(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _csv(tmp_path, 5_000)  # more than the pipe holds: the reader is still at work
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))
    calls = 0

    def interrupt_after_two_batches(done: int, size: int) -> None:
        nonlocal calls
        calls += 1
        assert list(scratch.iterdir()), "the reader keeps its seen ids in TMPDIR"
        if calls == 2:
            raise KeyboardInterrupt

    options = ImportOptions(batch_size=100, reader="process")
    with pytest.raises(KeyboardInterrupt):
        import_file(
            engine,
            default_importers(),
            path,
            options,
            clock=_clock,
            progress=interrupt_after_two_batches,
        )
    assert _readers() == []
    assert list(scratch.iterdir()) == []  # the stopped reader removed its scratch files
    assert _count(engine, tickets) == 200
    assert _count(engine, messages) == 400
    assert ImportLog(engine).all()[-1].status == "interrupted"
    resumed = import_file(engine, default_importers(), path, options, clock=_clock)
    assert (resumed.counts.inserted, resumed.counts.unchanged) == (4_800, 200)


def test_a_reader_killed_mid_file_fails_the_import_and_says_how(
    engine: Engine, tmp_path: Path
) -> None:
    path = _csv(tmp_path, 5_000)  # more than the pipe holds: the reader is still at work

    def kill_the_reader(done: int, size: int) -> None:
        for pid in active_readers():
            os.kill(pid, signal.SIGKILL)

    options = ImportOptions(batch_size=100, reader="process")
    with pytest.raises(ImportFileError, match="killed by SIGKILL, likely out of memory"):
        import_file(
            engine, default_importers(), path, options, clock=_clock, progress=kill_the_reader
        )
    assert _count(engine, tickets) % 100 == 0  # whole batches only
    assert _count(engine, tickets) < 5_000
    assert _count(engine, messages) == 2 * _count(engine, tickets)
    assert ImportLog(engine).all()[-1].status == "failed"


class Failing:
    """An importer with a bug: it fails after five records (module level, so it pickles)."""

    name: ClassVar[str] = "failing"
    description: ClassVar[str] = "test double at the input edge"
    suffixes: ClassVar[tuple[str, ...]] = ()

    def read(
        self, source: SourceFile, mapping: ColumnMapping
    ) -> Iterator[tuple[int, Ticket | Rejection]]:
        for n, item in enumerate(default_importers().get("csv").read(source, mapping)):
            if n == 5:
                raise ValueError("importer bug")
            yield item


def test_an_error_in_the_reader_is_raised_here_with_its_traceback(
    engine: Engine, tmp_path: Path
) -> None:
    registry = importer_registry([Failing()])
    options = ImportOptions(fmt="failing", reader="process")
    with pytest.raises(ValueError, match="importer bug") as raised:
        import_file(engine, registry, _csv(tmp_path), options, clock=_clock)
    notes = "".join(getattr(raised.value, "__notes__", []))
    assert "in the reading process" in notes and "test_import_reader_process.py" in notes
    assert _readers() == []
    assert ImportLog(engine).all()[-1].status == "failed"


class Unpicklable(Failing):
    """A plugin importer that cannot be sent to another process."""

    name: ClassVar[str] = "unpicklable"

    def __init__(self) -> None:
        self.hook = lambda: None

    def read(
        self, source: SourceFile, mapping: ColumnMapping
    ) -> Iterator[tuple[int, Ticket | Rejection]]:
        yield from default_importers().get("csv").read(source, mapping)


def test_an_importer_that_cannot_be_sent_reads_inline(engine: Engine, tmp_path: Path) -> None:
    registry = importer_registry([Unpicklable()])
    options = ImportOptions(fmt="unpicklable", reader="process", batch_size=10)
    result, seen = _import_watching(engine, registry, _csv(tmp_path), options)
    assert result.counts.inserted == 50
    assert all(names == [] for names in seen)
