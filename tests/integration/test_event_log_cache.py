"""The pilot's event log is read once, topped up with new events, kept beside the database for
the next process, and read again in full whenever the stored events are not what it covers
(on both databases)."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine

from ticketpilot.store.pilot_event_log import EventLogCache
from ticketpilot.store.pilot_events import EventRow, PilotEvents

T0 = datetime(2026, 3, 2, 9)


def _rows(prefix: str, n: int, kind: str = "accepted") -> list[EventRow]:
    return [EventRow(f"{prefix}{i}", kind, f"{prefix}-T{i}", T0 + timedelta(minutes=i),
                     {"seconds": float(i)}) for i in range(n)]  # fmt: skip


def _store(engine: Engine, rows: list[EventRow], pilot: str = "live",
           recorded: datetime = T0) -> None:  # fmt: skip
    with engine.begin() as connection:
        PilotEvents(engine, pilot).insert(connection, rows, recorded)


def _seconds(cache: EventLogCache, engine: Engine, pilot: str = "live") -> list[float]:
    return cache.get(engine, pilot).seconds.tolist()


def test_new_events_are_added_and_the_file_serves_the_next_process(
    engine: Engine, tmp_path: Path
) -> None:
    _store(engine, _rows("a", 5))
    first = EventLogCache(tmp_path / "cache", keep_from=1)
    assert _seconds(first, engine) == [0.0, 1.0, 2.0, 3.0, 4.0]
    assert (tmp_path / "cache" / "pilot-events-live.arrow").is_file()
    _store(engine, [EventRow("late", "rejected", "a-T0", T0 - timedelta(minutes=1), {})])
    log = first.get(engine, "live")
    assert len(log) == 6 and log.ticket_ids[int(log.ticket[0])] == "a-T0"  # in time order
    nextprocess = EventLogCache(tmp_path / "cache", keep_from=1)
    _store(engine, _rows("b", 2))
    assert len(nextprocess.get(engine, "live")) == 8
    assert nextprocess.get(engine, "live").counts() == {"accepted": 7, "rejected": 1}
    assert EventLogCache(tmp_path / "cache", keep_from=1).get(engine, "rehearsal").counts() == {}


def test_a_replaced_rehearsal_of_the_same_size_is_read_again(
    engine: Engine, tmp_path: Path
) -> None:
    _store(engine, _rows("a", 3), pilot="rehearsal", recorded=T0)
    cache = EventLogCache(tmp_path / "cache", keep_from=1)
    assert _seconds(cache, engine, "rehearsal") == [0.0, 1.0, 2.0]
    with engine.begin() as connection:
        PilotEvents(engine, "rehearsal").clear(connection)
    replaced = [EventRow(f"r{i}", "handled", f"r-T{i}", T0, {"seconds": 9.0}) for i in range(3)]
    _store(engine, replaced, pilot="rehearsal", recorded=T0 + timedelta(hours=1))
    assert _seconds(cache, engine, "rehearsal") == [9.0, 9.0, 9.0]
    assert (
        _seconds(EventLogCache(tmp_path / "cache", keep_from=1), engine, "rehearsal") == [9.0] * 3
    )


def test_an_unreadable_or_foreign_file_is_ignored(engine: Engine, tmp_path: Path) -> None:
    _store(engine, _rows("a", 2))
    path = tmp_path / "cache" / "pilot-events-live.arrow"
    path.parent.mkdir()
    path.write_bytes(b'\0not arrow"')
    cache = EventLogCache(tmp_path / "cache", keep_from=1)
    assert _seconds(cache, engine) == [0.0, 1.0]
    assert path.stat().st_size > 20  # replaced by a good one
    assert EventLogCache(tmp_path / "cache", keep_from=1).get(engine, "live").counts() == {
        "accepted": 2
    }


def test_small_pilots_are_not_kept_on_disk(engine: Engine, tmp_path: Path) -> None:
    _store(engine, _rows("a", 3))
    assert len(EventLogCache(tmp_path / "cache").get(engine, "live")) == 3
    assert not (tmp_path / "cache").exists()
