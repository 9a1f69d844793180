"""``ticketpilot replay`` on generated history: sampling, baselines, recording, reports.

One workspace (800 synthetic tickets through the real importers, indexed with the real model)
serves every test in this module; each database test replays into its own SQLite file or
PostgreSQL schema by re-importing the same files.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from ticketpilot.cli.app import app
from ticketpilot.demo import service as demo_service
from ticketpilot.demo.generator import generate
from ticketpilot.demo.service import fresh_workspace, import_demo, replay_sample
from ticketpilot.replay.model import SYSTEMS, ReplayReport
from ticketpilot.replay.service import run_replay
from ticketpilot.retrieval.service import build_index
from ticketpilot.runtime import Runtime, build_runtime
from ticketpilot.store.drafts import DraftLog, latest_replay
from ticketpilot.store.tables import tickets

runner = CliRunner()
SAMPLE = 40


@pytest.fixture(scope="module")
def replayed(
    tmp_path_factory: pytest.TempPathFactory, module_db_url: str
) -> Iterator[tuple[Runtime, ReplayReport]]:
    """Built once per database for the module's tests."""
    ws = fresh_workspace(tmp_path_factory.mktemp("replay") / "ws")
    data = generate(ws / "demo-data", tickets=800, seed=11)
    runtime = build_runtime(ws, environ={"TICKETPILOT_DATABASE_URL": module_db_url})
    import_demo(runtime, data, None)
    build_index(runtime)
    report = run_replay(runtime, sample=SAMPLE)
    yield runtime, report
    runtime.close()


def test_replay_measures_the_drafter_against_both_baselines(
    replayed: tuple[Runtime, ReplayReport],
) -> None:
    _, report = replayed
    assert report.sample == SAMPLE and report.history == 800
    assert set(report.systems) == set(SYSTEMS)
    for fig in report.systems.values():
        assert fig.n == SAMPLE
        assert fig.acceptance_low <= fig.acceptance <= fig.acceptance_high
    ours, random_reply = report.systems["default"], report.systems["random_reply"]
    assert ours.acceptance > random_reply.acceptance
    assert ours.grounding_failure_rate == 0.0
    assert report.calibration.method == "youden" and 0.1 < report.calibration.threshold < 0.9
    # critical categories (billing, legal, security in the default charter) never get a draft
    for category in ("billing", "legal", "security"):
        if category in report.categories:
            assert report.categories[category]["default"].delivered == 0
    assert set(report.fallback_reasons) <= {"critical_category", "low_retrieval_confidence",
                                            "no_usable_reply", "grounding", "leak"}  # fmt: skip


def test_replay_drafts_from_older_history_only_and_records_every_draft(
    replayed: tuple[Runtime, ReplayReport],
) -> None:
    runtime, report = replayed
    rows = DraftLog(runtime.engine).rows(replay_id=report.replay_id)  # type: ignore[attr-defined]
    assert len(rows) == SAMPLE
    with runtime.engine.connect() as connection:
        created = dict(connection.execute(select(tickets.c.id, tickets.c.created_at)).all())
    cited = 0
    for row in rows:
        mine = created[row["ticket_id"]]
        for citation in row["citations"]:
            assert citation["ticket_id"] != row["ticket_id"]
            assert created[citation["ticket_id"]] < mine  # nothing from its own future
            cited += 1
        assert row["prompt_version"].startswith("reply-v1+")
        assert row["outcome"] in {"draft", "fallback"}
    assert cited > SAMPLE
    summary = latest_replay(runtime.engine)
    assert summary is not None and summary["sample"] == SAMPLE
    assert summary["systems"]["default"]["n"] == SAMPLE


def test_replay_cli_writes_reports_without_pii(tmp_path: Path) -> None:
    ws = tmp_path / "demo"
    result = runner.invoke(app, ["demo", "--workspace", str(ws), "--tickets", "400"])
    assert result.exit_code == 0, result.output
    assert "Phase 3: shadow replay" in result.output
    assert "both baselines" in result.output  # the verdict, whichever way 40 tickets go
    assert "\u2026" not in result.output  # every table fits the runner's 80 columns uncut
    result = runner.invoke(app, ["replay", "--sample", "25", "--json", "-w", str(ws)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["sample"] == 25 and set(data["systems"]) == set(SYSTEMS)
    assert "Wilson" in data["method"] and data["calibration"]["description"]
    html = (ws / "reports" / "replay.html").read_text("utf-8")
    assert "Shadow replay" in html and "<svg" in html
    planted = [json.loads(line)["text"] for line in
               (ws / "demo-data" / "pii_ground_truth.jsonl").read_text("utf-8").splitlines()]  # fmt: skip
    emails = {p for p in planted if "@" in p}
    assert emails and not [e for e in emails if e in html or e in result.output]


def test_draft_cli_for_a_stored_ticket_and_for_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = tmp_path / "demo"
    # a machine without Pango: the demo still finishes, its reports in HTML and Markdown only
    monkeypatch.setattr(demo_service, "pdf_engine_problem", lambda: "no Pango here")
    demo = runner.invoke(app, ["demo", "-w", str(ws), "--tickets", "300"])
    assert demo.exit_code == 0, demo.output
    assert "reports written without PDF: no Pango here" in demo.output
    assert not list((ws / "reports").glob("*.pdf"))
    assert (ws / "reports" / "weekly.html").is_file()
    result = runner.invoke(app, ["draft", "--text", "My order has not arrived, where is it?",
                                 "--json", "-w", str(ws)])  # fmt: skip
    assert result.exit_code in {0, 1}, result.output
    data = json.loads(result.output)
    assert data["outcome"] in {"draft", "fallback"} and data["citations"]
    critical = runner.invoke(app, ["draft", "--text", "I will sue you", "--category", "legal",
                                   "-w", str(ws)])  # fmt: skip
    assert critical.exit_code == 1 and "critical_category" in critical.output
    both = runner.invoke(app, ["draft", "123", "--text", "x", "-w", str(ws)])
    assert both.exit_code == 2 and "not both" in both.output
    missing = runner.invoke(app, ["draft", "no-such-id", "-w", str(ws)])
    assert missing.exit_code == 2 and "no ticket 'no-such-id'" in missing.output
    log = build_runtime(ws)
    try:
        # the demo's replay (a twentieth of 300 tickets, at least 20), then these two
        assert DraftLog(log.engine).count() >= replay_sample(300, 300) + 2
    finally:
        log.close()


def test_draft_without_an_index_says_what_to_run(tmp_path: Path) -> None:
    ws = tmp_path / "demo"
    assert (
        runner.invoke(app, ["demo", "-w", str(ws), "--tickets", "200", "--skip-audit"]).exit_code
        == 0
    )
    result = runner.invoke(app, ["draft", "--text", "hello", "-w", str(ws)])
    assert result.exit_code == 2 and "ticketpilot index" in result.output
