"""The HTTP service under 200 concurrent agents: draft and feedback latency, errors, lost events.

Each simulated agent loops: a new ticket arrives from the helpdesk (``POST /api/v1/tickets``,
as the webhook would), the agent opens it (``POST /api/v1/tickets/{id}/draft``: a treatment
ticket is drafted by the extractive drafter, a control ticket is only opened), reads and edits
for a think time, and the reply goes back as a feedback event (``POST /api/v1/events``:
accepted, edited with both texts, rejected, or handled) with an idempotency key; 5% of events
are delivered twice (a retry: must be a duplicate), and 30% of tickets are later resolved and
rated. Against ``ticketpilot serve --workers 4`` (one drafting process per worker:
``--draft-processes``) on SQLite and on PostgreSQL, on loopback.

The floor, in the same run: a bare FastAPI endpoint (``bench/floor_app.py``) on the same
server stack - the same uvicorn, settings and worker count - driven by the same agents with the
same pattern; with ``--write-floor``, per database also that endpoint storing each request by its
idempotency key with a durable commit (the least a stored, idempotent event costs). Printed:
p50/p99 per request kind, errors, events acknowledged vs stored (must be
equal), and our p99 / floor p99. Targets: feedback p99 within 2x the floor, 0 errors, 0 lost
events, draft p99 under the playbook's 1.2 s average latency.

    python bench/service_bench.py                             # 200 agents, 2 min each, both DBs
    python bench/service_bench.py --agents 50 --duration 30 --db sqlite
    python bench/service_bench.py --draft-processes 0          # drafts in the request workers

History: demo tickets (``ticketpilot.demo.generator``, seeded) imported and indexed with the
default embedder once into ``~/.cache/ticketpilot-bench/`` (or ``$TICKETPILOT_BENCH_CACHE``);
each run copies that workspace and starts on a fresh database.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import platform
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import uvloop
from sqlalchemy import create_engine, func, select, text

from ticketpilot.access.service import create_token
from ticketpilot.api.drafters import DraftingSeat
from ticketpilot.charter import charter_template
from ticketpilot.demo.generator import generate
from ticketpilot.demo.service import import_demo
from ticketpilot.drafting.engine import DraftRequest
from ticketpilot.pilot.cohorts import CohortDesign
from ticketpilot.retrieval.service import build_index
from ticketpilot.runtime import build_runtime
from ticketpilot.store.tables import pilot_events, pilot_tickets
from ticketpilot.store.tickets import TicketRepository
from ticketpilot.workspace import create_workspace

CACHE = Path(os.environ.get("TICKETPILOT_BENCH_CACHE", "~/.cache/ticketpilot-bench")).expanduser()
POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
SALT = "service-bench"
FEEDBACK_KINDS = ("accepted", "edited", "rejected", "handled", "resolved", "rated")
BENCH_DIR = Path(__file__).resolve().parent
SERVE = [sys.executable, "-c", "from ticketpilot.cli.app import main; main()", "serve"]
KEEPALIVE_S = 4.0  # uvicorn's timeout_keep_alive is 5 s


def bench_charter() -> str:
    """The template charter: half the tickets treated, half control, a fixed salt."""
    text_ = charter_template()
    for old, new in {"cohort_share = 0.10": "cohort_share = 0.5",
                     "# control_share = 0.10": "control_share = 0.5",
                     'salt = "change-me"': f'salt = "{SALT}"'}.items():  # fmt: skip
        text_ = text_.replace(old, new, 1)
    return text_


def base_workspace(history: int) -> Path:
    """Demo history imported and indexed once (default embedder), reused by later runs."""
    folder = CACHE / f"service-n{history}-v1"
    root = folder / "ws"
    if (root / "index" / "manifest.json").exists():
        return root
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    started = time.perf_counter()
    create_workspace(root, bench_charter())
    runtime = build_runtime(root, environ={})
    try:
        import_demo(runtime, generate(folder / "demo-data", tickets=history, seed=7), None)
        build_index(runtime)
    finally:
        runtime.close()
    print(f"history: {history:,} demo tickets imported and indexed in "
          f"{time.perf_counter() - started:.0f} s into {folder}")  # fmt: skip
    return root


@dataclass(frozen=True)
class Incoming:
    """A ticket as the helpdesk sends it, with the arm the design will give it."""

    body: dict[str, Any]
    arm: str


def prime_replies(base: Path, texts: list[dict[str, Any]]) -> None:
    """Draft every text the agents will send once, through the service's own drafting seat, so
    the past replies those drafts rank are in the index's embedding cache: the state of a
    service that has been drafting for a while. A fresh deployment embeds each reply once, on
    the first draft that retrieves it (``--cold`` measures that). Drafting, not embedding the
    replies here, keeps the cache's keys the engine's own (masked as the index masks them, and
    stripped of masks and mentions): v1 embedded the raw replies, which the engine never asks
    for, and about one reply in five was still embedded during the measured runs."""
    marker = base / "index" / "replies-primed-v2"
    if marker.exists():
        return
    started = time.perf_counter()
    runtime = build_runtime(base, environ={})
    seat = DraftingSeat(runtime)
    try:
        for sample in texts:
            seat.draft(DraftRequest(text=sample["body"], subject=sample["subject"],
                                    category=sample["category"]))  # fmt: skip
    finally:
        seat.close()
        runtime.close()
    marker.write_text("primed\n", encoding="utf-8")
    print(
        f"primed the replies of {len(texts):,} drafts' candidates in "
        f"{time.perf_counter() - started:.0f} s"
    )


def incoming(base: Path, limit: int = 3000) -> list[dict[str, Any]]:
    """Customer texts to send as new tickets (subject, body, category of stored history)."""
    runtime = build_runtime(base, environ={})
    try:
        out = []
        for ticket in TicketRepository(runtime.engine).iter_tickets(batch_size=1000):
            message = ticket.customer_message()
            if message:
                out.append({"subject": ticket.subject[:200], "body": message[:4000],
                            "category": ticket.category})  # fmt: skip
            if len(out) >= limit:
                break
        return out
    finally:
        runtime.close()


def ticket_stream(texts: list[dict[str, Any]], run: str) -> Iterator[Incoming]:
    """Endless new tickets, all in the pilot (half treatment, half control by the hash)."""
    design = CohortDesign(SALT, 0.5, 0.5)
    for n, sample in enumerate(itertools.cycle(texts)):
        ticket_id = f"{run}-{n:07d}"
        yield Incoming({"id": ticket_id, **sample, "source": "bench"}, design.arm(ticket_id))


@dataclass
class Tally:
    """What the agents saw: latencies by request kind (ms), errors, acknowledgements."""

    latencies: dict[str, list[float]] = field(default_factory=dict)
    details: dict[str, list[float]] = field(default_factory=dict)  # feedback by event kind
    errors: Counter[str] = field(default_factory=Counter)
    acked: int = 0  # feedback events answered 201 (stored)
    ingested: int = 0  # tickets answered 201 (new)
    double_counted: int = 0  # a retried event answered "stored" again
    recording: bool = False
    requests: int = 0
    seconds: float = float("nan")  # the measured span

    def add(self, kind: str, ms: float, detail: str | None = None) -> None:
        self.requests += 1
        if self.recording:
            self.latencies.setdefault(kind, []).append(ms)
            if detail:
                self.details.setdefault(detail, []).append(ms)


class Agents:
    """The simulated agents against one server (``floor``: every request goes to ``/floor``)."""

    def __init__(self, base: str, tickets: Iterator[Incoming], lead: str, agents: list[str],
                 args: argparse.Namespace, *, floor: str | None = None) -> None:  # fmt: skip
        self.base, self.tickets, self.args = base, tickets, args
        self.floor, self.floor_path = floor is not None, floor or ""
        self.lead = {"Authorization": f"Bearer {lead}"}
        self.agents = [{"Authorization": f"Bearer {t}"} for t in agents]
        self.tally = Tally()

    async def request(self, client: httpx.AsyncClient, kind: str, path: str, body: dict[str, Any],
                      headers: dict[str, str], ok: tuple[int, ...],
                      detail: str | None = None) -> httpx.Response | None:  # fmt: skip
        if self.floor:  # the floor keeps only the idempotency key
            path, headers = (
                self.floor_path,
                {k: v for k, v in headers.items() if k == "Idempotency-Key"},
            )
        started = time.perf_counter()
        try:
            response = await client.post(path, json=body, headers=headers)
        except httpx.HTTPError as error:
            self.tally.errors[f"{kind}: {type(error).__name__}"] += 1
            return None
        self.tally.add(kind, (time.perf_counter() - started) * 1000, detail)
        if response.status_code not in ok and not (self.floor and response.is_success):
            self.tally.errors[f"{kind}: HTTP {response.status_code}"] += 1
            return None
        return response

    async def agent(self, client: httpx.AsyncClient, number: int, stop_at: float) -> None:
        rng = random.Random(number)
        me = self.agents[number % len(self.agents)]
        await asyncio.sleep(rng.uniform(0, self.args.think_max))  # agents do not start in step
        while time.monotonic() < stop_at:
            ticket = next(self.tickets)
            ticket_id = ticket.body["id"]
            made = await self.request(client, "ingest", "/api/v1/tickets", ticket.body, self.lead,
                                      (201,))  # fmt: skip
            if made is None:
                continue
            self.tally.ingested += 1
            kind = "draft" if ticket.arm == "treatment" else "open (control)"
            shown = await self.request(client, kind, f"/api/v1/tickets/{ticket_id}/draft", {},
                                       me, (200,))  # fmt: skip
            await asyncio.sleep(rng.uniform(self.args.think_min, self.args.think_max))
            draft = shown.json() if shown is not None and not self.floor else {}
            event = self.reply(rng, ticket_id, draft)
            await self.feedback(client, me, event, f"{ticket_id}:reply", rng)
            if rng.random() < 0.3:
                for extra in ({"kind": "resolved", "ticket_id": ticket_id},
                              {"kind": "rated", "ticket_id": ticket_id, "score": rng.randint(1, 5)}):  # fmt: skip
                    await self.feedback(client, me, extra, f"{ticket_id}:{extra['kind']}", rng)

    @staticmethod
    def reply(rng: random.Random, ticket_id: str, draft: dict[str, Any]) -> dict[str, Any]:
        """The agent's reply event: accept, edit or reject a draft; handle without one."""
        if draft.get("outcome") != "draft" or not draft.get("text"):
            return {"kind": "handled", "ticket_id": ticket_id}
        roll = rng.random()
        if roll < 0.55:
            return {"kind": "accepted", "ticket_id": ticket_id}
        if roll < 0.9:
            sent = draft["text"].replace("the", "our", 2) + "\nThanks for your patience."
            return {"kind": "edited", "ticket_id": ticket_id, "draft_text": draft["text"],
                    "sent_text": sent}  # fmt: skip
        return {"kind": "rejected", "ticket_id": ticket_id}

    async def feedback(self, client: httpx.AsyncClient, me: dict[str, str], event: dict[str, Any],
                       key: str, rng: random.Random) -> None:  # fmt: skip
        headers = {**me, "Idempotency-Key": key}
        detail = event["kind"] if event["kind"] in ("resolved", "rated") else "reply"
        answer = await self.request(client, "feedback", "/api/v1/events", event, headers, (201,),
                                    detail)  # fmt: skip
        if answer is None:
            return
        self.tally.acked += 1
        if rng.random() < 0.05:  # the helpdesk retries a delivery it thinks was lost
            again = await self.request(client, "feedback", "/api/v1/events", event, headers,
                                       (200, 201), "retried")  # fmt: skip
            if again is not None and again.status_code == 201 and not self.floor:
                self.tally.double_counted += 1

    async def run(self) -> Tally:
        # an idle connection is dropped by the client before uvicorn closes it (5 s): reusing one
        # the server is closing at that moment resets it (a ReadError that no server caused)
        limits = httpx.Limits(max_connections=self.args.agents + 8,
                              max_keepalive_connections=self.args.agents + 8,
                              keepalive_expiry=KEEPALIVE_S)  # fmt: skip
        async with httpx.AsyncClient(base_url=self.base, timeout=120, limits=limits) as client:
            start = time.monotonic()
            stop_at = start + self.args.warmup + self.args.duration
            tasks = [asyncio.create_task(self.agent(client, n, stop_at))
                     for n in range(self.args.agents)]  # fmt: skip
            await asyncio.sleep(self.args.warmup)
            self.tally.recording = True
            measured = time.monotonic()
            await asyncio.gather(*tasks)
            self.tally.seconds = time.monotonic() - measured
        return self.tally


