"""The audit reports: structure of audit.html and audit.md, and audit.json round-tripping."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from html import escape
from pathlib import Path

import pytest

from ticketpilot.audit import render
from ticketpilot.audit.figures import (
    CoverageFigures,
    DataclassFigures,
    FeasibilityFigures,
    LanguageMixFigures,
    MappingFigures,
    OwnershipFigures,
    PiiFigures,
    PiiTypeFigures,
    RedactionPreview,
    UsableReplyFigures,
    VariabilityFigures,
)
from ticketpilot.audit.model import AuditReport, CheckResult, Finding, LayerResult, Severity
from ticketpilot.audit.render import (
    default_sections,
    render_html,
    render_json,
    render_markdown,
    write_reports,
)
from ticketpilot.audit.render.markdown import md
from ticketpilot.audit.variability import StyleProfile
from ticketpilot.registry import Registry

EVIL = '<script>alert("x")</script>'
USER_URL = "https://evil.example/track?u=1"
FIX_OWNER = 'Name an owner in ticketpilot.toml: [owners] agent_replies = "Team (person)"'
FIX_TAGS = "Back-fill categories before the pilot."


def _report(ready: bool = False) -> AuditReport:
    """Every built-in check's figures, a blocker and a warning; user text with markup and URLs."""
    ownership = CheckResult(
        "ownership",
        "ownership",
        "Named owners",
        50.0,
        1.0,
        "share of 2 fields with an owner",
        findings=[
            Finding(
                "ownership",
                Severity.BLOCKER,
                "No owner for agent_replies",
                {"field": "agent_replies", "owners_named": 1},
                FIX_OWNER,
            )
        ],
        figures=OwnershipFigures(
            owned=("category",),
            missing=("agent_replies",),
            owners={"category": "Support ops (Ana)"},
        ),
    )
    coverage = CheckResult(
        "category_coverage",
        "quality",
        "Tickets carry a category",
        62.5,
        2.0,
        "tagged tickets / all tickets (n=1,000)",
        findings=[
            Finding(
                "category_coverage",
                Severity.WARNING,
                "40.0% of tickets have no category",
                {"tagged_share": 0.6, "untagged": 400, "threshold": 0.6},
                FIX_TAGS,
                examples=(f"my order {EVIL} see {USER_URL}", "où est <PERSON_1>?"),
            )
        ],
        figures=CoverageFigures(
            tickets=1000,
            tagged=600,
            tagged_share=0.6,
            per_category={"billing": 400, EVIL: 150, "shipping": 50},
        ),
    )
    replies = CheckResult(
        "usable_replies",
        "quality",
        "Agent replies usable",
        90.0,
        2.0,
        "usable / all",
        figures=UsableReplyFigures(
            tickets=1000,
            usable=800,
            usable_share=0.8,
            problems={"no agent reply": 150, "deflection (DM us / call us)": 50},
            usable_share_per_category={"billing": 0.9, "(untagged)": 0.5},
        ),
    )
    languages = CheckResult(
        "language_mix",
        "quality",
        "Languages in scope",
        97.0,
        1.0,
        "declared or guessed",
        figures=LanguageMixFigures(
            mix={"en": 0.97, "fr": 0.02, "und": 0.01}, undetermined=10, outside_scope=20
        ),
    )
    style = StyleProfile(
        replies=120,
        median_words=42.0,
        p25_words=30.0,
        p75_words=60.0,
        length_cv=0.6,
        greetings={"hi/hello": 0.7, "none": 0.3},
        signoffs={"regards": 0.9, "none": 0.1},
        formality_mean=0.2,
        formality_std=0.3,
        template_share=0.25,
        top_templates=(("thanks for reaching out", 30),),
        consistency=0.7,
    )
    variability = CheckResult(
        "reply_variability",
        "quality",
        "Consistent reply style",
        80.0,
        1.5,
        "consistency",
        figures=VariabilityFigures(
            categories={"billing": style, "shipping": replace(style, median_words=18.0)},
            too_small=("returns",),
        ),
    )
    pii = CheckResult(
        "pii",
        "quality",
        "Personal data",
        40.0,
        1.5,
        "ticketpilot PII engine",
        figures=PiiFigures(
            tickets=1000,
            tickets_with_pii=120,
            share=0.12,
            by_type={
                "EMAIL_ADDRESS": PiiTypeFigures(
                    tickets=80, mentions=95, fields={"customer_messages": 90, "agent_replies": 5}
                ),
                "PHONE_NUMBER": PiiTypeFigures(tickets=40, mentions=41, fields={"subject": 41}),
            },
            preview=(RedactionPreview("T-1", "mail j***@e***.com", "mail <EMAIL_ADDRESS_1>"),),
        ),
    )
    feasibility = CheckResult(
        "retrieval_feasibility",
        "feasibility",
        "Retrieval feasibility",
        95.0,
        1.0,
        "hybrid index, 50 held-out queries",
        figures=FeasibilityFigures(
            index_size=950,
            model="hashing",
            queries=50,
            p50_ms=34.5,
            p95_ms=57.0,
            p99_ms=59.0,
            budget_ms=500.0,
            latencies_ms=tuple(float(10 + i) for i in range(50)),
            labelled_queries=40,
            match_at_1=0.4,
            match_at_5=0.7,
            useful_nearest_reply_share=0.9,
            reply_similarity=None,
        ),
    )
    layers = [
        LayerResult("ownership", 50.0, [ownership]),
        LayerResult("quality", 72.0, [coverage, replies, languages, variability, pii]),
        LayerResult("feasibility", 95.0, [feasibility]),
    ]
    return AuditReport(
        tickets=1000,
        window=("2024-01-01T00:00:00", "2024-06-30T12:00:00"),
        layers=layers,
        score=72.25 if ready else 47.3,
        ready=ready,
        verdict="READY: score 72/100"
        if ready
        else "NOT READY: score 47/100 with 1 blocking finding",
        thresholds={
            "min_score": 70.0,
            "min_category_share": 0.6,
            "min_usable_reply_share": 0.7,
            "max_retrieval_p95_ms": 500.0,
        },
        seconds={"ownership": 0.001, "category_coverage": 0.02, "pii": 1.5},
    )


