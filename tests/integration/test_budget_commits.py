"""What waits for the disk in the SQL ledger, and a settle racing the expiry sweep.

A reservation, and a settle that raises the charge (an over-reservation), commit durably; a
settle that lowers it need not (a crash that loses it leaves the reservation charged in full:
over, never under). On PostgreSQL the settle is one statement that must see the sweep's
``expired`` once the sweep commits.
"""

from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from budget_stores import migrated, postgres_schema, sqlite_url
from sqlalchemy import Connection, event, select, text, update

from ticketpilot.cost.ledger import Hold, LedgerUnavailable, Reservation
from ticketpilot.store import create_engine_for
from ticketpilot.store.budget import SqlLedger
from ticketpilot.store.budget_statements import PG_RESERVE, PG_SETTLE
from ticketpilot.store.tables import budget_periods, budget_reservations

NOW = datetime(2026, 12, 3, 10, 0)
_R, _P = budget_reservations.c, budget_periods.c


def hold(amount: int) -> Hold:
    return Hold("2026-12", amount, 10_000, 0, 10_000, "gpt-4o", NOW, NOW + timedelta(minutes=10))


def test_sqlite_reservations_and_raising_settles_are_synced_lowering_ones_not(
    tmp_path: Path,
) -> None:
    url = sqlite_url(tmp_path)
    migrated(url)
    engine = create_engine_for(url)
    levels: list[int] = []  # PRAGMA synchronous at each commit: 1 NORMAL, 2 FULL (WAL synced)

    @event.listens_for(engine, "commit")
    def _level(connection: Connection) -> None:
        driver = connection.connection.driver_connection
        assert driver is not None
        levels.append(driver.execute("PRAGMA synchronous").fetchone()[0])

    ledger = SqlLedger(engine)
    first, second = ledger.reserve(hold(600)), ledger.reserve(hold(300))
    assert isinstance(first, Reservation) and isinstance(second, Reservation)
    assert levels == [2, 2]
    ledger.settle(first, 250, NOW)  # lowers the charge
    ledger.settle(second, 400, NOW)  # raises it: the provider billed more than was held
    assert levels == [2, 2, 1, 2]
    with engine.connect() as connection:  # the pooled connection is back to the workspace's level
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 1
    spend = ledger.spend("2026-12")
    assert (spend.settled, spend.reserved) == (650, 0)
    engine.dispose()


@pytest.mark.postgres
def test_postgres_reservations_and_raising_settles_wait_for_the_flush_lowering_ones_not() -> None:
    with postgres_schema() as url:
        migrated(url)
        engine = create_engine_for(url)
        sent: list[Any] = []
        ledger = SqlLedger(engine)
        event.listen(ledger.hot_engine(), "before_cursor_execute", lambda *a: sent.append(a[3]))
        held = [ledger.reserve(hold(600)), ledger.reserve(hold(300)), ledger.reserve(hold(100))]
        first, second, third = (r for r in held if isinstance(r, Reservation))
        ledger.settle(first, 250, NOW)  # lowers the charge
        ledger.settle(second, 400, NOW)  # raises it
        assert [p["b_sync"] for p in sent if "b_sync" in (p or {})] == ["off", "on"]
        # what each statement leaves synchronous_commit at when its transaction commits
        settle = {"b_id": third.id, "b_amount": 100, "b_actual": 50, "b_at": NOW}
        for statement, params, expected in [
            (PG_RESERVE, _reserve_params(hold(1)), "on"),
            (PG_SETTLE, settle | {"b_sync": "off"}, "off"),
            (PG_SETTLE, settle | {"b_sync": "on"}, "on"),
        ]:
            with engine.connect() as connection:
                assert connection.execute(statement, params).rowcount == 1
                assert connection.execute(text("SHOW synchronous_commit")).scalar() == expected
                connection.rollback()
        ledger.close()
        engine.dispose()


def _reserve_params(h: Hold) -> dict[str, Any]:
    return {
        "b_period": h.period, "b_model": h.model, "b_lane": h.lane, "b_hard": h.hard,
        "b_amount": h.amount, "b_ceiling": h.ceiling, "b_at": h.at, "b_expires": h.expires_at,
    }  # fmt: skip


@pytest.mark.postgres
def test_a_settle_waiting_on_the_sweeps_lock_sees_the_expiry_it_commits() -> None:
    """The one-statement settle reads what the reservation was under its row lock, not from its
    snapshot: held, it would free the amount the sweep has already charged."""
    with postgres_schema() as url:
        migrated(url)
        engine = create_engine_for(url)
        ledger = SqlLedger(engine)
        reservation = ledger.reserve(hold(300))
        assert isinstance(reservation, Reservation)
        with engine.connect() as sweep:  # what SqlLedger.expire does, held open mid-way
            pid = sweep.execute(text("SELECT pg_backend_pid()")).scalar()
            sweep.execute(select(_R.id).where(_R.id == reservation.id).with_for_update())
            sweep.execute(update(budget_reservations).values(state="expired"))
            sweep.execute(
                update(budget_periods).values(reserved=_P.reserved - 300, settled=_P.settled + 300)
            )
            settling = threading.Thread(target=ledger.settle, args=(reservation, 120, NOW))
            settling.start()
            _wait_until_blocked_by(engine, pid)
            sweep.commit()
        settling.join(timeout=30)
        spend = ledger.spend("2026-12")
        assert (spend.settled, spend.reserved, spend.held) == (120, 0, 0)
        engine.dispose()


def _wait_until_blocked_by(engine: Any, pid: int) -> None:
    """Until a backend waits on a lock ``pid`` holds (the settle, on the reservation's row)."""
    query = text("SELECT count(*) FROM pg_stat_activity WHERE :pid = ANY(pg_blocking_pids(pid))")
    for _ in range(3_000):
        with engine.connect() as connection:
            if connection.execute(query, {"pid": pid}).scalar():
                return
        time.sleep(0.01)
    raise AssertionError("the settle never waited on the sweep's lock")


@pytest.mark.postgres
def test_the_hot_path_does_not_ping_and_retries_a_connection_found_dead_once() -> None:
    """No pre-ping on the ledger's own pool: a server-side kill of its connections costs the
    next call a retry on a fresh one, not a refusal; a server that is down is still unavailable."""
    with postgres_schema() as url:
        migrated(url)
        engine = create_engine_for(url)
        ledger = SqlLedger(engine)
        with ledger.hot_engine().connect() as pooled:  # the pool's one connection
            pid = pooled.execute(text("SELECT pg_backend_pid()")).scalar()
        sent: list[str] = []
        event.listen(ledger.hot_engine(), "before_cursor_execute", lambda *a: sent.append(a[2]))
        first = ledger.reserve(hold(100))
        assert isinstance(first, Reservation)
        assert len(sent) == 1  # the reservation alone: no ping before it
        with engine.connect() as admin:  # the server drops that connection
            admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
            admin.commit()
        second = ledger.reserve(hold(200))  # tried on the dead connection, then on a new one
        assert isinstance(second, Reservation)
        ledger.settle(first, 50, NOW)
        ledger.settle(second, 150, NOW)
        spend = ledger.spend("2026-12")
        assert (spend.settled, spend.reserved, spend.held) == (200, 0, 0)
        ledger.close()
        down = SqlLedger(create_engine_for(url.replace("127.0.0.1:5432", "127.0.0.1:1")))
        with pytest.raises(LedgerUnavailable):
            down.reserve(hold(1))
        engine.dispose()
