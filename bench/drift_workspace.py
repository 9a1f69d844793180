"""A workspace whose live pilot holds N stored feedback events, for ``drift_bench.py``.

The agents' verdicts come from :class:`~ticketpilot.monitor.scenario.FeedbackScenario` (the
playbook's 62% -> 48% drop in ``technical_issue`` with prompt ``reply-v3``), so the drift the
bench times is one the detectors must find. Around each verdict the tickets live as the pilot
service stores them: every treatment ticket is ``assigned`` (with its category), ``shown`` a
draft (prompt version, latency), then ``accepted`` / ``edited`` / ``rejected``, ``resolved``,
sometimes ``flagged`` and ``rated``; about one in ten gets no draft (``withheld``, then
``handled``); the control group, assigned by the charter's own cohort hash, is ``handled``,
``resolved`` and sometimes ``rated``. Rows are written in bulk straight into the two pilot
tables (the service's path takes about a millisecond an event; a million would take a quarter of
an hour), with payloads as the service writes them (``payload_of``).

The workspace is built once per (events, seed, schema) under ``~/.cache/ticketpilot-bench``
and copied for each run, so the bench never writes into the cached one.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import insert

import ticketpilot.store
from ticketpilot.charter import load_charter
from ticketpilot.demo.service import demo_charter
from ticketpilot.monitor.frame import day_date
from ticketpilot.monitor.scenario import FeedbackScenario
from ticketpilot.pilot.cohorts import CohortDesign
from ticketpilot.pilot.events import (
    SEVERITIES,
    Accepted,
    Assigned,
    Edited,
    Flagged,
    Handled,
    PilotEvent,
    Rated,
    Rejected,
    Resolved,
    Shown,
    Withheld,
)
from ticketpilot.pilot.records import Fingerprint, payload_of, prompt_version_of
from ticketpilot.runtime import Runtime, build_runtime
from ticketpilot.store.tables import pilot_events, pilot_tickets
from ticketpilot.workspace import create_workspace

CACHE = Path.home() / ".cache" / "ticketpilot-bench"
DAYS = 182
DRIFT_DAY = 90
#: stored events per verdict, measured on this generator (treatment, withheld and control tickets)
EVENTS_PER_VERDICT = 8.1
WITHHELD_SHARE = 0.1
BATCH = 20_000


@dataclass(frozen=True)
class BenchWorkspace:
    root: Path
    events: int
    verdicts: int
    tickets: int
    now: datetime


def bench_workspace(events: int, seed: int, progress: bool = True) -> BenchWorkspace:
    """A fresh copy of the cached workspace with about ``events`` stored pilot events."""
    key = hashlib.sha256(f"{events}:{seed}:{_schema()}:v1".encode()).hexdigest()[:12]
    cached = CACHE / f"drift-{events}-{key}"
    if not (cached / "DONE").is_file():
        shutil.rmtree(cached, ignore_errors=True)
        _build(cached, events, seed, progress)
    run = CACHE / "run"
    shutil.rmtree(run, ignore_errors=True)
    shutil.copytree(cached, run)
    meta = (run / "DONE").read_text().split()
    return BenchWorkspace(run, int(meta[0]), int(meta[1]), int(meta[2]),
                          datetime.fromisoformat(meta[3]))  # fmt: skip


def _schema() -> str:
    """The newest migration's file name (a new one changes the cached workspace's key)."""
    versions = Path(ticketpilot.store.__file__).parent / "migrations" / "versions"
    return max(p.stem for p in versions.glob("0*.py"))


def scenario_for(events: int) -> FeedbackScenario:
    return FeedbackScenario(
        days=DAYS, drift_day=DRIFT_DAY, events_per_day=events / EVENTS_PER_VERDICT / DAYS
    )


def _build(root: Path, events: int, seed: int, progress: bool) -> None:
    root.mkdir(parents=True)
    create_workspace(root, demo_charter())
    design = CohortDesign.from_charter(load_charter(root / "ticketpilot.toml").pilot)
    scenario = scenario_for(events)
    run = scenario.simulate(1, seed)
    frame = run.frame(0)
    now = datetime.combine(day_date(frame.last_day + 1), datetime.min.time())
    runtime = build_runtime(root, environ={}, clock=lambda: now.replace(tzinfo=UTC))
    rng = np.random.default_rng(seed)
    ids = _ids(design, len(frame), seed)
    stored = tickets = 0
    for done, (ticket_rows, event_rows) in enumerate(_rows(frame, ids, design, rng), start=1):
        _write(runtime, ticket_rows, event_rows)
        stored += len(event_rows)
        tickets += len(ticket_rows)
        if progress and done % 10 == 0:
            print(f"  building the bench workspace: {stored:,} events stored", flush=True)
    runtime.close()
    (root / "DONE").write_text(f"{stored} {len(frame)} {tickets} {now.isoformat()}\n")


def _ids(design: CohortDesign, verdicts: int, seed: int) -> dict[str, list[str]]:
    """Ticket ids by arm, drawn by the charter's own cohort hash."""
    need = {"treatment": int(verdicts / (1 - WITHHELD_SHARE) * 1.05) + 100}
    need["control"] = need["treatment"]
    found: dict[str, list[str]] = {"treatment": [], "control": []}
    i = 0
    while any(len(found[a]) < need[a] for a in found):
        ticket = f"bench{seed}-{i:08d}"
        arm = design.arm(ticket)
        if arm in found and len(found[arm]) < need[arm]:
            found[arm].append(ticket)
        i += 1
    return found


