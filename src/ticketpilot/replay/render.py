"""The replay report: ``reports/replay.html`` (self-contained, inline SVG) and ``replay.json``."""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

from ticketpilot.replay.model import SYSTEM_LABELS, SYSTEMS, ReplayReport, SystemFigures
from ticketpilot.reports import charts

_STYLE = """
body{font:15px/1.5 system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;margin:1em 0;width:100%}th,td{border:1px solid #ccc;padding:4px 8px;
text-align:right;vertical-align:top}th:first-child,td:first-child{text-align:left}
.ok{color:#1a7f37}.bad{color:#b42318}.note{color:#555;font-size:13px}
pre{white-space:pre-wrap;font:13px/1.4 ui-monospace,monospace;background:#f6f8fa;padding:6px;margin:0}
"""


def _pct(value: float) -> str:
    return f"{value * 100:.1f}%"


def _num(value: float | None, digits: int = 3) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def _row(label: str, fig: SystemFigures) -> str:
    cells = [
        escape(label), f"{fig.n:,}",
        f"{_pct(fig.acceptance)} <span class=note>({_pct(fig.acceptance_low)}–{_pct(fig.acceptance_high)})</span>",
        _num(fig.similarity_mean), _num(fig.fact_overlap_mean),
        f"{_pct(fig.grounding_failure_rate)} ({fig.grounding_failures})",
        _pct(fig.fallback_share), f"{fig.latency_p50_ms:.1f} / {fig.latency_p95_ms:.1f}",
    ]  # fmt: skip
    return "<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"


_HEAD = (
    "<tr><th>system</th><th>n</th><th>expected acceptance (95% CI)</th><th>similarity</th>"
    "<th>key-fact overlap</th><th>grounding failures</th><th>fallback</th>"
    "<th>latency p50 / p95 ms</th></tr>"
)


_CATEGORY_HEAD = (
    "<tr><th>category</th><th>n</th><th>default drafter: acceptance (95% CI)</th>"
    "<th>nearest reply</th><th>random reply</th><th>default: similarity</th>"
    "<th>default: fallback</th></tr>"
)


def _category_row(category: str, figs: dict[str, SystemFigures]) -> str:
    ours = figs["default"]
    cells = [
        escape(category), f"{ours.n:,}",
        f"{_pct(ours.acceptance)} <span class=note>({_pct(ours.acceptance_low)}–{_pct(ours.acceptance_high)})</span>",
        _pct(figs["nearest_reply"].acceptance), _pct(figs["random_reply"].acceptance),
        _num(ours.similarity_mean), _pct(ours.fallback_share),
    ]  # fmt: skip
    return "<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"


def render_html(report: ReplayReport) -> str:
    systems = report.systems
    chart = charts.range_chart(
        [SYSTEM_LABELS[s] for s in SYSTEMS],
        [systems[s].acceptance for s in SYSTEMS],
        [systems[s].acceptance_low for s in SYSTEMS],
        [systems[s].acceptance_high for s in SYSTEMS],
        title="Expected acceptance with 95% Wilson interval",
        x_label=f"share of {report.sample:,} held-out tickets",
        fmt=charts.percent,
        max_value=1.0,
    )
    verdict = (
        '<p class="ok">The default drafter beats both baselines.</p>'
        if report.default_beats_baselines
        else '<p class="bad">The default drafter does not beat both baselines.</p>'
    )
    category_rows = "".join(_category_row(cat, figs) for cat, figs in report.categories.items())
    reasons = "".join(
        f"<tr><td>{escape(r)}</td><td>{n:,}</td></tr>" for r, n in report.fallback_reasons.items()
    )
    examples = "".join(_example(e) for e in report.examples)
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>ticketpilot replay #{report.replay_id}</title><style>{_STYLE}</style></head><body>
<h1>Shadow replay #{report.replay_id}</h1>
<p>{escape(report.method())}</p>
<p class="note">Threshold: {escape(report.calibration.describe())}. Provider {escape(report.provider)},
model {escape(report.model)}, prompt {escape(report.prompt_version)}; {report.seconds:.1f} s.</p>
{verdict}
<table>{_HEAD}{"".join(_row(SYSTEM_LABELS[s], systems[s]) for s in SYSTEMS)}</table>
{chart}
<h2>Per category</h2>
<table>{_CATEGORY_HEAD}{category_rows}</table>
<h2>Why tickets went to a human</h2>
<table><tr><th>reason</th><th>tickets</th></tr>{reasons or "<tr><td>none</td><td>0</td></tr>"}</table>
<h2>Examples (PII masked)</h2>
{examples}
</body></html>
"""


def _example(example: dict[str, object]) -> str:
    rows = [
        f"<tr><td>ticket</td><td colspan=2><pre>{escape(str(example['ticket']))}</pre></td></tr>",
        f"<tr><td>agent sent</td><td colspan=2><pre>{escape(str(example['agent_reply']))}</pre></td></tr>",
    ]
    for system in SYSTEMS:
        got = example[system]
        assert isinstance(got, dict)
        text = got["text"] if got["text"] is not None else f"(human fallback: {got['reason']})"
        similarity = got["similarity"]
        mark = "accepted" if got["accepted"] else "not accepted"
        score = f"{similarity:.2f}, {mark}" if isinstance(similarity, float) else mark
        rows.append(
            f"<tr><td>{escape(SYSTEM_LABELS[system])}</td><td><pre>{escape(str(text))}</pre></td>"
            f"<td>{escape(score)}</td></tr>"
        )
    title = f"ticket {escape(str(example['ticket_id']))} ({escape(str(example['category'] or 'untagged'))})"
    return f"<h3>{title}</h3><table>{''.join(rows)}</table>"


def write_reports(report: ReplayReport, folder: Path) -> list[Path]:
    """Write ``replay.html`` and ``replay.json`` into ``folder``; return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    html, data = folder / "replay.html", folder / "replay.json"
    html.write_text(render_html(report), encoding="utf-8")
    data.write_text(json.dumps(report.as_dict(), indent=2, default=str), encoding="utf-8")
    return [html, data]
