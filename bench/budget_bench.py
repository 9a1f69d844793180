"""Budget guardrail overhead per request: reserve + settle on SQLite, PostgreSQL and Redis.

Each request is what the drafting engine does around a paid call: build the request, call the
model, record it. The model is a stand-in that answers at once (a real one takes 1-2 s, which
would hide the guard), so what is left is the guard's own cost: counting the prompt's tokens
with the model's tokenizer, the reservation (one durable commit, or one Lua script) and handing
the settle to the guard's thread, which writes it after the response. Each round runs the
request without a guard, the same request guarded, waits (untimed) for that settle, and runs
one durable single-row write on the same store, so all of them meet the same disk and the same
neighbours; the figure is the paired difference, p50/p95/p99, against the 2 ms p99 target. The
write is the floor: the guard cannot take less than the one durable commit its reservation is
(SQLite ``synchronous = FULL``, PostgreSQL ``synchronous_commit`` on; Redis as configured); the
bench prints added p99 minus floor p99, and the settle's own time after the response. A last
row runs the guard over a ledger that does nothing: the part spent in this process (counting
the prompt, the guard's logic).

    python bench/budget_bench.py                       # all three stores, 2,000 requests each
    python bench/budget_bench.py --n 500 --stores sqlite,redis
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import numpy as np
import redis
from sqlalchemy import Engine, create_engine, event, text

from ticketpilot.cost.guard import BudgetGuard
from ticketpilot.cost.guardrails import BudgetPolicy
from ticketpilot.cost.ledger import Hold, Ledger, Reservation
from ticketpilot.cost.prices import load_price_table
from ticketpilot.drafting.providers import ChatMessage, Generation, GenerationRequest
from ticketpilot.drafting.tokens import count_messages
from ticketpilot.runtime import utc_now
from ticketpilot.store import create_engine_for, migrate
from ticketpilot.store.budget import SqlLedger
from ticketpilot.store.budget_redis import RedisLedger

POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
REDIS = "redis://127.0.0.1:6379/15"
MODEL = "gpt-4o-mini"
PROMPT = (
    "You draft replies for a support team. Answer only from the past tickets below.\n"
    + "Customer: my parcel has not arrived after ten days, order <ORDER_1>. " * 60
)


class StandIn:
    """The model: answers at once with the usage a real call would report."""

    name, model = "openai", MODEL

    def __init__(self, prompt_tokens: int) -> None:
        self.prompt_tokens = prompt_tokens

    def generate(self, request: GenerationRequest) -> Generation:
        return Generation(
            "Your parcel is on its way.", MODEL, self.name, self.prompt_tokens, 120, 0.0
        )


def _request() -> GenerationRequest:
    return GenerationRequest([ChatMessage("system", "Be brief."), ChatMessage("user", PROMPT)],
                             max_tokens=400)  # fmt: skip


class NoStore:
    """A ledger that keeps nothing: the guard's cost in this process alone."""

    def reserve(self, hold: Hold) -> Reservation:
        return Reservation(1, hold.period, hold.amount, hold.model, hold.amount)

    def settle(self, reservation: Reservation, actual: int, at: datetime) -> None:
        return None

    def expire(self, period: str, now: datetime) -> int:
        return 0


def measure(ledger: Ledger, floor: Callable[[], None], n: int) -> dict[str, np.ndarray]:
    """Rounds of: the request unguarded, guarded, and one durable write; milliseconds each."""
    big = 10**6 * 10**9
    guard = BudgetGuard(
        BudgetPolicy(budget=big, soft=big, degrade=big, hard=big), ledger, load_price_table(),
        [MODEL], clock=utc_now,
    )  # fmt: skip
    model = StandIn(count_messages(_request().messages, MODEL))
    plain, guarded, behind, writes = [], [], [], []
    for i in range(n + 50):
        started = time.perf_counter()
        request = _request()
        model.generate(request)
        middle = time.perf_counter()
        request = _request()
        admission = guard.admit(request, model)
        assert admission.provider is model, admission.reason
        guard.settle(admission, model.generate(request))
        done = time.perf_counter()
        guard.flush()  # the settle written after the response: not on the request's path
        settled = time.perf_counter()
        floor()
        written = time.perf_counter()
        if i >= 50:  # warm-up: connections, the tokenizer, prepared statements
            plain.append((middle - started) * 1000)
            guarded.append((done - middle) * 1000)
            behind.append((settled - done) * 1000)
            writes.append((written - settled) * 1000)
    guard.close()
    return {
        "plain": np.asarray(plain),
        "guarded": np.asarray(guarded),
        "added": np.asarray(guarded) - np.asarray(plain),
        "behind": np.asarray(behind),
        "write": np.asarray(writes),
    }


def _p(values: np.ndarray, q: float) -> float:
    return float(np.percentile(values, q))


Store = Iterator[tuple[Ledger, Callable[[], None], str]]
UPDATE_FLOOR = text("UPDATE floor SET n = n + 1 WHERE id = 1")


