"""The pilot on a real workspace: replay -> rehearsal -> status, and an agent opening tickets.

One workspace per database (300 synthetic tickets through the real importers, indexed with
the real model, a replay of 24 held-out tickets) serves every test in this module.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from ticketpilot.cli.app import app
from ticketpilot.demo.generator import generate
from ticketpilot.demo.service import fresh_workspace, import_demo
from ticketpilot.desk.service import pilot_draft, queue
from ticketpilot.drafting.service import drafting_engine
from ticketpilot.pilot import Handled, edited, levenshtein, pilot_metrics, simulate_pilot
from ticketpilot.pilot.service import (
    cohort_design,
    ingest_ticket,
    pilot_report,
    pilot_settings,
    record_event,
    simulate,
)
from ticketpilot.pilot.simulator import ReplayOutcome
from ticketpilot.replay.service import run_replay
from ticketpilot.retrieval.service import build_index
from ticketpilot.runtime import Runtime, build_runtime
from ticketpilot.store.replay_results import latest_replay_results
from ticketpilot.store.tables import drafts, pilot_events
from ticketpilot.store.tickets import TicketRepository
from ticketpilot.tickets.model import Ticket

runner = CliRunner()
SAMPLE = 24


@pytest.fixture(scope="module")
def workspace(
    tmp_path_factory: pytest.TempPathFactory, module_db_url: str
) -> Iterator[tuple[Runtime, str]]:
    """Built once per database for the module's tests."""
    ws = fresh_workspace(tmp_path_factory.mktemp("pilot") / "ws")
    data = generate(ws / "demo-data", tickets=300, seed=5)
    runtime = build_runtime(ws, environ={"TICKETPILOT_DATABASE_URL": module_db_url})
    import_demo(runtime, data, None)
    build_index(runtime)
    run_replay(runtime, sample=SAMPLE)
    yield runtime, module_db_url
    runtime.close()


def count(runtime: Runtime, table: object, *where: object) -> int:
    query = select(func.count()).select_from(table).where(*where)  # type: ignore[arg-type]
    with runtime.engine.connect() as connection:
        return int(connection.execute(query).scalar_one())


def test_the_replay_keeps_each_tickets_result(workspace: tuple[Runtime, str]) -> None:
    runtime, _ = workspace
    results = latest_replay_results(runtime.engine)
    assert results is not None and len(results.rows) == SAMPLE
    assert results.prompt_version.startswith("reply-v1+")
    delivered = [r for r in results.rows if r.delivered]
    assert delivered and all(r.similarity is not None and r.draft_chars > 0 for r in delivered)
    assert all(r.edit_distance is not None for r in delivered)
    assert all(r.reply_chars > 0 for r in results.rows)
    for row in delivered:  # a Levenshtein distance between the draft and the agent's reply
        assert row.edit_distance is not None
        assert abs(row.draft_chars - row.reply_chars) <= row.edit_distance
        assert row.edit_distance <= max(row.draft_chars, row.reply_chars)
        assert row.similarity is not None and -1.0 <= row.similarity <= 1.0


def test_a_rehearsal_goes_through_the_feedback_service(workspace: tuple[Runtime, str]) -> None:
    runtime, _ = workspace
    start = datetime(2026, 2, 2)
    run = simulate(runtime, days=14, tickets_per_day=120, seed=3, start=start)
    assert run.stored == run.events > 0 and run.duplicates == 0 and run.pool == SAMPLE
    stored = count(runtime, pilot_events, pilot_events.c.pilot == "rehearsal")
    assert stored == run.events
    # the same events in memory give the same figures: the store lost and added nothing
    replay = latest_replay_results(runtime.engine)
    assert replay is not None
    pool = [ReplayOutcome(r.ticket_id, r.category, r.delivered, r.similarity,
                          r.grounding_failed, r.latency_ms, replay.prompt_version, r.reason,
                          r.draft_chars, r.reply_chars, r.edit_distance)
            for r in replay.rows]  # fmt: skip
    design = cohort_design(runtime)
    events = simulate_pilot(pool, design, days=14, tickets_per_day=120, start=start, seed=3)
    memory = pilot_metrics(events, design, pilot_settings(runtime)[0],
                           now=start + timedelta(days=14))  # fmt: skip
    assert run.report.metrics.as_dict() == memory.as_dict()
    overall = run.report.metrics.overall
    assert overall.units["treatment"] > 0 and overall.units["control"] > 0
    assert overall.srm is not None and run.report.status.headline
    assert run.report.pilot == "rehearsal"
    # a second rehearsal replaces the first; the live pilot never sees simulated tickets
    again = simulate(runtime, days=14, tickets_per_day=120, seed=3, start=start)
    assert again.replaced == run.stored and again.stored == run.stored
    live = pilot_report(runtime)
    assert not any(tid.startswith("sim") for tid in live.metrics.by_category)
    assert count(runtime, pilot_events, pilot_events.c.pilot == "rehearsal") == run.events


def pilot_ticket(runtime: Runtime, arm: str, tag: str) -> Ticket:
    """A new ticket, copied from a non-critical history ticket, whose id lands in ``arm``."""
    critical = {c.casefold() for c in runtime.charter.critical.categories}
    source = next(t for t in TicketRepository(runtime.engine).iter_tickets()
                  if t.customer_message() and (t.category or "").casefold() not in critical
                  and t.first_agent_reply() is not None)  # fmt: skip
    design = cohort_design(runtime)
    ticket_id = next(f"live-{tag}-{i}" for i in range(10_000)
                     if design.arm(f"live-{tag}-{i}") == arm)  # fmt: skip
    return Ticket(id=ticket_id, subject=source.subject, body=source.customer_message(),
                  category=source.category, created_at=datetime(2026, 3, 1, 8, 0))  # fmt: skip