def _wait_ready(base: str, process: subprocess.Popen[bytes], path: str) -> None:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            if httpx.get(base + path, timeout=5).status_code in (200, 405):
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"server at {base} not ready")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def server(command: list[str], env: dict[str, str], ready: str, log: Path) -> Iterator[str]:
    port = _free_port()
    with open(log, "wb") as out:
        process = subprocess.Popen([*command, "--port", str(port)], env={**os.environ, **env},
                                   stdout=out, stderr=subprocess.STDOUT)  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_ready(base, process, ready)
            yield base
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


@contextmanager
def database(kind: str) -> Iterator[dict[str, str]]:
    """The environment naming a fresh database: the workspace's SQLite, or a new PG schema."""
    if kind == "sqlite":
        yield {}
        return
    schema = f"svcbench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(POSTGRES)
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        yield {"TICKETPILOT_DATABASE_URL": f"{POSTGRES}?options=-csearch_path%3D{schema}"}
    finally:
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def run_service(kind: str, base: Path, texts: list[dict[str, Any]], args: argparse.Namespace,
                tmp: Path) -> tuple[Tally, dict[str, int]]:  # fmt: skip
    root = tmp / f"ws-{kind}"
    ignore = ["ticketpilot.db*", *(["embedding-cache.sqlite*"] if args.cold else [])]
    shutil.copytree(base, root, ignore=shutil.ignore_patterns(*ignore))
    with database(kind) as env:
        runtime = build_runtime(root, environ=env)
        lead = create_token(runtime, role="lead", name="helpdesk").token
        agents = [create_token(runtime, role="agent", name=f"agent-{n:03d}").token
                  for n in range(args.agents)]  # fmt: skip
        command = [*SERVE, "--workspace", str(root), "--workers", str(args.workers),
                   "--draft-processes", str(args.draft_processes), "--log-level", "warning",
                   *(["--draft-nice", str(args.draft_nice)] if args.draft_nice is not None else [])]  # fmt: skip
        with server(command, env, "/readyz", tmp / f"serve-{kind}.log") as url:
            load = Agents(url, ticket_stream(texts, kind), lead, agents, args)
            tally = uvloop.run(load.run())
        with runtime.engine.connect() as connection:
            stored = connection.execute(select(func.count()).select_from(pilot_events)
                                        .where(pilot_events.c.kind.in_(FEEDBACK_KINDS))).scalar_one()  # fmt: skip
            tickets = connection.execute(
                select(func.count()).select_from(pilot_tickets)
            ).scalar_one()
        runtime.close()
    return tally, {"events_stored": int(stored), "tickets_stored": int(tickets)}