def _floor_table(engine: Engine) -> None:
    with engine.begin() as c:
        c.execute(text("CREATE TABLE floor (id INTEGER PRIMARY KEY, n INTEGER)"))
        c.execute(text("INSERT INTO floor VALUES (1, 0)"))


@contextmanager
def sqlite_store() -> Store:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        engine = create_engine_for(url)
        migrate(engine)
        _floor_table(engine)
        durable = create_engine_for(url)  # the floor: one write committed with the WAL synced
        event.listen(durable, "connect", lambda c, _: c.execute("PRAGMA synchronous = FULL"))

        def floor() -> None:
            with durable.begin() as c:
                c.execute(UPDATE_FLOOR)

        yield SqlLedger(engine), floor, "WAL; reservations and the floor synchronous = FULL"
        durable.dispose()
        engine.dispose()


@contextmanager
def postgres_store() -> Store:
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(POSTGRES)
    with admin.begin() as c:
        c.execute(text(f"CREATE SCHEMA {schema}"))
        settings: dict[str, str] = dict(c.execute(text(
            "SELECT name, setting FROM pg_settings WHERE name IN "
            "('server_version', 'synchronous_commit', 'wal_sync_method')"
        )).all())  # fmt: skip
    engine = create_engine_for(f"{POSTGRES}?options=-csearch_path%3D{schema}")
    autocommit = engine.execution_options(isolation_level="AUTOCOMMIT")
    try:
        migrate(engine)
        _floor_table(engine)

        def floor() -> None:  # one statement, its own transaction, like a reservation
            with autocommit.connect() as c:
                c.execute(UPDATE_FLOOR)

        note = ", ".join(f"{k} {v}" for k, v in sorted(settings.items()))
        yield SqlLedger(engine), floor, note
    finally:
        engine.dispose()
        with admin.begin() as c:
            c.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


@contextmanager
def redis_store() -> Store:
    prefix = f"bench-{uuid.uuid4().hex[:8]}:"
    ledger = RedisLedger(REDIS, prefix=prefix)
    client = redis.Redis.from_url(REDIS)
    persistence = client.config_get("appendonly") | client.config_get("appendfsync")
    version = client.info("server")["redis_version"]

    def floor() -> None:
        client.incr(f"{prefix}floor")

    try:
        note = f"Redis {version}, " + ", ".join(f"{k} {v}" for k, v in persistence.items())
        yield ledger, floor, note
    finally:
        keys = list(client.scan_iter(f"{prefix}*"))
        if keys:
            client.delete(*keys)
        client.close()
        ledger.close()


@contextmanager
def no_store() -> Store:
    yield NoStore(), lambda: None, "the guard over a ledger that does nothing"  # type: ignore[misc]


STORES = {"sqlite": sqlite_store, "postgres": postgres_store, "redis": redis_store}
TARGET_MS = 2.0


def _row(name: str, f: dict[str, np.ndarray]) -> str:
    added99, write99 = _p(f["added"], 99), _p(f["write"], 99)
    if added99 < TARGET_MS:
        verdict = "met"
    elif write99 >= TARGET_MS:
        verdict = f"below the floor: the write alone is {write99:.2f} ms at p99"
    else:
        verdict = "missed"
    return (
        f"{name} | {_p(f['plain'], 50):.3f}/{_p(f['plain'], 99):.3f} | "
        f"{_p(f['guarded'], 50):.3f}/{_p(f['guarded'], 99):.3f} | "
        f"{_p(f['added'], 50):.3f} | {_p(f['added'], 95):.3f} | {added99:.3f} | "
        f"{_p(f['write'], 50):.3f}/{write99:.3f} | {added99 - write99:+.3f} | "
        f"{_p(f['behind'], 50):.3f}/{_p(f['behind'], 99):.3f} | {verdict}"
    )


HEADER = (
    "store", "no guard p50/p99", "guarded p50/p99", "added p50", "added p95", "added p99",
    "floor: durable write p50/p99", "added p99 - floor p99", "settle after the response p50/p99",
    f"< {TARGET_MS:g} ms p99 added",
)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=2_000, help="guarded requests per store")
    parser.add_argument("--stores", default="sqlite,postgres,redis")
    args = parser.parse_args()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"machine: {platform.platform()}, {os.cpu_count()} CPUs, load average {load}, "
          f"Python {platform.python_version()}")  # fmt: skip
    print(f"{args.n:,} requests per store; prompt of {count_messages(_request().messages, MODEL):,} "
          f"tokens ({MODEL}), max_tokens 400; times in ms")  # fmt: skip
    print(" | ".join(HEADER))
    notes = []
    for name in [*args.stores.split(","), "none"]:
        with (STORES.get(name) or no_store)() as (ledger, floor, note):
            print(_row(name, measure(ledger, floor, args.n)), flush=True)
            notes.append(f"{name}: {note}")
    print("\n".join(notes))


if __name__ == "__main__":
    main()
