"""``ticketpilot drift`` over a real workspace: generated history through the real importers, a
hashing-embedder index, feedback from the draft log or handed in, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import insert
from typer.testing import CliRunner

from ticketpilot.cli.app import app
from ticketpilot.demo.generator import DemoResult, generate
from ticketpilot.demo.service import fresh_workspace, import_demo
from ticketpilot.monitor.frame import FeedbackFrame, day_date
from ticketpilot.monitor.scenario import FeedbackScenario
from ticketpilot.monitor.service import feedback_from_store, run_drift
from ticketpilot.retrieval.service import build_index
from ticketpilot.runtime import Runtime, build_runtime
from ticketpilot.store.drift_alerts import DriftAlerts
from ticketpilot.store.tables import drafts, replays

runner = CliRunner()
TICKETS = 1500


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> DemoResult:
    return generate(tmp_path_factory.mktemp("demo"), tickets=TICKETS, seed=5)


@pytest.fixture
def workspace(tmp_path: Path, db_url: str, history: DemoResult) -> Iterator[Runtime]:
    ws = fresh_workspace(tmp_path / "ws")
    runtime = build_runtime(ws, environ={"TICKETPILOT_DATABASE_URL": db_url})
    import_demo(runtime, history, None)
    build_index(runtime, embedder="hashing")
    runtime.indexes.close()
    yield runtime
    runtime.close()


def _draft_rows(frame: FeedbackFrame, replay_id: int | None = None) -> list[dict[str, object]]:
    common = {
        "reasons": [],
        "flags": [],
        "provider": "extractive",
        "model": "extractive",
        "input_tokens": 0,
        "output_tokens": 0,
        "latency_ms": 1.0,
        "retrieval_ms": 1.0,
        "generation_ms": 0.0,
        "attempts": 1,
        "citations": [],
        "checks": [],
    }
    return [
        {
            **common,
            "created_at": datetime.combine(day_date(int(d)), datetime.min.time())
            + timedelta(hours=12),
            "ticket_id": None,
            "replay_id": replay_id,
            "outcome": "draft" if ok else "fallback",
            "prompt_version": frame.prompts[p],
        }
        for d, p, ok in zip(frame.day, frame.prompt, frame.accepted, strict=True)
    ]


def test_drift_runs_every_detector_stores_alerts_once_and_reads_the_texts(
    workspace: Runtime,
) -> None:
    frame = FeedbackScenario(drift_day=60, days=100).simulate(1, seed=3).frame(0)
    report = run_drift(workspace, feedback=frame)
    by_name = {v.detector: v for v in report.verdicts}
    assert list(by_name) == [
        "acceptance_drop",
        "quality_by_segment",
        "category_mix",
        "new_topics",
        "topic_shift",
        "embedding_drift",
    ]
    drop = by_name["acceptance_drop"]
    assert drop.status == "drift" and drop.alerts[0].details["category"] == "technical_issue"
    assert by_name["category_mix"].n == TICKETS
    assert by_name["new_topics"].n == TICKETS and by_name["new_topics"].status != "skipped"
    assert (
        "hashing" in report.sources["texts"]
        and f"{len(frame):,} events" in report.sources["feedback"]
    )
    stored = DriftAlerts(workspace.engine).count()
    assert stored == len({a.fingerprint for v in report.verdicts for a in v.alerts}) > 0
    assert len(report.new_alerts) == stored
    json.dumps(report.as_dict())
    again = run_drift(workspace, feedback=frame, texts=False)  # the feedback alerts again
    assert again.new_alerts == () and DriftAlerts(workspace.engine).count() == stored
    assert {a.fingerprint for a in again.verdicts[0].alerts} <= {
        f"{a.detector}|{a.subject}|{a.started:%Y-%m-%d}" for a in again.alerts if a.started
    }


def test_feedback_comes_from_live_drafts_else_the_latest_replay(workspace: Runtime) -> None:
    assert len(feedback_from_store(workspace)) == 0
    with workspace.engine.begin() as connection:
        replay = connection.execute(
            insert(replays).values(started_at=datetime(2025, 1, 1), sample=2)
        ).inserted_primary_key[0]
        ticket_rows = [
            {**row, "ticket_id": "10001"}
            for row in _draft_rows(
                FeedbackFrame.from_labels([0, 0], [None, None], ["v1", "v1"], [True, False]), replay
            )
        ]
        connection.execute(insert(drafts), ticket_rows)
    replayed = feedback_from_store(workspace)
    assert len(replayed) == 2 and "replay" in replayed.measure
    assert day_date(int(replayed.day[0])).year == 2024  # dated by the ticket, not the replay
    live = FeedbackFrame.from_labels(
        [day_number_of(date(2025, 2, 1))] * 3, [None] * 3, ["v2"] * 3, [True, True, False]
    )
    with workspace.engine.begin() as connection:
        connection.execute(insert(drafts), _draft_rows(live))
    frame = feedback_from_store(workspace)
    assert len(frame) == 3 and frame.accepted.tolist() == [True, True, False]
    assert "live drafts" in frame.measure and "not a human fallback" in frame.measure
    assert frame.categories == ("untagged",) and frame.prompts == ("v2",)


def day_number_of(day: date) -> int:
    return day.toordinal() - date(1970, 1, 1).toordinal()


def test_cli_prints_each_verdict_with_its_method_and_lists_alerts(
    workspace: Runtime, db_url: str
) -> None:
    rng = np.random.default_rng(1)
    days = np.repeat(np.arange(45) + day_number_of(date(2025, 3, 3)), 120)
    rate = np.where(days >= day_number_of(date(2025, 4, 7)), 0.35, 0.7)
    frame = FeedbackFrame.from_labels(
        days, [None] * len(days), ["reply-v1"] * len(days), rng.random(len(days)) < rate
    )
    with workspace.engine.begin() as connection:
        connection.execute(insert(drafts), _draft_rows(frame))
    env = {"TICKETPILOT_DATABASE_URL": db_url}
    ws = str(workspace.workspace.root)
    result = runner.invoke(app, ["drift", "-w", ws, "--no-texts"], env=env)
    assert result.exit_code == 1, result.output  # drift now
    text = " ".join(result.output.split())
    for name in ("acceptance_drop", "quality_by_segment", "category_mix", "new_topics"):
        assert name in text
    assert text.count("method:") == 6 and text.count("false alarms:") == 6
    assert "acceptance fell, from 2025-04-0" in text  # the drop came on 2025-04-07
    assert "texts: not read" in text
    assert "Stored drift alerts" in text
    as_json = runner.invoke(app, ["drift", "-w", ws, "--json", "--no-texts"], env=env)
    payload = json.loads(as_json.stdout)
    assert payload["new_alerts"] == []
    assert payload["alerts"][0]["detector"] in {
        "acceptance_drop",
        "quality_by_segment",
        "category_mix",
    }
    assert {v["status"] for v in payload["verdicts"]} >= {"drift", "skipped"}
