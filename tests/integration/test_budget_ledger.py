"""The budget ledger on SQLite, PostgreSQL and Redis: the same promises from each store."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from budget_stores import REDIS_URL, migrated, postgres_schema, redis_prefix, sqlite_url
from sqlalchemy import Engine

from ticketpilot.cost.ledger import Alert, Hold, Ledger, LedgerUnavailable, Refusal, Reservation
from ticketpilot.store import create_engine_for
from ticketpilot.store.budget import SqlLedger
from ticketpilot.store.budget_redis import RedisLedger
from ticketpilot.store.tables import metadata

NOW = datetime(2026, 12, 3, 10, 0)
HARD = 1_000


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param("postgres", marks=pytest.mark.postgres),
        pytest.param("redis", marks=pytest.mark.redis),
    ]
)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[], Ledger]]:
    """A factory of ledgers over one fresh store (a second call is a restarted worker)."""
    engines: list[Engine] = []
    clients: list[RedisLedger] = []
    if request.param == "redis":
        with redis_prefix() as prefix:

            def make_redis() -> Ledger:
                clients.append(RedisLedger(REDIS_URL, prefix=prefix))
                return clients[-1]

            yield make_redis
            for client in clients:
                client.close()
        return
    with postgres_schema() if request.param == "postgres" else _nullcontext(tmp_path) as url:
        migrated(url)

        def make_sql() -> Ledger:
            engines.append(create_engine_for(url))
            return SqlLedger(engines[-1])

        yield make_sql
        for engine in engines:
            engine.dispose()


class _nullcontext:  # noqa: N801 - reads like contextlib's
    def __init__(self, folder: Path) -> None:
        self.url = sqlite_url(folder)

    def __enter__(self) -> str:
        return self.url

    def __exit__(self, *_: object) -> None:
        return None


def hold(amount: int, *, ceiling: int = HARD, lane: int = 0, hard: int = HARD, period: str = "2026-12",
         at: datetime = NOW) -> Hold:  # fmt: skip
    return Hold(period, amount, ceiling, lane, hard, "gpt-4o", at, at + timedelta(minutes=10))


def test_reservations_fit_under_the_ceiling_and_settle_to_the_actual_cost(
    store: Callable[[], Ledger],
) -> None:
    ledger = store()
    first = ledger.reserve(hold(600))
    assert isinstance(first, Reservation) and first.committed == 600
    refused = ledger.reserve(hold(401))
    assert refused == Refusal("2026-12", 600, 0)
    second = ledger.reserve(hold(400))
    assert isinstance(second, Reservation) and second.committed == 1_000
    ledger.settle(first, 250, NOW)
    ledger.settle(first, 250, NOW)  # idempotent: a retried settle changes nothing
    spend = ledger.spend("2026-12")
    assert (spend.settled, spend.reserved, spend.requests, spend.held) == (250, 400, 2, 1)
    third = ledger.reserve(hold(350))
    assert isinstance(third, Reservation) and third.committed == 1_000
    assert ledger.spend("2026-11").committed == 0  # another period is untouched


def test_lanes_only_go_down_until_the_hard_limit_is_raised(store: Callable[[], Ledger]) -> None:
    ledger = store()
    assert isinstance(ledger.reserve(hold(100, lane=1)), Reservation)  # degraded
    refused = ledger.reserve(hold(10, lane=0))
    assert isinstance(refused, Refusal) and refused.lane == 1  # the primary lane is closed
    assert isinstance(ledger.reserve(hold(10, lane=1)), Reservation)
    ledger.exhaust("2026-12", HARD)
    assert ledger.reserve(hold(10, lane=1)) == Refusal("2026-12", 110, 2)
    raised = ledger.reserve(hold(10, lane=0, ceiling=2_000, hard=2_000))
    assert isinstance(raised, Reservation)  # a budget raised in the charter reopens the lanes
    assert ledger.spend("2026-12").lane == 0


def test_expired_reservations_are_charged_in_full_and_a_late_settle_corrects_them(
    store: Callable[[], Ledger],
) -> None:
    ledger = store()
    dead = ledger.reserve(hold(300))
    live = ledger.reserve(hold(200, at=NOW + timedelta(minutes=5)))
    assert isinstance(dead, Reservation) and isinstance(live, Reservation)
    assert ledger.expire("2026-12", NOW + timedelta(minutes=11)) == 1
    spend = ledger.spend("2026-12")
    assert (spend.settled, spend.reserved, spend.held) == (300, 200, 1)
    ledger.settle(dead, 120, NOW + timedelta(minutes=12))  # the worker was slow, not dead
    ledger.settle(dead, 120, NOW + timedelta(minutes=12))
    assert ledger.spend("2026-12").settled == 120
    assert ledger.expire("2026-12", NOW + timedelta(minutes=11)) == 0


def test_alerts_are_recorded_once_with_their_delivery(store: Callable[[], Ledger]) -> None:
    ledger, other = store(), store()
    alert = Alert("2026-12", "soft_limit", NOW, {"committed": 8.0})
    assert ledger.alert_once(alert) is True
    assert other.alert_once(alert) is False
    assert ledger.alert_once(Alert("2026-11", "soft_limit", NOW)) is True
    ledger.record_delivery("2026-12", "soft_limit", "sent: HTTP 200")
    found = other.alerts("2026-12")
    assert [(a.kind, a.detail, a.delivery) for a in found] == [
        ("soft_limit", {"committed": 8.0}, "sent: HTTP 200")
    ]
    assert len(other.alerts()) == 2


def test_spend_survives_a_restart(store: Callable[[], Ledger]) -> None:
    first = store()
    reservation = first.reserve(hold(700))
    assert isinstance(reservation, Reservation)
    restarted = store()
    restarted.settle(reservation, 650, NOW)
    assert restarted.spend("2026-12").settled == 650
    assert isinstance(restarted.reserve(hold(351)), Refusal)


@pytest.mark.parametrize("which", ["sql", "redis"])
def test_an_unreachable_store_raises_ledger_unavailable(which: str) -> None:
    if which == "sql":
        engine = create_engine_for("postgresql+psycopg://postgres@127.0.0.1:1/test")
        ledger: Ledger = SqlLedger(engine)
    else:
        ledger = RedisLedger("redis://127.0.0.1:1/0", timeout_s=0.5)
    with pytest.raises(LedgerUnavailable, match="unreachable"):
        ledger.reserve(hold(1))
    with pytest.raises(LedgerUnavailable):
        ledger.spend("2026-12")


def test_migration_0004_creates_the_budget_tables_as_declared(engine: Engine) -> None:
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), metadata)
    assert [d for d in diff if "budget_" in repr(d)] == []