def test_an_agent_opens_a_treatment_ticket_drafted_once(workspace: tuple[Runtime, str]) -> None:
    runtime, _ = workspace
    now = [datetime(2026, 3, 1, 9, 0)]
    runtime.clock = lambda: now[0]
    ticket = pilot_ticket(runtime, "treatment", "t")
    assert ingest_ticket(runtime, ticket, source="zendesk").arm == "treatment"
    assert ticket.id in {q.ticket_id for q in queue(runtime, limit=1000) if not q.has_draft}
    before = count(runtime, drafts)
    with drafting_engine(runtime) as engine:
        first = pilot_draft(runtime, engine, ticket.id, agent="ana")
        now[0] += timedelta(seconds=30)
        second = pilot_draft(runtime, engine, ticket.id, agent="ben")
    assert count(runtime, drafts) == before + 1  # drafted once, recorded in the draft log
    assert first.first_view and not first.reused and first.draft_id is not None
    assert not second.first_view and second.reused and second.draft_id == first.draft_id
    assert (second.viewer, second.first_view_at) == ("ana", datetime(2026, 3, 1, 9, 0))
    assert second.text == first.text and first.prompt_version
    presented = count(runtime, pilot_events, pilot_events.c.ticket_id == ticket.id,
                      pilot_events.c.kind.in_(("shown", "withheld")))  # fmt: skip
    assert presented == 1
    item = next(q for q in queue(runtime, limit=1000) if q.ticket_id == ticket.id)
    assert item.has_draft and item.arm == "treatment" and item.viewer == "ana"
    mine = {q.ticket_id for q in queue(runtime, limit=1000, agent="ana")}
    theirs = {q.ticket_id for q in queue(runtime, limit=1000, agent="carl")}
    assert ticket.id in mine and ticket.id not in theirs  # opened by ana: not in carl's queue
    now[0] = datetime(2026, 3, 1, 9, 4, 5)  # the reply goes out 245 s after the first view
    draft = first.text or "no draft"
    sent = record_event(runtime, edited(ticket.id, now[0], draft, draft + " Kind regards.", None),
                        key=f"reply:{ticket.id}", actor="ana")  # fmt: skip
    assert sent.stored and sent.event.seconds == pytest.approx(245.0)  # type: ignore[union-attr]
    assert sent.event.distance == levenshtein(draft, draft + " Kind regards.")  # type: ignore[union-attr]
    assert ticket.id not in {q.ticket_id for q in queue(runtime, limit=1000)}


def test_a_control_ticket_gets_no_draft_but_its_time_counts(
    workspace: tuple[Runtime, str],
) -> None:
    runtime, _ = workspace
    now = [datetime(2026, 3, 1, 10, 0)]
    runtime.clock = lambda: now[0]
    ticket = pilot_ticket(runtime, "control", "c")
    assert ingest_ticket(runtime, ticket, source="zendesk").arm == "control"
    before = count(runtime, drafts)
    with drafting_engine(runtime) as engine:
        view = pilot_draft(runtime, engine, ticket.id, agent="ana")
    assert view.arm == "control" and view.text is None and view.draft_id is None
    assert view.first_view and view.first_view_at == now[0]
    assert count(runtime, drafts) == before
    result = record_event(runtime, Handled(ticket.id, now[0] + timedelta(seconds=61)), key="h1")
    assert result.stored and result.event.seconds == pytest.approx(61.0)  # type: ignore[union-attr]


def test_pilot_cli_simulate_and_status(
    workspace: tuple[Runtime, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    runtime, url = workspace
    monkeypatch.setenv("TICKETPILOT_DATABASE_URL", url)
    ws = str(runtime.workspace.root)
    result = runner.invoke(app, ["pilot", "simulate", "--days", "7", "--tickets-per-day", "60",
                                 "--seed", "1", "--json", "-w", ws])  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["days"] == 7 and data["stored"] == data["events"] > 0
    assert data["report"]["pilot"] == "rehearsal" and data["report"]["status"]["headline"]
    text = runner.invoke(app, ["pilot", "status", "--rehearsal", "-w", ws])
    assert text.exit_code == 0, text.output
    for expected in ("Pilot status (rehearsal", "sample ratio", "always-valid", "95% fixed",
                     "acceptance", "Per prompt version", "Wilson"):  # fmt: skip
        assert expected in text.output
    # laid out for the runner's 80 columns: no cell cut short, every segment named in full
    assert "\u2026" not in text.output
    segments = data["report"]["status_by_category"] | data["report"]["status_by_prompt_version"]
    assert len(data["report"]["status_by_category"]) > 1
    table_lines = text.output.splitlines()
    for name in segments:
        assert any(line.split()[:1] == [name] for line in table_lines), name
    live = runner.invoke(app, ["pilot", "status", "--json", "-w", ws])
    assert live.exit_code == 0 and json.loads(live.output)["pilot"] == "live"


def test_simulate_without_a_replay_says_what_to_run(tmp_path: Path) -> None:
    assert runner.invoke(app, ["init", str(tmp_path / "ws")]).exit_code == 0
    result = runner.invoke(app, ["pilot", "simulate", "-w", str(tmp_path / "ws")])
    assert result.exit_code == 2 and "run `ticketpilot replay` first" in result.output
