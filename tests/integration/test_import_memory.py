"""Imports stream: the memory an import needs does not grow with the file; what would grow goes
to scratch files in TMPDIR, and a scratch file that cannot be written is a clear error."""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

import pytest

from memory_probe import OwnMemory, flat
from ticketpilot.errors import StorageError
from ticketpilot.store import create_engine_for, migrate
from ticketpilot.store.imports import ImportLog
from ticketpilot.store.tickets import TicketRepository
from ticketpilot.tickets.importers import default_importers
from ticketpilot.tickets.importing.pipeline import ImportOptions, import_file
from ticketpilot.tickets.importing.seen import SeenIds


def _csv(path: Path, n: int) -> Path:
    lines = ["id,subject,body,created_at,agent_reply"]
    lines += [
        f"T{i:07d},Order {i},My order {i} has not arrived,2024-05-01T10:00:00Z,It ships today."
        for i in range(n)
    ]
    lines += ["T0000001,Order 1,My order 1 has not arrived,2024-05-01T10:00:00Z,It ships today."]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _held(tmp_path: Path, n: int) -> int:
    """The most memory ticketpilot's code holds after any batch of an import of ``n`` tickets."""
    engine = create_engine_for(f"sqlite:///{tmp_path / f'{n}.db'}")
    migrate(engine)
    path = _csv(tmp_path / f"{n}.csv", n)
    with OwnMemory() as memory:
        result = import_file(
            engine,
            default_importers(),
            path,
            ImportOptions(batch_size=500),
            clock=lambda: datetime(2025, 1, 1),
            progress=lambda _done, _size: memory.sample(),
        )
    engine.dispose()
    assert (result.status, result.counts.inserted, result.repeated) == ("done", n, 1)
    return memory.peak


def test_ten_times_the_tickets_do_not_need_more_memory(tmp_path: Path) -> None:
    """The ids already read (for duplicate checks) are kept on disk, not in a dict."""
    small, large = _held(tmp_path, 2_000), _held(tmp_path, 20_000)
    assert flat(small, large), f"held {small:,} B for 2,000 tickets, {large:,} B for 20,000"


def test_seen_ids_find_what_was_added_across_batches_and_odd_ids() -> None:
    odd = "caf\udce9"  # an undecodable byte kept as a lone surrogate
    with SeenIds() as seen:
        seen.add([("A", 2, "d1"), (odd, 3, "d2")])
        seen.add([("B", 9, "d3")])
        assert seen.find(["B", "A", "C", odd, "A"]) == {
            "A": (2, "d1"),
            "B": (9, "d3"),
            odd: (3, "d2"),
        }
        assert seen.find([f"X{i}" for i in range(1_200)] + ["B"]) == {"B": (9, "d3")}


def test_the_scratch_folder_is_removed_when_closed() -> None:
    seen = SeenIds()
    folder = Path(seen.db.execute("PRAGMA database_list").fetchone()[2]).parent
    assert folder.is_dir()
    seen.close()
    assert not folder.exists()
    with pytest.raises(Exception, match="closed"):
        seen.find(["A"])


def test_a_full_tmpdir_stops_the_import_with_a_message_and_keeps_whole_batches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = create_engine_for(f"sqlite:///{tmp_path / 'full.db'}")
    migrate(engine)
    real_add = SeenIds.add
    calls: list[int] = []

    def add_until_full(self: SeenIds, entries: Iterable[tuple[str, int, str]]) -> None:
        calls.append(1)
        if len(calls) > 2:
            raise sqlite3.OperationalError("database or disk is full")
        real_add(self, entries)

    monkeypatch.setattr(SeenIds, "add", add_until_full)
    with pytest.raises(StorageError, match=r"scratch file in .*database or disk is full.*TMPDIR"):
        import_file(
            engine,
            default_importers(),
            _csv(tmp_path / "t.csv", 50),
            ImportOptions(batch_size=20),
            clock=lambda: datetime(2025, 1, 1),
        )
    assert TicketRepository(engine).count() == 40
    assert ImportLog(engine).all()[-1].status == "failed"
    engine.dispose()


def test_a_tmpdir_that_cannot_hold_a_folder_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    not_a_folder = tmp_path / "tmp-is-a-file"
    not_a_folder.write_text("", encoding="utf-8")
    monkeypatch.setattr(tempfile, "tempdir", str(not_a_folder))
    with pytest.raises(StorageError, match=r"tmp-is-a-file.*point TMPDIR at a folder"):
        SeenIds()
