"""The rehearsal: agents played over the latest replay, fed through the feedback path."""

from __future__ import annotations

import time
from datetime import datetime, timedelta

from ticketpilot.errors import PilotError
from ticketpilot.pilot.results import Rehearsal
from ticketpilot.pilot.service.design import REHEARSAL, cohort_design
from ticketpilot.pilot.service.feedback import record_events
from ticketpilot.pilot.service.report import pilot_report
from ticketpilot.pilot.simulator import (
    AgentModel,
    ReplayOutcome,
    expected_acceptance,
    simulate_pilot,
)
from ticketpilot.runtime import Runtime
from ticketpilot.store.baselines import latest_baseline
from ticketpilot.store.idempotent import write_transaction
from ticketpilot.store.pilot_events import PilotEvents
from ticketpilot.store.pilot_tickets import PilotTickets
from ticketpilot.store.replay_results import ReplayResultRow, latest_replay_results


def simulate(
    runtime: Runtime,
    *,
    days: int | None = None,
    tickets_per_day: float | None = None,
    seed: int = 0,
    start: datetime | None = None,
) -> Rehearsal:
    """Rehearse the pilot over the latest replay's per-ticket results (docs/pilot.md, "The
    simulator's agent model") and report it.

    ``days`` defaults to the charter's ``[pilot] duration_days``; ``tickets_per_day`` (all
    tickets, before the cohort split) to the workspace's volume (declared, else the latest
    baseline's monthly volume / 30.4); ``start`` to ``days`` before today, so the rehearsal
    ends now. The previous rehearsal is replaced; every event goes through
    :func:`record_events` (pilot ``"rehearsal"``), the same path as real feedback.
    """
    started = time.perf_counter()
    replay = latest_replay_results(runtime.engine)
    if replay is None or not replay.rows:
        raise PilotError("no replay with per-ticket results in this workspace: run "
                         "`ticketpilot replay` first (the rehearsal plays agents over it)")  # fmt: skip
    days = days or runtime.charter.pilot.duration_days
    volume, volume_source = _volume(runtime, tickets_per_day)
    if days < 1 or volume <= 0:
        raise PilotError(f"simulate: days ({days}) and tickets per day ({volume:g}) must be > 0")
    day = runtime.clock().replace(hour=0, minute=0, second=0, microsecond=0)
    start = start or day - timedelta(days=days)
    pool = [_outcome(row, replay.prompt_version) for row in replay.rows]
    design = cohort_design(runtime)
    events = simulate_pilot(pool, design, days=days, tickets_per_day=volume, start=start,
                            seed=seed)  # fmt: skip
    with write_transaction(runtime.engine) as connection:
        replaced = PilotEvents(runtime.engine, REHEARSAL).clear(connection)
        PilotTickets(runtime.engine, REHEARSAL).clear(connection)
    results = record_events(runtime, [(e, f"{e.ticket_id}:{e.kind}") for e in events],
                            actor="simulator", pilot=REHEARSAL)  # fmt: skip
    stored = sum(r.stored for r in results)
    report = pilot_report(runtime, pilot=REHEARSAL, now=start + timedelta(days=days))
    return Rehearsal(report, replay.replay_id, len(pool), days, volume, volume_source, seed,
                     start, len(events), stored, len(results) - stored, replaced,
                     expected_acceptance(pool, AgentModel()) if any(o.delivered for o in pool)
                     else 0.0, time.perf_counter() - started)  # fmt: skip


def _outcome(row: ReplayResultRow, prompt_version: str) -> ReplayOutcome:
    """A replay's per-ticket row as the simulator's input (docs/pilot.md)."""
    return ReplayOutcome(
        ticket_id=row.ticket_id, category=row.category, delivered=bool(row.delivered),
        similarity=row.similarity, grounding_failed=bool(row.grounding_failed),
        latency_ms=float(row.latency_ms), prompt_version=prompt_version, reason=row.reason,
        draft_chars=int(row.draft_chars), reply_chars=int(row.reply_chars),
        edit_distance=row.edit_distance,
    )  # fmt: skip


def _volume(runtime: Runtime, given: float | None) -> tuple[float, str]:
    """Tickets per day for a rehearsal, and where the number came from."""
    if given is not None:
        return float(given), "given"
    declared = runtime.charter.baseline.monthly_volume
    if declared:
        return declared / 30.4, f"declared monthly volume {declared:,} / 30.4"
    baseline = latest_baseline(runtime.engine)
    figure = baseline.figures.get("monthly_volume") if baseline else None
    if figure is not None and figure.value:
        return figure.value / 30.4, f"baseline monthly volume {figure.describe()} / 30.4"
    return 100.0, "no volume known: 100 tickets a day assumed"
