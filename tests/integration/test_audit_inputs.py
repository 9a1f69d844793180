"""The audit turns bad input into findings, never a crash; and it is fast on real data."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from ticketpilot.audit.checks import default_checks
from ticketpilot.audit.checks.feasibility import RetrievalFeasibility
from ticketpilot.audit.data import AuditData, from_tickets
from ticketpilot.audit.figures import CoverageFigures, LanguageMixFigures, PiiFigures
from ticketpilot.audit.model import Severity
from ticketpilot.audit.registry import Checks, check_registry
from ticketpilot.audit.service import audit_data, build_report, run_checks
from ticketpilot.charter import parse_charter
from ticketpilot.cli.app import app
from ticketpilot.runtime import build_runtime
from ticketpilot.tickets.model import Message, Role, Ticket

runner = CliRunner()


def _quality_checks() -> Checks:
    """Layers 1 and 2 (layer 3 needs an index; it has its own tests)."""
    return check_registry([c for c in default_checks() if not isinstance(c, RetrievalFeasibility)])


def _audit(tickets: list[Ticket]) -> tuple[AuditData, object]:
    data = from_tickets(parse_charter(""), tickets)
    results, seconds = run_checks(data, default_checks())
    return data, build_report(data, results, seconds)


def test_empty_history_is_not_ready_with_reasons() -> None:
    _, report = _audit([])
    assert report.tickets == 0  # type: ignore[attr-defined]
    assert report.ready is False  # type: ignore[attr-defined]
    assert any("ticketpilot index" in f.fix for f in report.findings)  # type: ignore[attr-defined]


def test_tickets_without_replies_or_categories() -> None:
    tickets = [
        Ticket(
            id=f"T{i}",
            body=f"my device {i} will not turn on after charging",
            messages=[Message(Role.CUSTOMER, f"my device {i} will not turn on after charging")],
        )
        for i in range(30)
    ]
    _, report = _audit(tickets)
    titles = [f.title for f in report.findings]  # type: ignore[attr-defined]
    assert any("100.0% of tickets have no category" in t for t in titles)
    assert any("no agent reply" in t for t in titles)
    assert report.check("reply_variability").score is None  # type: ignore[attr-defined]


def test_non_english_and_one_enormous_ticket() -> None:
    huge = "Mi pedido no ha llegado y necesito ayuda con la devolución. " * 40_000  # ~2.4 MB
    tickets = [
        Ticket(
            id="big",
            body=huge,
            category="shipping",
            messages=[
                Message(Role.CUSTOMER, huge),
                Message(Role.AGENT, "Lo sentimos mucho, su reembolso está en camino hoy."),
            ],
        ),
        Ticket(
            id="ja",
            body="注文した商品がまだ届きません",
            category="shipping",
            messages=[Message(Role.CUSTOMER, "注文した商品がまだ届きません")],
        ),
    ]
    _, report = _audit(tickets)
    mix = report.check("language_mix").figures_as(LanguageMixFigures).mix  # type: ignore[attr-defined]
    assert set(mix) == {"es", "ja"}
    assert report.check("language_mix").findings[0].severity is Severity.WARNING  # type: ignore[attr-defined]


@pytest.mark.realdata
@pytest.mark.slow
def test_airline_audit_layers_one_and_two(tmp_path: Path, shared_data: Path) -> None:
    ws = tmp_path / "ws"
    assert runner.invoke(app, ["init", str(ws)]).exit_code == 0
    raw = shared_data / "asapp_twitter_airlines" / "airlines_raw.csv.bz2"
    labels = shared_data / "asapp_twitter_airlines" / "airlines_500onlyb.csv.bz2"
    args = ["--map", "first_tweet_id=id", "--map", "tag=category", "-w", str(ws)]
    assert (
        runner.invoke(
            app,
            [
                "import",
                str(raw),
                *args,
                "--map",
                "first_utterance=thread",
                "--map",
                "context=thread",
                "--null",
                "UNK",
            ],
        ).exit_code
        == 0
    )
    assert runner.invoke(app, ["import", str(labels), *args, "--update-only"]).exit_code == 0
    runtime = build_runtime(ws)
    data = audit_data(runtime)
    results, seconds = run_checks(data, _quality_checks())
    report = build_report(data, results, seconds)
    assert report.tickets == 42_311
    coverage = report.check("category_coverage")
    figures = coverage.figures_as(CoverageFigures)
    assert figures.tagged == 491
    assert figures.tagged_share == pytest.approx(0.0116, abs=0.0005)
    assert coverage.findings[0].severity is Severity.BLOCKER
    pii = report.check("pii").figures_as(PiiFigures).by_type
    assert pii["PHONE_NUMBER"].tickets > 500
    assert pii["PERSON"].tickets > 5_000
    runtime.close()
