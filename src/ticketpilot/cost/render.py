"""The cost reports: ``reports/cost-forecast.{html,md,svg}`` and ``reports/cost-report.{html,md,svg}``.

HTML is self-contained (the chart inline as SVG, no script, no CDN); Markdown is for chat and
wikis and links the SVG beside it. Every figure carries what it came from.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

from ticketpilot.cost.chart import budget_chart, forecast_chart
from ticketpilot.cost.forecast import Forecast
from ticketpilot.cost.guardrails import ALERT_KINDS
from ticketpilot.cost.prices import from_units
from ticketpilot.cost.results import BudgetStatus, CostForecast
from ticketpilot.cost.usage import UsageReport
from ticketpilot.figures import format_value
from ticketpilot.reports.figure import standalone

_STYLE = """
body{font:15px/1.5 system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;margin:1em 0;width:100%}th,td{border:1px solid #ccc;padding:4px 8px;
text-align:right;vertical-align:top}th:first-child,td:first-child{text-align:left}
.note{color:#555;font-size:13px}svg{max-width:100%;height:auto}
"""
Table = tuple[list[str], list[list[str]]]


def money(value: float | None, currency: str = "") -> str:
    if value is None:
        return "n/a"
    digits = 2 if abs(value) >= 1 or value == 0 else 6
    return f"{value:,.{digits}f}" + (f" {currency}" if currency else "")


def _band(low: float, mid: float, high: float) -> str:
    return f"{money(mid)} ({money(low)}–{money(high)})"


def comparison(result: CostForecast) -> Table:
    head = [
        "model",
        f"{result.months}-month bill (low–high)",
        "per request",
        "per drafted ticket",
        "per resolved ticket (last month)",
        "net value",
    ]
    rows = [
        [
            fc.model,
            _band(*fc.bill),
            money(fc.per_request.mean),
            money(fc.cost_per_drafted_ticket),
            money(fc.months[-1].cost_per_resolved_ticket),
            money(fc.net_value),
        ]
        for fc in result.forecasts
    ]
    return head, rows


def months(fc: Forecast) -> Table:
    head = [
        "month",
        "tickets (low–high)",
        "rollout",
        "requests",
        "bill (low–high)",
        "per resolved ticket",
        "value",
        "net value",
        "net at high bill",
        "peak req/h",
        "peak tokens/min",
    ]
    rows = [
        [
            f"{m.month:%Y-%m}",
            f"{m.tickets:,.0f} ({m.tickets_low:,.0f}–{m.tickets_high:,.0f})",
            f"{m.rollout:.0%}",
            f"{m.requests:,.0f}",
            _band(m.bill_low, m.bill, m.bill_high),
            money(m.cost_per_resolved_ticket),
            money(m.value),
            money(m.net_value),
            money(m.net_value_at_high_bill),
            "n/a" if m.peak_requests_per_hour is None else f"{m.peak_requests_per_hour:,.1f}",
            "n/a" if m.peak_tokens_per_minute is None else f"{m.peak_tokens_per_minute:,.0f}",
        ]
        for m in fc.months
    ]
    return head, rows


def usage_table(usage: UsageReport) -> Table:
    rows = []
    for fig in usage.figures.values():
        shown = format_value(fig.value, fig.unit) if fig.value is not None else "n/a"
        rows.append([fig.name.replace("_", " "), shown, f"{fig.method}; n={fig.n:,}"])
    return ["figure", "value", "computed from"], rows


def breakdown_table(usage: UsageReport, currency: str) -> Table:
    rows = [
        [f"{label}: {b.key}", f"{b.requests:,}", money(b.cost, currency), money(b.per_request)]
        for label, groups in (
            ("category", usage.by_category),
            ("prompt", usage.by_prompt_version),
            ("model", usage.by_model),
        )
        for b in groups[:12]
    ]
    return ["group", "requests", "cost", "per request"], rows


def status_table(status: BudgetStatus) -> Table:
    cur = status.currency
    spend = status.spend
    rows = [[name.replace("_", " "), money(value, cur)] for name, value in status.limits().items()]
    if spend is None:
        rows.append(["ledger", f"unreachable: {status.error}"])
    else:
        rows += [
            ["settled", money(from_units(spend.settled), cur)],
            [
                "reserved (calls in flight)",
                f"{money(from_units(spend.reserved), cur)} ({spend.held:,} held)",
            ],
            ["paid calls reserved this period", f"{spend.requests:,}"],
            [
                "lane",
                status.lane + (f" ({status.degrade_model})" if status.lane == "degraded" else ""),
            ],
            [
                "projected at period end",
                f"{money(status.projected, cur)} (settled / "
                f"{status.elapsed_share:.1%} of the period elapsed)",
            ],
        ]
    return ["", f"period {status.period} ({status.start:%Y-%m-%d} .. {status.end:%Y-%m-%d})"], rows


def alert_table(status: BudgetStatus) -> Table:
    rows = [
        [a.kind, f"{a.created_at:%Y-%m-%d %H:%M}", ALERT_KINDS.get(a.kind, ""), a.delivery or "-"]
        for a in status.alerts
    ]
    return ["alert", "at (UTC)", "meaning", "webhook"], rows or [["none", "", "", ""]]


def _md(table: Table) -> str:
    head, rows = table
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _html(table: Table) -> str:
    head, rows = table
    cells = "".join(f"<th>{escape(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><tr>{cells}</tr>{body}</table>"


def forecast_markdown(result: CostForecast, chart_file: str) -> str:
    parts = [
        f"# Cost forecast: {result.months} months from {result.start:%Y-%m} ({result.currency})",
        f"Generated {result.generated_at:%Y-%m-%d %H:%M} UTC; prices: {result.prices}."
        + "".join(f" Note: {note}." for note in result.notes),
        _md(comparison(result)),
        f"![monthly bill]({chart_file})",
    ]
    for fc in result.forecasts:
        parts += [f"## {fc.model}: month by month", _md(months(fc)), "Method:"]
        parts.append("\n".join(f"- {line}" for line in fc.method))
    if result.usage is not None:
        parts += [f"## Measured usage ({result.usage.source})", _md(usage_table(result.usage))]
    return "\n\n".join(parts) + "\n"


def forecast_html(result: CostForecast, chart: str) -> str:
    sections = [
        f"<h1>Cost forecast: {result.months} months from {result.start:%Y-%m} "
        f"({escape(result.currency)})</h1>",
        f"<p class=note>Generated {result.generated_at:%Y-%m-%d %H:%M} UTC; prices: "
        f"{escape(result.prices)}.{''.join(f' Note: {escape(n)}.' for n in result.notes)}</p>",
        _html(comparison(result)),
        chart,
    ]
    for fc in result.forecasts:
        sections += [
            f"<h2>{escape(fc.model)}: month by month</h2>",
            _html(months(fc)),
            "<ul class=note>" + "".join(f"<li>{escape(x)}</li>" for x in fc.method) + "</ul>",
        ]
    if result.usage is not None:
        sections += [
            f"<h2>Measured usage</h2><p class=note>{escape(result.usage.source)}</p>",
            _html(usage_table(result.usage)),
        ]
    return _page(f"ticketpilot cost forecast {result.start:%Y-%m}", sections)


def status_markdown(status: BudgetStatus, chart_file: str) -> str:
    parts = [
        f"# Budget {status.period}: spend against budget ({status.currency})",
        f"Ledger: {status.store}. Drafts' own costs: {status.usage.source}.",
        _md(status_table(status)),
        f"![budget]({chart_file})",
        "## Alerts",
        _md(alert_table(status)),
        "## This period's drafts",
        _md(usage_table(status.usage)),
        _md(breakdown_table(status.usage, status.currency)),
    ]
    return "\n\n".join(parts) + "\n"


def status_html(status: BudgetStatus, chart: str) -> str:
    sections = [
        f"<h1>Budget {escape(status.period)}: spend against budget</h1>",
        f"<p class=note>Ledger: {escape(status.store)}. Drafts: {escape(status.usage.source)}.</p>",
        _html(status_table(status)),
        chart,
        "<h2>Alerts</h2>",
        _html(alert_table(status)),
        "<h2>This period's drafts</h2>",
        _html(usage_table(status.usage)),
        _html(breakdown_table(status.usage, status.currency)),
    ]
    return _page(f"ticketpilot budget {status.period}", sections)


def _page(title: str, sections: list[str]) -> str:
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}'
        f"</title><style>{_STYLE}</style></head><body>\n"
        + "\n".join(sections)
        + "\n</body></html>\n"
    )


def write_forecast(result: CostForecast, folder: Path) -> list[Path]:
    """Write ``cost-forecast.html``, ``.md``, ``.svg`` and ``.json`` (``result.as_dict()``, what
    the reports and the gate read) into ``folder``; return their paths."""
    chart = forecast_chart(result)
    paths = _write(
        folder,
        "cost-forecast",
        forecast_html(result, chart),
        forecast_markdown(result, "cost-forecast.svg"),
        chart,
    )
    data = folder / "cost-forecast.json"
    data.write_text(json.dumps(result.as_dict(), indent=2, default=str) + "\n", encoding="utf-8")
    return [*paths, data]


def write_status(status: BudgetStatus, folder: Path) -> list[Path]:
    """Write ``cost-report.html``, ``.md`` and ``.svg`` into ``folder``; return their paths."""
    chart = budget_chart(status)
    return _write(
        folder,
        "cost-report",
        status_html(status, chart),
        status_markdown(status, "cost-report.svg"),
        chart,
    )


def _write(folder: Path, stem: str, html: str, markdown: str, svg: str) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"{stem}.html", folder / f"{stem}.md", folder / f"{stem}.svg"]
    for path, text in zip(paths, (html, markdown, standalone(svg)), strict=True):
        path.write_text(text, encoding="utf-8")
    return paths
