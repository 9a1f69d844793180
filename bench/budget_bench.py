"""Budget guardrail overhead per request: reserve + settle on SQLite, PostgreSQL and Redis.

Each request is what the drafting engine does around a paid call: build the request, call the
model, record it. The model is a stand-in that answers at once (a real one takes 1-2 s, which
would hide the guard), so what is left is the guard's own cost: counting the prompt's tokens
with the model's tokenizer, the reservation (one durable transaction or one Lua script), and
the settle. Guarded and unguarded requests alternate in the same run; the figure is the paired
difference, p50/p99, against the 2 ms p99 target. The floor of a durable commit on the same
store (one ``UPDATE`` committed, PostgreSQL's ``synchronous_commit`` on) is measured too: on a
disk with slow fsync that floor, not the guard, decides the PostgreSQL figure.

    python bench/budget_bench.py                       # all three stores, 2,000 requests each
    python bench/budget_bench.py --n 500 --stores sqlite,redis
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import redis
from sqlalchemy import create_engine, text

from ticketpilot.cost.guard import BudgetGuard
from ticketpilot.cost.guardrails import BudgetPolicy
from ticketpilot.cost.ledger import Ledger
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


def measure(ledger: Ledger, n: int) -> dict[str, float]:
    """Alternate unguarded and guarded requests; milliseconds per request."""
    big = 10**6 * 10**9
    guard = BudgetGuard(
        BudgetPolicy(budget=big, soft=big, degrade=big, hard=big), ledger, load_price_table(),
        [MODEL], clock=utc_now,
    )  # fmt: skip
    model = StandIn(count_messages(_request().messages, MODEL))
    plain, guarded = [], []
    for i in range(n + 50):
        started = time.perf_counter()
        request = _request()
        model.generate(request)
        middle = time.perf_counter()
        request = _request()
        admission = guard.admit(request, model)  # type: ignore[arg-type]
        assert admission.provider is model, admission.reason
        guard.settle(admission, model.generate(request))
        done = time.perf_counter()
        if i >= 50:  # warm-up: connections, the tokenizer, prepared statements
            plain.append((middle - started) * 1000)
            guarded.append((done - middle) * 1000)
    added = np.asarray(guarded) - np.asarray(plain)
    return {
        "plain_p50": float(np.percentile(plain, 50)),
        "plain_p99": float(np.percentile(plain, 99)),
        "guarded_p50": float(np.percentile(guarded, 50)),
        "guarded_p99": float(np.percentile(guarded, 99)),
        "added_p50": float(np.percentile(added, 50)),
        "added_p95": float(np.percentile(added, 95)),
        "added_p99": float(np.percentile(added, 99)),
    }


def commit_floor(run: Callable[[], None], n: int = 300) -> float:
    """Median milliseconds of one durable single-row write on the store."""
    times = []
    for _ in range(n):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


@contextmanager
def sqlite_store() -> Iterator[tuple[Ledger, Callable[[], None]]]:
    with tempfile.TemporaryDirectory() as folder:
        engine = create_engine_for(f"sqlite:///{Path(folder) / 'bench.db'}")
        migrate(engine)
        with engine.begin() as c:
            c.execute(text("CREATE TABLE floor (id INTEGER PRIMARY KEY, n INTEGER)"))
            c.execute(text("INSERT INTO floor VALUES (1, 0)"))

        def floor() -> None:
            with engine.begin() as c:
                c.execute(text("UPDATE floor SET n = n + 1 WHERE id = 1"))

        yield SqlLedger(engine), floor
        engine.dispose()


@contextmanager
def postgres_store() -> Iterator[tuple[Ledger, Callable[[], None]]]:
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(POSTGRES)
    with admin.begin() as c:
        c.execute(text(f"CREATE SCHEMA {schema}"))
    engine = create_engine_for(f"{POSTGRES}?options=-csearch_path%3D{schema}")
    try:
        migrate(engine)
        with engine.begin() as c:
            c.execute(text("CREATE TABLE floor (id INTEGER PRIMARY KEY, n INTEGER)"))
            c.execute(text("INSERT INTO floor VALUES (1, 0)"))

        def floor() -> None:
            with engine.begin() as c:
                c.execute(text("UPDATE floor SET n = n + 1 WHERE id = 1"))

        yield SqlLedger(engine), floor
    finally:
        engine.dispose()
        with admin.begin() as c:
            c.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


@contextmanager
def redis_store() -> Iterator[tuple[Ledger, Callable[[], None]]]:
    prefix = f"bench-{uuid.uuid4().hex[:8]}:"
    ledger = RedisLedger(REDIS, prefix=prefix)
    client = redis.Redis.from_url(REDIS)

    def floor() -> None:
        client.incr(f"{prefix}floor")

    try:
        yield ledger, floor
    finally:
        keys = list(client.scan_iter(f"{prefix}*"))
        if keys:
            client.delete(*keys)
        client.close()
        ledger.close()


STORES = {"sqlite": sqlite_store, "postgres": postgres_store, "redis": redis_store}


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
    header = ("store", "no guard p50/p99", "guarded p50/p99", "added p50", "added p95", "added p99",
              "durable write floor", "ratio p99", "target")  # fmt: skip
    print(" | ".join(header))
    for name in args.stores.split(","):
        with STORES[name]() as (ledger, floor):
            figures = measure(ledger, args.n)
            base = commit_floor(floor)
        ratio = figures["guarded_p99"] / figures["plain_p99"]
        verdict = "met" if figures["added_p99"] < 2.0 else "missed"
        print(
            f"{name} | {figures['plain_p50']:.3f}/{figures['plain_p99']:.3f} | "
            f"{figures['guarded_p50']:.3f}/{figures['guarded_p99']:.3f} | "
            f"{figures['added_p50']:.3f} | {figures['added_p95']:.3f} | "
            f"{figures['added_p99']:.3f} | {base:.3f} | "
            f"{ratio:,.0f}x | < 2 ms p99 added: {verdict}"
        )


if __name__ == "__main__":
    main()