def run_floor(texts: list[dict[str, Any]], args: argparse.Namespace, tmp: Path,
              db: str | None = None) -> Tally:  # fmt: skip
    """The bare endpoint; with ``db``, the one that stores each request durably by key there."""
    command = [sys.executable, "-m", "uvicorn", "floor_app:app", "--app-dir", str(BENCH_DIR),
               "--host", "127.0.0.1", "--workers", str(args.workers), "--log-level", "warning",
               "--no-access-log", "--no-server-header", "--no-proxy-headers"]  # fmt: skip
    if db is None:
        with server(command, {}, "/floor", tmp / "floor.log") as url:
            load = Agents(url, ticket_stream(texts, "floor"), "", [""], args, floor="/floor")
            return uvloop.run(load.run())
    with database(db) as env:
        url_ = env.get("TICKETPILOT_DATABASE_URL") or f"sqlite:///{tmp / 'floor-write.db'}"
        engine = create_engine(url_)
        with engine.begin() as connection:
            connection.execute(text("CREATE TABLE floor_events "
                                    "(key TEXT PRIMARY KEY, payload TEXT NOT NULL)"))  # fmt: skip
        engine.dispose()
        target = url_.removeprefix("sqlite:///")
        with server(
            command, {"FLOOR_DATABASE_URL": target}, "/floor", tmp / f"floor-{db}.log"
        ) as url:
            load = Agents(
                url, ticket_stream(texts, f"fw-{db}"), "", [""], args, floor="/floor-write"
            )
            return uvloop.run(load.run())


