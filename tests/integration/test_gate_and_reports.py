"""The gate and the reports on a finished demo-like program (``tests/lifecycle_workspace.py``).

The gate says GO on it, and NO-GO naming the question once the owners, the cost forecast or
the pilot's events are removed (each from a copy). The three reports are written in HTML
(self-contained, under 1 MB), Markdown (its charts beside it) and PDF; the PDFs render to pages
with ``pdftoppm`` and the executive summary is one page.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import delete
from typer.testing import CliRunner

from lifecycle_workspace import build_lifecycle, copy_workspace, open_runtime
from ticketpilot.charter import charter_template
from ticketpilot.cli.app import app
from ticketpilot.gate.service import run_gate
from ticketpilot.store.tables import pilot_events, pilot_tickets
from ticketpilot.workspace import create_workspace

pytestmark = pytest.mark.slow  # the module's program takes 10-30 s to build
runner = CliRunner()


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("program")
    return build_lifecycle(root / "ws", root / "data")


def _gate(ws: Path) -> dict[str, object]:
    result = runner.invoke(app, ["gate", "-w", str(ws), "--json"])
    data: dict[str, object] = json.loads(result.output)
    data["exit_code"] = result.exit_code
    return data


def _answers(data: dict[str, object]) -> dict[str, str]:
    answers = data["answers"]
    assert isinstance(answers, list)
    return {a["key"]: a["verdict"] for a in answers}


def test_the_gate_says_go_on_the_finished_program(program: Path) -> None:
    runtime = open_runtime(program)
    try:
        result = run_gate(runtime).result
    finally:
        runtime.close()
    assert [a.verdict for a in result.answers] == ["GO"] * 5, result.headline()
    assert [a.number for a in result.answers] == [1, 2, 3, 4, 5]
    for answer in result.answers:
        assert answer.rule and answer.finding and answer.evidence, answer.key
    by_key = {a.key: a for a in result.answers}
    assert "audit.html" in by_key["data"].sources
    assert "cost-forecast.html" in by_key["cost"].sources
    assert by_key["pilot"].evidence["pilot"] == "rehearsal (simulated agents)"
    cli = runner.invoke(app, ["gate", "-w", str(program)])
    assert cli.exit_code == 0, cli.output
    assert "GO: all 5 questions answered GO." in cli.output
    saved = json.loads((program / "reports" / "gate.json").read_text(encoding="utf-8"))
    assert saved["verdict"] == "GO"
    assert "## Q5. What happens when the model is wrong? GO" in (
        program / "reports" / "gate.md"
    ).read_text(encoding="utf-8")


def test_removing_an_owner_is_no_go_on_question_2(program: Path, tmp_path: Path) -> None:
    ws = copy_workspace(program, tmp_path / "ws")
    charter = ws / "ticketpilot.toml"
    text = charter.read_text(encoding="utf-8")
    charter.write_text(re.sub(r"(?m)^pii_cleaning = .*\n", "", text), encoding="utf-8")
    data = _gate(ws)
    assert data["exit_code"] == 1
    assert _answers(data) == {"metric": "GO", "data": "NO-GO", "pilot": "GO", "cost": "GO",
                              "wrong": "GO"}  # fmt: skip
    assert data["verdict"] == "NO-GO"
    assert "Q2 Is data ready and owned? NO-GO" in str(data["headline"])
    assert "no owner for pii_cleaning" in json.dumps(data).lower()


def test_removing_the_forecast_leaves_question_4_unanswered(program: Path, tmp_path: Path) -> None:
    ws = copy_workspace(program, tmp_path / "ws")
    (ws / "reports" / "cost-forecast.json").unlink()
    data = _gate(ws)
    assert data["exit_code"] == 1
    assert _answers(data)["cost"] == "UNANSWERED"
    assert [k for k, v in _answers(data).items() if v != "GO"] == ["cost"]
    assert data["verdict"] == "NO-GO"
    assert "Q4 What is cost at scale? UNANSWERED" in str(data["headline"])


def test_removing_the_pilot_metrics_leaves_question_3_unanswered(
    program: Path, tmp_path: Path
) -> None:
    ws = copy_workspace(program, tmp_path / "ws")
    runtime = open_runtime(ws)
    try:
        with runtime.engine.begin() as connection:
            connection.execute(delete(pilot_events))
            connection.execute(delete(pilot_tickets))
    finally:
        runtime.close()
    data = _gate(ws)
    assert data["exit_code"] == 1
    assert _answers(data)["pilot"] == "UNANSWERED"
    assert data["verdict"] == "NO-GO"
    assert "Q3 How are we measuring pilot success? UNANSWERED" in str(data["headline"])


def _pages(pdf: Path, out: Path) -> int:
    """Pages of ``pdf`` as rendered by poppler's pdftoppm (one PNG each)."""
    subprocess.run(["pdftoppm", "-r", "30", "-png", str(pdf), str(out / pdf.stem)], check=True)
    return len(list(out.glob(f"{pdf.stem}*.png")))


