"""PostgreSQL connections are pinged on checkout only after sitting idle in the pool: one back
a moment ago is used as it is, one that died while idle is replaced before it is used."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, create_engine, text

import ticketpilot.store.engine as engine_module
from ticketpilot.store import create_engine_for

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
    admin = create_engine(pg.url)
    with admin.begin() as connection:  # a database restart, as the pooled connection sees it
        connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": dead})
    admin.dispose()
    alive = _backend(pg)  # no error: the ping found it dead and the pool connected anew
    assert alive != dead and len(pings) >= 1
