"""``ticketpilot cost forecast`` and ``cost report`` end to end on a workspace with history and
recorded drafts, on SQLite and PostgreSQL; the reports are self-contained HTML and Markdown."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ticketpilot.charter import charter_template
from ticketpilot.cli.app import app
from ticketpilot.cost.guardrails import BudgetPolicy
from ticketpilot.cost.ledger import Hold, Reservation
from ticketpilot.drafting.result import DraftResult
from ticketpilot.runtime import build_runtime, utc_now
from ticketpilot.store.budget import SqlLedger
from ticketpilot.store.drafts import DraftLog
from ticketpilot.workspace import create_workspace

runner = CliRunner()


def _history(path: Path) -> None:
    """14 months of tickets, 20 more each month, created in office hours, most resolved."""
    lines = ["id,subject,description,created,resolved_at,type,reply"]
    start = datetime(2025, 1, 5, 9, 0)
    n = 0
    for month in range(14):
        for i in range(60 + 20 * month):
            created = start + timedelta(days=30 * month + i % 25, hours=i % 8)
            resolved = "" if i % 10 == 0 else (created + timedelta(hours=5)).isoformat()
            lines.append(f"{n},Parcel,Where is my parcel {n}?,{created.isoformat()},{resolved},"
                         f"{'shipping' if i % 3 else 'billing'},It ships today")  # fmt: skip
            n += 1
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _draft(ticket: str, at: datetime, tokens: int, provider: str = "extractive") -> DraftResult:
    return DraftResult(
        ticket_id=ticket, outcome="draft", reasons=(), text="ok", redacted_text="ok",
        citations=(), checks=(), provider=provider,
        model="extractive" if provider == "extractive" else "gpt-4o-mini",
        prompt_version="reply-v1+abc", input_tokens=tokens, output_tokens=tokens // 5, cost=0.0,
        latency_ms=5.0, retrieval_ms=1.0, generation_ms=1.0, attempts=1, created_at=at,
    )  # fmt: skip


@pytest.fixture
def workspace(tmp_path: Path, db_url: str) -> Path:
    ws = create_workspace(tmp_path / "ws", charter_template()).root
    csv = tmp_path / "history.csv"
    _history(csv)
    env = {"TICKETPILOT_DATABASE_URL": db_url}
    result = runner.invoke(app, ["import", str(csv), "-w", str(ws)], env=env)
    assert result.exit_code == 0, result.output
    runtime = build_runtime(ws, environ=env)
    try:
        now = utc_now()
        DraftLog(runtime.engine).record_many(
            [_draft(str(i), now - timedelta(hours=i), 900 + 10 * i) for i in range(40)]
        )
    finally:
        runtime.close()
    return ws


def test_forecast_measures_extractive_prompts_and_compares_models(
    workspace: Path, db_url: str
) -> None:
    env = {"TICKETPILOT_DATABASE_URL": db_url}
    result = runner.invoke(
        app, ["cost", "forecast", "-w", str(workspace), "--model", "gpt-4o,gpt-4o-mini", "--json"],
        env=env,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    mini, big = data["forecasts"][1], data["forecasts"][0]
    assert (big["model"], mini["model"], len(mini["months"])) == ("gpt-4o", "gpt-4o-mini", 6)
    assert big["bill"]["expected"] > 10 * mini["bill"]["expected"] > 0
    assert mini["bill"]["low"] <= mini["bill"]["expected"] <= mini["bill"]["high"]
    # tokens came from the 40 extractive drafts, and the forecast says so
    assert "40 extractive drafts" in " ".join(mini["method"])
    assert mini["per_request"]["n"] == 40
    assert mini["per_request"]["input_tokens"] == pytest.approx(900 + 10 * 19.5)
    rollout = [m["rollout"] for m in mini["months"]]
    assert rollout == [0.1, 0.25, 0.5, 1.0, 1.0, 1.0]  # the pilot month, then the default ramp
    assert all(m["value"] and m["net_value"] is not None for m in mini["months"])
    assert data["usage"]["figures"]["tokens_input_p90"]["n"] == 40
    reports = workspace / "reports"
    html = (reports / "cost-forecast.html").read_text(encoding="utf-8")
    assert (
        "<svg" in html
        and "<script" not in html
        and "http://" not in html.replace("http://www.w3.org", "")
    )
    markdown = (reports / "cost-forecast.md").read_text(encoding="utf-8")
    assert "| gpt-4o-mini |" in markdown and "![monthly bill](cost-forecast.svg)" in markdown
    assert "<svg xmlns=" in (reports / "cost-forecast.svg").read_text(encoding="utf-8")


def test_forecast_errors_name_what_is_wrong(workspace: Path, db_url: str) -> None:
    env = {"TICKETPILOT_DATABASE_URL": db_url}
    unknown = runner.invoke(
        app, ["cost", "forecast", "-w", str(workspace), "--model", "nova-9"], env=env
    )
    assert unknown.exit_code == 2 and "no price for model 'nova-9'" in unknown.output
    bad = runner.invoke(app, ["cost", "forecast", "-w", str(workspace), "--start", "2027"], env=env)
    assert bad.exit_code == 2 and "expected a month as YYYY-MM" in bad.output
    declared = runner.invoke(
        app, ["cost", "forecast", "-w", str(workspace), "--input-tokens", "1000",
              "--output-tokens", "200", "--model", "gpt-4o-mini", "--months", "2"], env=env,
    )  # fmt: skip
    assert declared.exit_code == 0, declared.output
    assert "declared with --input-tokens" in " ".join(declared.output.split())
    default = runner.invoke(app, ["cost", "forecast", "-w", str(workspace), "--json"], env=env)
    assert default.exit_code == 0, default.output
    notes = json.loads(default.output)["notes"]
    assert notes == [
        "priced at gpt-4o-mini: the charter's model 'extractive' is free; pass --model to price another"
    ]


def test_report_shows_the_periods_spend_against_budget(workspace: Path, db_url: str) -> None:
    env = {"TICKETPILOT_DATABASE_URL": db_url}
    runtime = build_runtime(workspace, environ=env)
    try:
        policy = BudgetPolicy.from_charter(runtime.charter.budget, has_degrade_model=False)
        now = runtime.clock()
        ledger = SqlLedger(runtime.engine)
        hold = Hold(policy.period_key(now), 5 * 10**9, policy.hard, 0, policy.hard, "gpt-4o", now,
                    now + timedelta(minutes=5))  # fmt: skip
        reservation = ledger.reserve(hold)
        assert isinstance(reservation, Reservation)
        ledger.settle(reservation, 3 * 10**9, now)
    finally:
        runtime.close()
    result = runner.invoke(app, ["cost", "report", "-w", str(workspace), "--json"], env=env)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["spend"]["settled"] == 3.0 and data["spend"]["lane"] == "primary"
    assert data["limits"]["hard_limit"] == 5000.0 and data["limits"]["soft_limit"] == 4000.0
    assert data["usage"]["calls"] == 40 and data["alerts"] == []
    text = runner.invoke(app, ["cost", "report", "-w", str(workspace)], env=env)
    assert text.exit_code == 0 and "settled" in text.output
    assert "<svg" in (workspace / "reports" / "cost-report.html").read_text(encoding="utf-8")
