"""The replay report: ``reports/replay.html`` (self-contained, inline SVG) and ``replay.json``."""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

from ticketpilot.replay.model import (
    DEFINITIONS,
    SYSTEM_LABELS,
    SYSTEMS,
    Rate,
    ReplayReport,
    SystemFigures,
)
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


def _rate(rate: Rate | None) -> str:
    """``3.2% <note>(3 of 94 texts produced)</note>``: a share never without its counts."""
    if rate is None:
        return "not measured"
    share = "n/a" if rate.value is None else _pct(rate.value)
    return f"{share} <span class=note>({rate.numerator:,} of {rate.denominator:,} {escape(rate.of)})</span>"


def _row(label: str, fig: SystemFigures, scoped: bool) -> str:
    rates = fig.rates()
    cells = [
        escape(label), f"{fig.n:,}",
        f"{_rate(rates['acceptance'])} <span class=note>95% CI {_pct(fig.acceptance_low)}–{_pct(fig.acceptance_high)}</span>",
        _num(fig.similarity_mean), _num(fig.fact_overlap_mean),
        _rate(rates["grounding_failures"]), _rate(rates["fallback"]),
    ]  # fmt: skip
    if scoped:
        cells += [_rate(fig.links_outside_scope), _rate(fig.sources_outside_scope)]
    cells.append(f"{fig.latency_p50_ms:.1f} / {fig.latency_p95_ms:.1f}")
    return "<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"


def _head(scoped: bool) -> str:
    names = ["system", "n", "expected acceptance", "similarity", "key-fact overlap",
             "grounding failures", "fallback"]  # fmt: skip
    if scoped:
        names += ["links outside the ticket's scope", "built from another scope's ticket"]
    names.append("latency p50 / p95 ms")
    return "<tr>" + "".join(f"<th>{escape(n)}</th>" for n in names) + "</tr>"


def _definitions(scoped: bool) -> str:
    shown = [k for k in DEFINITIONS if scoped or not k.endswith("_scope")]
    items = "".join(
        f"<li><b>{escape(k.replace('_', ' '))}</b>: {escape(DEFINITIONS[k])}</li>" for k in shown
    )
    return f"<ul class=note>{items}</ul>"


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
    scoped = report.link_field is not None
    table = "".join(_row(SYSTEM_LABELS[s], systems[s], scoped) for s in SYSTEMS)
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
<table>{_head(scoped)}{table}</table>
{_definitions(scoped)}
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
