"""Reports drawn three ways from one model: escaping, self-containment, Markdown tables and
chart files, the JSON form, and the pilot's events counted per day."""

from __future__ import annotations

import re
from datetime import datetime

from ticketpilot.pilot.log import EventLog
from ticketpilot.reports import charts
from ticketpilot.reports.model import Chart, Kpi, Kpis, Note, Report, Section, Table
from ticketpilot.reports.render import render_html, render_markdown
from ticketpilot.reports.state import pilot_days

EVIL = '<script>alert("x")</script>'


def _report() -> Report:
    svg = charts.bar_chart(["a", EVIL], [1, 2], title="Bars", x_label="n")
    section = Section(
        "s1",
        f"Section {EVIL}",
        (
            Kpis((Kpi("Acceptance", "56.8%", f"474 of 834 drafts; {EVIL}", "good", "at least 50%"),)),
            Table(("day", "n|pipes"), (("2026-01-01", "3 | 4"),), "caption"),
            Chart("bars", svg, "Bars per label."),
            Note("Watch this.", "warn"),
        ),
        "The method, n=834.",
    )  # fmt: skip
    return Report("weekly", "Weekly performance summary", f"Prog {EVIL}",
                  "2026-01-01 to 2026-01-07 (UTC)", datetime(2026, 1, 8, 9, 30), "All fine.",
                  (section,), (("data-readiness audit", "audit.html"),))  # fmt: skip


def test_html_is_escaped_and_self_contained() -> None:
    html = render_html(_report())
    assert "<script" not in html and "&lt;script&gt;" in html
    assert not re.search(r"(src|href)=\"https?:|url\((?!#)|@import|<link|@font-face", html)
    assert '<a href="audit.html">data-readiness audit</a>' in html
    assert '"Segoe UI"' in html  # the stylesheet is not escaped inside <style>
    assert html.count('<svg class="chart"') == 1
    assert "Window 2026-01-01 to 2026-01-07 (UTC); generated 2026-01-08 09:30 UTC" in html
    assert '<body class="">' in html and 'class="one-page"' in render_html(_report(), one_page=True)


def test_markdown_has_tables_notes_and_linked_charts() -> None:
    text = render_markdown(_report(), "weekly-{name}.svg")
    assert text.startswith("# Weekly performance summary: Prog")
    assert "| ✅ Acceptance | 56.8% | at least 50% |" in text
    assert "| 2026-01-01 | 3 \\| 4 |" in text  # a pipe in a cell cannot break the table
    assert "![Bars per label.](weekly-bars.svg)" in text
    assert "> ⚠️ Watch this." in text and "_Method: The method, n=834._" in text


def test_json_form_keeps_every_figure_but_not_the_svg() -> None:
    data = _report().as_dict()
    blocks = data["sections"][0]["blocks"]
    assert blocks[0]["kpis"][0]["basis"].startswith("474 of 834 drafts")
    assert blocks[2] == {"chart": "bars", "caption": "Bars per label."}
    assert data["links"] == [{"label": "data-readiness audit", "file": "audit.html"}]


def test_pilot_events_are_counted_per_day_with_escalations() -> None:
    day1, day2 = datetime(2026, 1, 1, 10), datetime(2026, 1, 2, 11)
    kinds = ["shown", "accepted", "shown", "edited", "flagged", "withheld", "shown", "rejected"]
    ats = [day1, day1, day1, day1, day1, day1, day2, day2]
    payloads = [{"latency_ms": 100.0}, {}, {"latency_ms": 300.0}, {}, {"severity": "critical"},
                {"reason": "critical_category", "latency_ms": 5.0}, {"latency_ms": 50.0}, {}]  # fmt: skip
    tickets = [f"t{i}" for i in range(len(kinds))]
    log = EventLog.from_payloads(kinds, tickets, ats, [None] * len(kinds), payloads)
    days, escalations = pilot_days(log)
    first, second = days
    assert (first.shown, first.accepted, first.edited, first.flagged, first.critical) == (
        2,
        1,
        1,
        1,
        1,
    )
    assert first.acceptance == 0.5 and first.flagged_rate == 0.5
    assert first.latency_p95_ms is not None and 200 < first.latency_p95_ms <= 300
    assert (second.shown, second.rejected, second.acceptance) == (1, 1, 0.0)
    assert escalations.flagged == {"critical": 1}
    assert escalations.fallbacks == {"critical_category": 1}