@pytest.fixture
def report() -> AuditReport:
    return _report()


@pytest.fixture
def html(report: AuditReport) -> str:
    return render_html(report, f"Pilot {EVIL}", default_sections())


def test_html_is_self_contained(html: str) -> None:
    for url in re.findall(r"https?://[^\s\"'<>]*", html):
        assert url == escape(USER_URL), f"a reference outside user text: {url}"
    for needle in ("<script", "<link", "<img", "<iframe", "src=", "@import", "@font-face"):
        assert needle not in html.lower()
    assert not re.search(r"url\((?!#)", html)  # only the charts' own clip paths: url(#id)
    assert not re.search(
        r'href="(?!#)', html.rsplit("</nav>", maxsplit=1)[-1]
    )  # charts link only within
    assert html.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in html


def test_html_escapes_user_text(html: str) -> None:
    assert "&lt;script&gt;" in html
    assert "Data-readiness audit: Pilot &lt;script&gt;" in html
    assert escape("où est <PERSON_1>?") in html


def test_html_has_verdict_layers_checks_and_fixes(report: AuditReport, html: str) -> None:
    assert "NOT READY" in html
    assert "score 47/100 with 1 blocking finding" in html
    assert 'class="banner not"' in html
    assert "47/100" in html
    for layer in report.layers:
        assert escape(layer.title) in html
        assert f'id="layer-{layer.layer}"' in html
        for check in layer.checks:
            assert f'id="check-{check.check}"' in html
            assert escape(check.method) in html
    for finding in report.findings:
        assert escape(finding.fix) in html
        assert escape(finding.title) in html
        assert f'<span class="badge {finding.severity}">' in html
    assert "audit.min_usable_reply_share" in html  # the thresholds table