_Rows = tuple[list[dict[str, Any]], list[dict[str, Any]]]


def _rows(
    frame: Any, ids: dict[str, list[str]], design: CohortDesign, rng: np.random.Generator
) -> Iterator[_Rows]:
    fingerprint = Fingerprint.of(design)
    treated, control = iter(ids["treatment"]), iter(ids["control"])
    start = datetime.combine(day_date(frame.first_day), datetime.min.time())
    order = np.argsort(frame.day, kind="stable")
    tickets: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    for row in order:
        day = int(frame.day[row]) - frame.first_day
        category = frame.categories[int(frame.category[row])]
        prompt = frame.prompts[int(frame.prompt[row])]
        verdict = "accepted" if frame.accepted[row] else ("edited" if rng.random() < 0.8
                                                          else "rejected")  # fmt: skip
        at = start + timedelta(days=day, seconds=float(rng.uniform(0, 86_000)))
        if rng.random() < WITHHELD_SHARE / (1 - WITHHELD_SHARE):
            _ticket(next(treated), "treatment", at, category, None, prompt, rng, fingerprint,
                    tickets, events)  # fmt: skip
            _ticket(next(control), "control", at + timedelta(seconds=20), category, None,
                    prompt, rng, fingerprint, tickets, events)  # fmt: skip
        _ticket(next(treated), "treatment", at, category, verdict, prompt, rng, fingerprint,
                tickets, events)  # fmt: skip
        _ticket(next(control), "control", at + timedelta(seconds=30), category, None, prompt,
                rng, fingerprint, tickets, events)  # fmt: skip
        if len(events) >= BATCH:
            yield tickets, events
            tickets, events = [], []
    if events:
        yield tickets, events


def _ticket(
    ticket: str, arm: str, at: datetime, category: str, verdict: str | None, prompt: str,
    rng: np.random.Generator, fingerprint: Fingerprint, tickets: list[dict[str, Any]],
    events: list[dict[str, Any]],
) -> None:  # fmt: skip
    latency = float(rng.lognormal(np.log(180), 0.4))
    seconds = float(rng.lognormal(np.log(240), 0.5))
    sent = at + timedelta(seconds=seconds)
    hours = float(rng.lognormal(np.log(20), 0.8))
    lives: list[PilotEvent] = [Assigned(ticket, at, category)]
    if arm == "treatment" and verdict is not None:
        lives.append(Shown(ticket, at + timedelta(milliseconds=latency), prompt, latency))
        if verdict == "accepted":
            lives.append(Accepted(ticket, sent, seconds))
        elif verdict == "edited":
            distance = int(rng.integers(5, 200))
            lives.append(Edited(ticket, sent, distance, 420, 420 + distance // 3, seconds))
        else:
            lives.append(Rejected(ticket, sent, seconds))
        if rng.random() < 0.02:
            lives.append(Flagged(ticket, sent, SEVERITIES[int(rng.integers(0, 3))]))
    else:
        if arm == "treatment":
            lives.append(Withheld(ticket, at, "low_similarity", False, False, prompt, latency))
        lives.append(Handled(ticket, sent, seconds * 1.3))
    lives.append(Resolved(ticket, sent + timedelta(hours=hours), hours))
    if rng.random() < 0.3:
        lives.append(Rated(ticket, sent + timedelta(hours=hours + 1),
                           float(rng.integers(1, 6))))  # fmt: skip
    replied = sent
    tickets.append({"pilot": "live", "ticket_id": ticket, "arm": arm, "assigned_at": at,
                    "category": category, "source": "bench", "salt_hash": fingerprint.salt_hash,
                    "treatment_share": fingerprint.treatment_share,
                    "control_share": fingerprint.control_share, "replied_at": replied})  # fmt: skip
    for event in lives:
        events.append({"pilot": "live", "idempotency_key": f"{ticket}:{event.kind}",
                       "kind": event.kind, "ticket_id": ticket, "at": event.at,
                       "recorded_at": event.at, "actor": "bench",
                       "prompt_version": prompt_version_of(event),
                       "payload": payload_of(event)})  # fmt: skip


def _write(runtime: Runtime, tickets: list[dict[str, Any]], events: list[dict[str, Any]]) -> None:
    with runtime.engine.begin() as connection:
        connection.execute(insert(pilot_tickets), tickets)
        connection.execute(insert(pilot_events), sorted(events, key=lambda e: e["at"]))
