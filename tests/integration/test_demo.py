"""`ticketpilot demo` (the README's first command) runs the lifecycle in a fresh workspace."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ticketpilot.cli.app import app

runner = CliRunner()


@pytest.mark.slow
def test_demo_end_to_end(tmp_path: Path) -> None:
    ws = tmp_path / "demo"
    result = runner.invoke(app, ["demo", "--workspace", str(ws), "--tickets", "600"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "SYNTHETIC" in out
    assert "Baseline from 600 tickets" in out
    assert "Value model" in out
    for phase in ("Phase 3: rehearsal of the controlled pilot", "Phase 4: cost at scale",
                  "Phase 5: drift on simulated production feedback", "Go/no-go gate"):  # fmt: skip
        assert phase in out, phase
    flat = " ".join(out.split())  # rich wraps lines at the terminal's width
    assert "acceptance 62% -> 48% in technical_issue" in flat
    assert re.search(r"drift\s+acceptance_drop", out)  # the planted drop is caught
    for number in range(1, 6):
        assert f"Q{number}. " in out
    assert "GO: all 5 questions answered GO." in flat or "NO-GO: Q" in flat
    assert f"open {ws.resolve() / 'reports' / 'dashboard.html'}" in out.replace("\n", "")
    for name in ("audit.html", "audit.json", "audit.md", "replay.html", "cost-forecast.json",
                 "weekly.html", "weekly.pdf", "monthly.md", "executive.pdf", "gate.json",
                 "dashboard.html"):  # fmt: skip
        assert (ws / "reports" / name).is_file(), name
    report = json.loads((ws / "reports" / "audit.json").read_text(encoding="utf-8"))
    assert report["schema_version"] == 1
    coverage = next(
        c
        for layer in report["layers"]
        for c in layer["checks"]
        if c["check"] == "category_coverage"
    )
    assert coverage["figures"]["tagged_share"] == pytest.approx(0.6, abs=0.03)
    feasibility = next(
        c
        for layer in report["layers"]
        for c in layer["checks"]
        if c["check"] == "retrieval_feasibility"
    )
    assert feasibility["figures"]["p95_ms"] < 500
    # phase 3 ends with a rehearsal of the pilot, its events stored through the feedback service
    assert "rehearsal of the controlled pilot" in out and "Pilot status (rehearsal" in out
    status = runner.invoke(app, ["pilot", "status", "--rehearsal", "--json", "-w", str(ws)])
    assert status.exit_code == 0, status.output
    assert json.loads(status.output)["events"]["assigned"] > 0
    # running it again replaces the earlier demo; another folder is never touched
    assert (
        runner.invoke(
            app, ["demo", "--workspace", str(ws), "--tickets", "300", "--skip-audit"]
        ).exit_code
        == 0
    )
    other = tmp_path / "mine"
    other.mkdir()
    (other / "notes.txt").write_text("keep me", encoding="utf-8")
    refused = runner.invoke(app, ["demo", "--workspace", str(other), "--skip-audit"])
    assert refused.exit_code == 2
    assert "is not a demo workspace" in refused.output
    assert (other / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_audit_cli_exits_1_when_not_ready_and_writes_reports(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    assert runner.invoke(app, ["init", str(ws)]).exit_code == 0
    result = runner.invoke(app, ["audit", "-w", str(ws)])
    assert result.exit_code == 1, result.output
    assert "NOT READY" in result.output
    assert (ws / "reports" / "audit.html").is_file()
    data = json.loads(runner.invoke(app, ["audit", "-w", str(ws), "--json"]).output)
    assert data["ready"] is False
    assert data["tickets"] == 0