def _pct(values: list[float], q: float) -> float:
    return float(np.percentile(values, q)) if values else float("nan")


def report(name: str, tally: Tally, stored: dict[str, int] | None) -> None:
    seconds = tally.seconds
    total = sum(len(v) for v in tally.latencies.values())
    print(f"\n== {name}: {total:,} requests measured in {seconds:.0f} s ({total / seconds:,.0f}/s)")
    for kind, values in sorted(tally.latencies.items()):
        print(f"  {kind:16s} n {len(values):6,}  p50 {_pct(values, 50):8.1f} ms  "
              f"p99 {_pct(values, 99):8.1f} ms  max {max(values):8.1f} ms")  # fmt: skip
        if kind == "feedback":
            for detail, part in sorted(tally.details.items()):
                print(f"    {detail:14s} n {len(part):6,}  p50 {_pct(part, 50):8.1f} ms  "
                      f"p99 {_pct(part, 99):8.1f} ms  max {max(part):8.1f} ms")  # fmt: skip
    errors = sum(tally.errors.values())
    print(f"  errors: {errors}" + (f" ({dict(tally.errors)})" if errors else ""))
    if stored is not None:
        lost = tally.acked - stored["events_stored"]
        print(f"  events acknowledged {tally.acked:,}, stored {stored['events_stored']:,} "
              f"(lost {lost}); retries answered 'stored' again: {tally.double_counted}; "
              f"tickets acknowledged {tally.ingested:,}, stored {stored['tickets_stored']:,}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--agents", type=int, default=200)
    parser.add_argument("--duration", type=float, default=120.0, help="measured seconds per run")
    parser.add_argument("--warmup", type=float, default=10.0, help="unmeasured seconds first")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--draft-processes", type=int, default=1,
                        help="drafting processes per worker (serve's option; 0: in the worker)")  # fmt: skip
    parser.add_argument("--draft-nice", type=int, default=None,
                        help="their lower CPU priority (serve's option; default: serve's)")  # fmt: skip
    parser.add_argument("--db", default="sqlite,postgres")
    parser.add_argument("--history", type=int, default=1500, help="demo tickets indexed")
    parser.add_argument("--think-min", type=float, default=10.0, help="seconds reading/editing")
    parser.add_argument("--think-max", type=float, default=30.0)
    parser.add_argument("--no-floor", action="store_true", help="skip the floor (comparisons)")
    parser.add_argument("--write-floor", action="store_true",
                        help="also the floor that stores each request durably by key, per DB")  # fmt: skip
    parser.add_argument("--cold", action="store_true",
                        help="no embedding cache: every past reply embedded on first use")  # fmt: skip
    args = parser.parse_args()
    load = os.getloadavg()
    print(f"machine: {platform.node()}, {os.cpu_count()} CPUs, load average {load[0]:.1f} "
          f"{load[1]:.1f} {load[2]:.1f}, Python {platform.python_version()}; {args.agents} agents, "
          f"{args.workers} workers x {args.draft_processes} drafting processes "
          f"(nice {'default' if args.draft_nice is None else args.draft_nice}), "
          f"think {args.think_min:g}-{args.think_max:g} s, "
          f"{args.duration:g} s measured after {args.warmup:g} s warm-up"
          + (", cold embedding cache" if args.cold else ", past replies' vectors primed"))  # fmt: skip
    base = base_workspace(args.history)
    texts = incoming(base)
    if not args.cold:
        prime_replies(base, texts)
    CACHE.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="tp-service-", dir=CACHE) as folder:
        tmp = Path(folder)
        floor_p99 = float("nan")
        if not args.no_floor:
            floor = run_floor(texts, args, tmp)
            floor_p99 = _pct([v for values in floor.latencies.values() for v in values], 99)
            report("floor: bare FastAPI endpoint, same uvicorn and workers", floor, None)
        for kind in [k.strip() for k in args.db.split(",") if k.strip()]:
            write_p99 = float("nan")
            if args.write_floor:
                written = run_floor(texts, args, tmp, kind)
                write_p99 = _pct(written.latencies.get("feedback", []), 99)
                report(
                    f"write floor on {kind}: + one durable insert-or-ignore by key", written, None
                )
            tally, stored = run_service(kind, base, texts, args, tmp)
            feedback_p99 = _pct(tally.latencies.get("feedback", []), 99)
            draft_p99 = _pct(tally.latencies.get("draft", []), 99)
            report(f"ticketpilot serve on {kind}", tally, stored)
            print(f"  feedback p99 / floor p99 = {feedback_p99:.1f} / {floor_p99:.1f} ms = "
                  f"{feedback_p99 / floor_p99:.2f}x (target <= 2x); draft p99 {draft_p99:.0f} ms "
                  f"(target < 1,200 ms)")  # fmt: skip
            if args.write_floor:
                print(f"  feedback p99 / write floor p99 = {feedback_p99:.1f} / {write_p99:.1f} ms "
                      f"= {feedback_p99 / write_p99:.2f}x")  # fmt: skip
    load = os.getloadavg()
    print(f"\nload average after: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")


if __name__ == "__main__":
    main()