def test_html_has_the_charts(html: str) -> None:
    titles = re.findall(r'<svg class="chart"[^>]*aria-label="([^"]*)"', html)
    assert "Tickets with a category (n=1,000)" in titles
    assert "Tagged tickets per category (n=600)" in titles
    assert "PII mentions by type and field (n=1,000 tickets)" in titles
    assert "Reply length per category" in titles
    assert "Greeting patterns per category" in titles
    assert "Sign-off patterns per category" in titles
    assert "Retrieval latency per query (n=50 queries)" in titles
    assert "Usable-reply share per category" in titles
    assert html.count("<svg") == html.count("</svg>") == len(titles)
    assert html.count("<figcaption>") == len(titles)  # every chart says what it shows


def test_html_shows_figures_and_redaction_preview(html: str) -> None:
    assert "<th>tagged share</th><td>60%</td>" in html
    assert "<th>p95</th><td>57 ms</td>" in html
    assert "<th>match at 5</th><td>70%</td>" in html
    assert escape("mail <EMAIL_ADDRESS_1>") in html
    assert "Support ops (Ana)" in html
    assert "MISSING" in html
    assert "returns" in html  # categories too small to profile are named


def test_backticked_commands_in_fixes_become_code(report: AuditReport) -> None:
    finding = Finding("ownership", Severity.INFO, "Index", {}, "Run `ticketpilot index <ws>` first")
    report.check("ownership").findings.append(finding)
    html = render_html(report, "Pilot", default_sections())
    assert "Run <code>ticketpilot index &lt;ws&gt;</code> first" in html


def test_ready_report_banner() -> None:
    html = render_html(_report(ready=True), "Pilot", default_sections())
    assert 'class="banner ready"' in html
    assert ">READY<" in html


def test_missing_and_malformed_figures_still_render(report: AuditReport) -> None:
    report.check("retrieval_feasibility").figures = MappingFigures({"queries": 0})
    coverage = report.check("category_coverage")
    # a value of the wrong type at run time, as an unchecked plugin could build it
    coverage.figures = replace(coverage.figures_as(CoverageFigures), per_category="not a mapping")
    html = render_html(report, "Pilot", default_sections())
    assert "No per-query latencies were recorded." in html
    assert "could not be charted" in html
    assert "not a mapping" in html  # the figure still shows, as text


def test_figures_of_another_model_show_as_a_table(report: AuditReport) -> None:
    ownership = report.check("ownership")
    ownership.figures = MappingFigures({"owned": ["category"], "owners_named": 1})
    with pytest.raises(TypeError, match="'ownership' are MappingFigures, not OwnershipFigures"):
        ownership.figures_as(OwnershipFigures)
    html = render_html(report, "Pilot", default_sections())
    section = html[html.index('id="check-ownership"') : html.index('id="check-category')]
    assert "could not be charted" in section
    assert "<th>owned</th><td>category</td>" in section
    assert "<th>owners named</th><td>1</td>" in section
    assert "MISSING" not in section


def test_a_third_party_check_gets_a_table_and_can_register_a_section(report: AuditReport) -> None:
    custom = CheckResult(
        "kb_freshness",
        "quality",
        "Knowledge base fresh",
        70.0,
        1.0,
        "age",
        figures=MappingFigures({"articles": 12, "stale_share": 0.25, "by_age": {"old": 3}}),
    )
    report.layer("quality").checks.append(custom)
    sections = default_sections()
    html = render_html(report, "Pilot", sections)
    assert "<th>stale share</th><td>25%</td>" in html
    assert "<th>by age</th><td>old: 3</td>" in html
    sections.register("kb_freshness", lambda check, report: ["<p>custom section</p>"])
    assert "<p>custom section</p>" in render_html(report, "Pilot", sections)
    assert "kb_freshness" in sections
    assert isinstance(sections, Registry)


@dataclass(frozen=True, slots=True)
class KbFigures(DataclassFigures):
    articles: int
    stale_share: float
    by_age: dict[str, int]


