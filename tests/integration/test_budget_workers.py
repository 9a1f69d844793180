"""Four worker processes against one PostgreSQL budget: it runs out mid-run and is never overrun;
then the store goes down mid-run and no call is made without a reservation."""

from __future__ import annotations

import multiprocessing
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from budget_stores import migrated, postgres_schema
from budget_worker import CHEAPER, PRIMARY, Plan, main
from sqlalchemy import Engine, select
from tcp_proxy import TcpProxy

from ticketpilot.cost.guardrails import BudgetPolicy
from ticketpilot.runtime import utc_now
from ticketpilot.store import create_engine_for
from ticketpilot.store.budget import SqlLedger
from ticketpilot.store.tables import budget_alerts, budget_periods, budget_reservations

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
WORKERS = 4
UNIT = 10**9  # ledger units per dollar


@pytest.fixture
def pg_url() -> Iterator[str]:
    with postgres_schema() as url:
        migrated(url)
        yield url


def _run(plans: list[Plan], cut: Any = None) -> dict[int, list[dict[str, Any]]]:
    """Run the plans in spawned processes; ``cut()`` runs while each holds one call in flight."""
    ctx = multiprocessing.get_context("spawn")
    out = ctx.Queue()
    barrier, resume = ctx.Barrier(len(plans) + 1), ctx.Event()
    processes = [ctx.Process(target=main, args=(p, out, barrier, resume)) for p in plans]
    for process in processes:
        process.start()
    if cut is not None:
        barrier.wait(timeout=120)
        cut()
        resume.set()
    results = dict(out.get(timeout=120) for _ in plans)
    for process in processes:
        process.join(timeout=30)
        assert process.exitcode == 0
    return results


def _rows(engine: Engine, table: Any) -> list[dict[str, Any]]:
    with engine.connect() as connection:
        return [dict(r._mapping) for r in connection.execute(select(table))]


def test_four_workers_never_overrun_and_degrade_in_order(pg_url: str) -> None:
    # 40c a month: alert at 20c, the cheaper model from 38.5c, a human from 40c. A gpt-4o call
    # costs about 0.26c (reserves up to 0.5c), a gpt-4o-mini one 0.016c: 4 x 100 calls run it out
    # after some 150 + 90.
    mills = UNIT // 1000
    policy = BudgetPolicy(
        budget=400 * mills, soft=200 * mills, degrade=385 * mills, hard=400 * mills
    )
    results = _run([Plan(pg_url, w, 100, policy) for w in range(WORKERS)])
    admin = create_engine_for(pg_url)
    try:
        (period,) = _rows(admin, budget_periods)
        reservations = sorted(_rows(admin, budget_reservations), key=lambda r: r["id"])
        alerts = _rows(admin, budget_alerts)
    finally:
        admin.dispose()
    calls = [c for records in results.values() for c in records]
    made = [c for c in calls if c["model"] is not None]
    # exact: settled spend is the sum of the calls' real costs, and never past the hard limit
    assert period["reserved"] == 0
    assert period["settled"] == sum(c["actual"] for c in made)
    assert period["settled"] <= policy.hard
    assert all(c["actual"] <= c["reserved"] for c in made)
    # every call made had its own reservation, and every reservation belongs to a call made
    assert sorted(c["reservation"] for c in made) == [r["id"] for r in reservations]
    assert all(r["state"] == "settled" for r in reservations)
    # the budget ran out: the expensive model, then the cheaper one, then humans, in that order
    reasons = Counter((c["model"], c["reason"]) for c in calls)
    assert set(reasons) == {
        (PRIMARY, None),
        (CHEAPER, "budget_degraded"),
        (None, "budget_exhausted"),
    }, (reasons, period)
    lanes = [r["lane"] for r in reservations]
    assert lanes == sorted(lanes)  # in the store's own order: no gpt-4o after the first gpt-4o-mini
    rank = {PRIMARY: 0, CHEAPER: 1, None: 2}
    for records in results.values():
        steps = [rank[c["model"]] for c in records]
        assert steps == sorted(steps)
    # every alert exactly once, however many workers crossed the line
    assert sorted(a["kind"] for a in alerts) == ["degraded", "exhausted", "soft_limit"]


def test_store_down_mid_run_no_call_without_a_reservation(pg_url: str) -> None:
    policy = BudgetPolicy(budget=100 * UNIT, soft=80 * UNIT, degrade=95 * UNIT, hard=100 * UNIT)
    proxy = TcpProxy(("127.0.0.1", 5432))
    via_proxy = pg_url.replace("127.0.0.1:5432", f"127.0.0.1:{proxy.port}")
    try:
        plans = [Plan(via_proxy, w, 20, policy, calls_after_cut=10) for w in range(WORKERS)]
        results = _run(plans, cut=proxy.stop)
    finally:
        proxy.stop()
    admin = create_engine_for(pg_url)
    try:
        held_ids = {r["id"]: r for r in _rows(admin, budget_reservations)}
        calls = [c for records in results.values() for c in records]
        made = [c for c in calls if c["model"] is not None]
        assert all(c["reservation"] in held_ids for c in made)  # no call went unpaid-for
        after = [c for records in results.values() for c in records[21:]]
        assert len(after) == WORKERS * 10
        assert all(c["model"] is None and c["reason"] == "budget_store_unreachable" for c in after)
        in_flight = [c for c in calls if c.get("in_flight")]
        assert len(in_flight) == WORKERS
        assert all(held_ids[c["reservation"]]["state"] == "held" for c in in_flight)  # unsettled
        # the holds expire at their full amount: the ledger never counts less than was spent
        ledger = SqlLedger(admin)
        ledger.expire(
            held_ids[in_flight[0]["reservation"]]["period"], utc_now() + timedelta(days=1)
        )
        (period,) = _rows(admin, budget_periods)
        assert period["reserved"] == 0
        assert sum(c["actual"] for c in made) <= period["settled"] <= policy.hard
    finally:
        admin.dispose()
