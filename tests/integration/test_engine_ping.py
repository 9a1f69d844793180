"""PostgreSQL connections are pinged on checkout only after sitting idle in the pool: one back
a moment ago is used as it is, one that died while idle is replaced before it is used, and a
feedback event whose connection died unnoticed is stored on a fresh one."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text

import ticketpilot.store.engine as engine_module
from ticketpilot.charter import charter_template
from ticketpilot.pilot.events import Handled, Rated
from ticketpilot.pilot.service import ingest_tickets, record_event
from ticketpilot.runtime import build_runtime
from ticketpilot.store import create_engine_for
from ticketpilot.tickets.model import Ticket
from ticketpilot.workspace import create_workspace

# the idle ping is PostgreSQL's: SQLite has no server to lose
pytestmark = [pytest.mark.postgres, pytest.mark.parametrize("db_url", ["postgres"], indirect=True)]


@pytest.fixture
def pg(db_url: str) -> Iterator[Engine]:
    engine = create_engine_for(db_url)
    yield engine
    engine.dispose()


def _pings(monkeypatch: pytest.MonkeyPatch, engine: Engine) -> list[object]:
    pings: list[object] = []
    real = engine.dialect.do_ping

    def counted(dbapi: object) -> bool:
        pings.append(dbapi)
        return real(dbapi)  # type: ignore[arg-type]

    monkeypatch.setattr(engine.dialect, "do_ping", counted)
    return pings


def _kill(engine: Engine, pid: int) -> None:
    """End one server process, as a database restart would (only this test's connection)."""
    admin = create_engine(engine.url)
    with admin.begin() as connection:
        connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    admin.dispose()


def _backend(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text("SELECT pg_backend_pid()")).scalar_one())


def test_a_connection_back_a_moment_ago_is_not_pinged(
    pg: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine_module, "IDLE_PING_S", 3600.0)
    pings = _pings(monkeypatch, pg)
    first = _backend(pg)
    assert [_backend(pg) for _ in range(5)] == [first] * 5  # the same connection, reused
    assert pings == []


def test_a_connection_that_died_while_idle_is_replaced_before_use(
    pg: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine_module, "IDLE_PING_S", 0.0)
    pings = _pings(monkeypatch, pg)
    dead = _backend(pg)
    _kill(pg, dead)
    alive = _backend(pg)  # no error: the ping found it dead and the pool connected anew
    assert alive != dead and len(pings) >= 1


def test_an_event_whose_pooled_connection_died_unnoticed_is_stored_once(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine_module, "IDLE_PING_S", 3600.0)  # no ping: the death goes unseen
    workspace = create_workspace(tmp_path / "ws", charter_template().replace(
        "# control_share = 0.10", "control_share = 0.10"))  # fmt: skip
    runtime = build_runtime(workspace.root, environ={"TICKETPILOT_DATABASE_URL": db_url})
    try:
        now = datetime(2026, 3, 2, 9, 0)
        batch = [Ticket(id=f"R-{i}", subject="s", body="b", created_at=now) for i in range(200)]
        arms = {r.ticket_id: r.arm for r in ingest_tickets(runtime, batch, source="tests")}
        tid = next(t for t, arm in arms.items() if arm == "control")
        runtime.engine.dispose()  # one pooled connection from here on
        for n, event in enumerate((Handled(tid, now), Rated(tid, now + timedelta(hours=1), 4.0))):
            _kill(runtime.engine, _backend(runtime.engine))
            result = record_event(runtime, event, key=f"k{n}")
            assert result.stored  # stored on a fresh connection, no error to the caller
            assert not record_event(runtime, event, key=f"k{n}").stored  # and only once
    finally:
        runtime.close()