@pytest.mark.parametrize("kind", ["weekly", "monthly", "executive"])
def test_report_cli_writes_html_markdown_and_pdf(program: Path, tmp_path: Path, kind: str) -> None:
    ws = copy_workspace(program, tmp_path / "ws")
    result = runner.invoke(app, ["report", kind, "-w", str(ws)])
    assert result.exit_code == 0, result.output
    folder = ws / "reports"
    html = (folder / f"{kind}.html").read_text(encoding="utf-8")
    assert len(html.encode()) < 1_000_000
    assert not re.search(r"(src|href)=\"https?:|url\((?!#)|@import|<script|<link", html)
    assert ("Window " in html and "Method:" in html) or kind == "executive"
    markdown = (folder / f"{kind}.md").read_text(encoding="utf-8")
    assert markdown.startswith("# ")
    for chart in re.findall(r"\]\(([^)]+\.svg)\)", markdown):
        assert (folder / chart).is_file(), chart
    if shutil.which("pdftoppm") is None:
        pytest.skip("poppler-utils (pdftoppm) is not installed")
    pages = _pages(folder / f"{kind}.pdf", tmp_path)
    assert pages == 1 if kind == "executive" else pages >= 1


def test_weekly_report_states_method_window_n_and_uncertainty(program: Path) -> None:
    result = runner.invoke(app, ["report", "weekly", "-w", str(program), "--formats", "html",
                                 "--json"])  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["kind"] == "weekly" and re.match(r"\d{4}-\d\d-\d\d to \d{4}", data["window"])
    sections = {s["key"]: s for s in data["sections"]}
    assert list(sections) == ["pilot_kpis", "pilot_trend", "escalations", "drift_alerts"]
    kpis = {k["label"]: k for k in sections["pilot_kpis"]["blocks"][0]["kpis"]}
    acceptance = kpis["Acceptance (sent unchanged)"]
    assert re.search(r"of [\d,]+ drafts answered; 95% always-valid \d", acceptance["basis"])
    assert acceptance["target"] == "at least 35%"
    assert "Pilot tickets" in sections["pilot_kpis"]["method"]  # the pilot's method line
    alerts = sections["drift_alerts"]["blocks"][0]["table"]["rows"]
    assert any("technical_issue" in " ".join(row) for row in alerts)  # the planted drift
    files = [Path(f).name for f in data["files"]]
    assert files == ["weekly.html"]


def test_unknown_report_kind_is_refused(program: Path) -> None:
    result = runner.invoke(app, ["report", "quarterly", "-w", str(program)])
    assert result.exit_code == 2
    assert "choose one of weekly, monthly, executive" in result.output


@pytest.mark.parametrize("kind", ["weekly", "monthly", "executive"])
def test_an_empty_workspace_reports_what_it_lacks(tmp_path: Path, kind: str) -> None:
    ws = create_workspace(tmp_path / "ws", charter_template()).root
    result = runner.invoke(app, ["report", kind, "-w", str(ws), "--formats", "html,md"])
    assert result.exit_code == 0, result.output
    html = (ws / "reports" / f"{kind}.html").read_text(encoding="utf-8")
    lacking = {"weekly": "No pilot events in this workspace",
               "monthly": "No cost forecast in reports/",
               "executive": "UNANSWERED"}  # fmt: skip
    assert lacking[kind] in html
    gate = runner.invoke(app, ["gate", "-w", str(ws), "--json"])
    assert gate.exit_code == 1
    assert {a["verdict"] for a in json.loads(gate.output)["answers"]} == {"UNANSWERED"}


def test_the_executive_summary_stays_one_page_with_more_risks(
    program: Path, tmp_path: Path
) -> None:
    ws = copy_workspace(program, tmp_path / "ws")
    charter = ws / "ticketpilot.toml"
    text = charter.read_text(encoding="utf-8")
    charter.write_text(re.sub(r"(?m)^monthly = .*$", "monthly = 0.001", text), encoding="utf-8")
    (ws / "reports" / "audit.json").unlink()
    result = runner.invoke(app, ["report", "executive", "-w", str(ws), "--json"])
    assert result.exit_code == 0, result.output
    risks = next(s for s in json.loads(result.output)["sections"] if s["key"] == "risks")
    names = [row[0] for row in risks["blocks"][0]["table"]["rows"]]
    assert names == ["Quality drift", "Cost at scale", "No data audit"]  # worst first
    if shutil.which("pdftoppm") is None:
        pytest.skip("poppler-utils (pdftoppm) is not installed")
    assert _pages(ws / "reports" / "executive.pdf", tmp_path) == 1
