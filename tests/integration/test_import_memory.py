"""Imports stream: the memory an import needs does not grow with the file."""

from __future__ import annotations

import tracemalloc
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine

from ticketpilot.store import create_engine_for, migrate
from ticketpilot.tickets.pipeline import ImportOptions, import_file
from ticketpilot.tickets.registry import default_registry
from ticketpilot.tickets.seen import SeenIds


def _csv(path: Path, n: int) -> Path:
    lines = ["id,subject,body,created_at,agent_reply"]
    lines += [
        f"T{i:07d},Order {i},My order {i} has not arrived,2024-05-01T10:00:00Z,It ships today."
        for i in range(n)
    ]
    lines += ["T0000001,Order 1,My order 1 has not arrived,2024-05-01T10:00:00Z,It ships today."]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _peak(engine: Engine, path: Path) -> tuple[int, int]:
    """Peak Python memory (bytes) while importing ``path``, and the tickets it stored."""
    tracemalloc.start()
    result = import_file(
        engine,
        default_registry(),
        path,
        ImportOptions(batch_size=1_000),
        clock=lambda: datetime(2025, 1, 1),
    )
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert (result.status, result.repeated) == ("done", 1)
    return peak, result.counts.inserted


def test_ten_times_the_tickets_do_not_need_ten_times_the_memory(tmp_path: Path) -> None:
    """The ids already read (for duplicate checks) are kept on disk, not in a dict."""
    peaks = []
    for n in (3_000, 30_000):
        engine = create_engine_for(f"sqlite:///{tmp_path / f'{n}.db'}")
        migrate(engine)
        peak, inserted = _peak(engine, _csv(tmp_path / f"{n}.csv", n))
        engine.dispose()
        assert inserted == n
        peaks.append(peak)
    small, large = peaks
    assert large < 1.5 * small, f"peak {small:,} B for 3,000 tickets, {large:,} B for 30,000"


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