def test_a_third_party_figures_model_is_in_the_json_and_the_generic_table(
    report: AuditReport,
) -> None:
    figures = KbFigures(articles=12, stale_share=0.25, by_age={"old": 3})
    custom = CheckResult("kb_freshness", "quality", "KB fresh", 70.0, 1.0, "age", figures=figures)
    report.layer("quality").checks.append(custom)
    checks = json.loads(render_json(report))["layers"][1]["checks"]
    assert checks[-1]["figures"] == {"articles": 12, "stale_share": 0.25, "by_age": {"old": 3}}
    sections = default_sections()
    html = render_html(report, "Pilot", sections)
    assert "<th>stale share</th><td>25%</td>" in html
    assert "<th>by age</th><td>old: 3</td>" in html
    sections.register(
        "kb_freshness",
        lambda check, report: [f"<p>{check.figures_as(KbFigures).articles} articles</p>"],
    )
    assert "<p>12 articles</p>" in render_html(report, "Pilot", sections)


def test_markdown_has_verdict_a_row_per_check_and_fixes(report: AuditReport) -> None:
    text = render_markdown(report, f"Pilot {EVIL}")
    assert text.startswith("# Data-readiness audit: Pilot \\<script>")
    assert "**NOT READY**: score 47/100 with 1 blocking finding" in text
    for layer in report.layers:
        for check in layer.checks:
            rows = [line for line in text.splitlines() if f"(`{check.check}`)" in line]
            assert len(rows) == 1
            assert rows[0].startswith(f"| {layer.layer} | ")
            assert rows[0].count(" | ") == 5  # six cells: no user text split the row
    for finding in report.findings:
        assert "**Fix:** " + md(finding.fix) in text
    assert "| audit.min_category_share | 60% |" in text
    outside_code = re.sub(r"`[^`]*`", "", text)
    assert not re.search(r"(?<!\\)<", outside_code)  # every < is escaped or inside a code span
    assert f"- `my order {EVIL} see {USER_URL}`" in text


def test_markdown_blockers_come_first(report: AuditReport) -> None:
    text = render_markdown(report, "Pilot")
    assert text.index("BLOCKER: No owner") < text.index("WARNING: 40.0%")


def test_json_round_trips(report: AuditReport) -> None:
    data = json.loads(render_json(report))
    assert data == json.loads(json.dumps(report.as_dict()))
    assert data["schema_version"] == 1
    assert data["layers"][0]["checks"][0]["findings"][0]["severity"] == "blocker"


def test_json_is_strict_utf8(report: AuditReport) -> None:
    pii = report.check("pii")
    pii.figures = replace(pii.figures_as(PiiFigures), share=float("nan"))
    text = render_json(report)
    assert "où est" in text  # not \\u escapes
    assert "NaN" not in text
    assert json.loads(text)["layers"][1]["checks"][4]["figures"]["share"] is None


def test_write_reports_creates_the_folder_and_three_files(tmp_path: Path) -> None:
    folder = tmp_path / "ws" / "reports"
    paths = write_reports(_report(), folder, "Pilot")
    assert [p.name for p in paths] == ["audit.html", "audit.md", "audit.json"]
    assert sorted(p.name for p in folder.iterdir()) == ["audit.html", "audit.json", "audit.md"]
    assert json.loads((folder / "audit.json").read_text(encoding="utf-8"))["schema_version"] == 1
    write_reports(_report(ready=True), folder, "Pilot")  # overwrites in place
    assert 'class="banner ready"' in (folder / "audit.html").read_text(encoding="utf-8")


def test_public_api() -> None:
    for name in render.__all__:
        assert hasattr(render, name)


def test_markdown_carries_the_figures_the_html_shows_retrieval_included(
    report: AuditReport,
) -> None:
    text = render_markdown(report, "Pilot")
    figures = text[text.index("## Figures") : text.index("## Findings")]
    assert "check `retrieval_feasibility`:" in figures
    for row in ("| p50 | 34.5 ms |", "| p95 | 57 ms |", "| p99 | 59 ms |", "| budget | 500 ms |",
                "| match at 1 | 40% |", "| match at 5 | 70% |", "| index size | 950 |"):  # fmt: skip
        assert row in figures, row
    assert "latencies" not in figures  # a list of 50 times stays in the HTML chart and the JSON
