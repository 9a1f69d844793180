"""The audit's three reports, byte for byte, on a generated history: pinned golden files.

The goldens were written by the dict-figures audit before figures became typed models; this test
holds ``audit.json`` (the documented schema), ``audit.html`` and ``audit.md`` to them, so a
refactoring of how checks carry their figures cannot change a report by a byte.

The history is the seeded demo generator's (500 tickets through the real Zendesk and Freshdesk
importers), audited with a charter that names some owners and scopes categories and languages.
Layer 3 runs over a real index built with the model-free ``hashing`` embedder; only the measured
per-query times are replaced by fixed ones (the search results are real), and each check's
seconds are fixed, so every figure is reproducible.

When a check's output changes on purpose, rewrite the goldens with
``TICKETPILOT_WRITE_GOLDEN=1 pytest tests/integration/test_audit_golden.py`` and review the diff.
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from ticketpilot.audit.checks import default_checks
from ticketpilot.audit.checks import feasibility as feasibility_module
from ticketpilot.audit.data import from_tickets
from ticketpilot.audit.model import AuditReport
from ticketpilot.audit.render import default_sections, render_html, render_json, render_markdown
from ticketpilot.audit.service import build_report, run_checks
from ticketpilot.charter import parse_charter
from ticketpilot.demo import generate
from ticketpilot.reports.figure import standalone
from ticketpilot.retrieval import Hit, LabelledQuery, RetrievalIndex, SearchFilters, SearchMode
from ticketpilot.retrieval.evaluation import run_queries
from ticketpilot.retrieval.service import indexed_doc
from ticketpilot.store import create_engine_for, migrate
from ticketpilot.store.tickets import TicketRepository
from ticketpilot.tickets.importers import default_importers
from ticketpilot.tickets.importing.pipeline import ImportOptions, import_file
from ticketpilot.tickets.mapping import ColumnMapping
from ticketpilot.tickets.model import Ticket

GOLDEN = Path(__file__).parent / "golden" / "audit"
WRITE = os.environ.get("TICKETPILOT_WRITE_GOLDEN") == "1"
CHARTER = """
[scope]
categories = ["billing", "shipping", "account"]
languages = ["en", "de"]

[owners]
category = "Support ops (Ana)"
body = "Helpdesk admin"
csat = "CX analytics <cx@example.com>"
macros = "QA lead"

[audit]
max_retrieval_p95_ms = 6.0
"""


def _history(folder: Path) -> list[Ticket]:
    """500 seeded demo tickets (45% untagged) as the real helpdesk importers store them."""
    demo = generate(
        folder / "demo", tickets=500, seed=11, formats="zendesk,freshdesk", untagged_share=0.45
    )
    engine = create_engine_for(f"sqlite:///{folder / 'tickets.db'}")
    migrate(engine)
    try:
        for fmt in ("zendesk", "freshdesk"):
            options = ImportOptions(fmt=fmt, mapping=ColumnMapping.parse([]))
            result = import_file(engine, default_importers(), demo.files[fmt], options,
                                 clock=lambda: datetime(2025, 1, 2))  # fmt: skip
            assert result.quarantined == 0, result.by_code
        return list(TicketRepository(engine).iter_tickets())
    finally:
        engine.dispose()


def _fixed_times(
    index: RetrievalIndex,
    queries: list[LabelledQuery],
    k: int,
    mode: SearchMode,
    filters: SearchFilters | None,
) -> tuple[list[float], list[list[Hit]]]:
    """The real searches, with each query's wall-clock time replaced by 1..7 ms in turn."""
    seconds, results = run_queries(index, queries, k, mode, filters)
    return [0.001 * (1 + i % 7) for i in range(len(seconds))], results


def _audit(tickets: list[Ticket], index: RetrievalIndex | None, charter: str) -> AuditReport:
    data = from_tickets(parse_charter(charter), tickets)
    data.index = index
    results, _ = run_checks(data, default_checks())
    return build_report(data, results, {r.check: 0.25 for r in results})


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, AuditReport]]:
    folder = tmp_path_factory.mktemp("golden")
    tickets = _history(folder)
    index = RetrievalIndex.open(folder / "index", embedder="hashing")
    index.add([doc for t in tickets if (doc := indexed_doc(t)) is not None])
    patch = pytest.MonkeyPatch()
    patch.setattr(feasibility_module, "run_queries", _fixed_times)
    try:
        yield {"demo": _audit(tickets, index, CHARTER), "empty": _audit([], None, "")}
    finally:
        patch.undo()
        index.close()


def _same_as_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if WRITE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    expected = path.read_text(encoding="utf-8")
    assert text == expected, f"{name} differs from its golden (see the module docstring)"


@pytest.mark.parametrize("case", ["demo", "empty"])
def test_audit_json_is_byte_identical(reports: dict[str, AuditReport], case: str) -> None:
    _same_as_golden(f"{case}.json", render_json(reports[case]))


@pytest.mark.parametrize("case", ["demo", "empty"])
def test_audit_html_is_byte_identical(reports: dict[str, AuditReport], case: str) -> None:
    _same_as_golden(f"{case}.html", render_html(reports[case], "Golden", default_sections()))


@pytest.mark.parametrize("case", ["demo", "empty"])
def test_audit_markdown_is_byte_identical(reports: dict[str, AuditReport], case: str) -> None:
    _same_as_golden(f"{case}.md", render_markdown(reports[case], "Golden"))


def test_the_golden_history_exercises_every_check(reports: dict[str, AuditReport]) -> None:
    """The golden covers each built-in check with figures, and the findings that read them."""
    report = reports["demo"]
    for layer in report.layers:
        for check in layer.checks:
            assert check.score is not None, check.check
    severities = {str(f.severity) for f in report.findings}
    assert severities == {"blocker", "warning", "info"}
    checks_with_findings = {f.check for f in report.findings}
    assert {"category_coverage", "retrieval_feasibility", "reply_variability", "pii"} <= (
        checks_with_findings
    )


DEMO_CHARTS = [
    "Tickets with a category (n=500)",
    "Tagged tickets per category (n=275)",
    "Tickets without a usable reply, by reason (n=500)",
    "Usable-reply share per category",
    "Language mix",
    "Reply length per category",
    "Greeting patterns per category",
    "Sign-off patterns per category",
    "PII mentions by type and field (n=500 tickets)",
    "Retrieval latency per query (n=43 queries)",
]


def test_audit_html_structure_holds_apart_from_chart_bytes(
    reports: dict[str, AuditReport],
) -> None:
    """What the golden means beyond its bytes (which a new matplotlib may move): every chart
    of the shared library in place, accessible, inline, and the page self-contained."""
    html = render_html(reports["demo"], "Golden", default_sections())
    titles = re.findall(r'<svg class="chart" role="img" aria-label="([^"]*)"', html)
    assert titles == DEMO_CHARTS
    assert html.count("<svg") == html.count("</svg>") == html.count("<desc>") == len(titles)
    assert html.count("<figcaption>") == len(titles)
    assert "http" not in html.split("<svg", 1)[1]  # no namespace URL, no link in any chart
    assert len(html.encode()) < 1_000_000
    for svg in re.findall(r"<svg .*?</svg>", html, re.DOTALL):
        ET.fromstring(standalone(svg))  # each chart is well-formed SVG
