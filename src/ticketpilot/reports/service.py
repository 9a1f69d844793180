"""The reports use cases: gather the program's state from the workspace, build a preset's
report, write it as HTML, Markdown (with its charts as SVG files) and PDF into ``reports/``.

:func:`program_state` is also what the gate and the dashboard read, so every view of the
program is drawn from the same evidence.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ticketpilot.baseline.value import value_model
from ticketpilot.cost.service import budget_status, price_table
from ticketpilot.errors import ReportError, TicketpilotError
from ticketpilot.monitor.service import list_alerts
from ticketpilot.pilot.service import LIVE, REHEARSAL, pilot_report
from ticketpilot.reports.build import build_report
from ticketpilot.reports.dashboard import dashboard_view, render_dashboard
from ticketpilot.reports.figure import standalone
from ticketpilot.reports.model import Report
from ticketpilot.reports.presets import Presets
from ticketpilot.reports.render import render_html, render_markdown, render_pdf
from ticketpilot.reports.sections import ReportSections
from ticketpilot.reports.state import DriftAlert, PilotState, ProgramState, pilot_days
from ticketpilot.runtime import Runtime
from ticketpilot.store.baselines import latest_baseline
from ticketpilot.store.cost_usage import draft_usage

FORMATS = ("html", "md", "pdf")
MAX_HTML_BYTES = 1_000_000


@dataclass(frozen=True)
class ReportOutput:
    report: Report
    files: list[Path] = field(default_factory=list)


def program_state(runtime: Runtime) -> ProgramState:
    """Everything the reports and the gate read, from the workspace as it is now."""
    notes: list[str] = []
    reports = runtime.workspace.reports_dir
    baseline = latest_baseline(runtime.engine)
    try:
        budget = budget_status(runtime)
    except TicketpilotError as exc:  # an unknown model in the charter's price list, say
        budget = None
        notes.append(f"budget status unavailable: {exc}")
    return ProgramState(
        charter=runtime.charter,
        now=runtime.clock(),
        reports_dir=reports,
        baseline=baseline,
        value=value_model(runtime.charter, baseline) if baseline else None,
        audit=_json(reports / "audit.json", notes),
        replay=_json(reports / "replay.json", notes),
        pilot=pilot_state(runtime),
        alerts=[
            DriftAlert(
                a.detector,
                a.subject,
                a.started,
                a.detected,
                a.message,
                a.acknowledged_at is not None,
            )
            for a in list_alerts(runtime, limit=1000)
        ],
        budget=budget,
        forecast=_json(reports / "cost-forecast.json", notes),
        spend_by_month=spend_by_month(runtime, notes),
        notes=notes,
        files=frozenset(p.name for p in reports.glob("*") if p.is_file()),
    )


def pilot_state(runtime: Runtime) -> PilotState | None:
    """The live pilot when it has events, else the rehearsal, else ``None``."""
    for kind in (LIVE, REHEARSAL):
        log = runtime.event_logs.get(runtime.engine, kind)
        if len(log):
            days, escalations = pilot_days(log)
            return PilotState(kind, pilot_report(runtime, pilot=kind, log=log), days, escalations)
    return None


def spend_by_month(runtime: Runtime, notes: list[str]) -> dict[str, float]:
    """Model spend per calendar month of the recorded drafting calls, each at its model's price."""
    prices = price_table(runtime.charter)
    totals: dict[str, float] = defaultdict(float)
    unknown: set[str] = set()
    for row in draft_usage(runtime.engine):
        if not row.is_request:
            continue
        try:
            price = prices.price(row.model)
        except TicketpilotError:
            unknown.add(row.model)
            continue
        totals[f"{row.created_at:%Y-%m}"] += price.cost(row.input_tokens, row.output_tokens)
    if unknown:
        notes.append(f"spend of models without a price left out: {', '.join(sorted(unknown))}")
    return dict(totals)


def _json(path: Path, notes: list[str]) -> dict[str, Any] | None:
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        notes.append(f"{path.name} unreadable: {exc}")
        return None
    return data if isinstance(data, dict) else None


def make_report(
    runtime: Runtime,
    name: str,
    *,
    state: ProgramState | None = None,
    presets: Presets | None = None,
    sections: ReportSections | None = None,
) -> Report:
    """Build the report ``name`` (weekly, monthly, executive) without writing it."""
    preset = (presets if presets is not None else runtime.report_presets).get(name)
    chosen = sections if sections is not None else runtime.report_sections
    return build_report(preset, state or program_state(runtime), chosen)


def write_report(
    runtime: Runtime,
    name: str,
    *,
    formats: tuple[str, ...] = FORMATS,
    state: ProgramState | None = None,
) -> ReportOutput:
    """Build ``name`` and write ``reports/NAME.{html,md,pdf}`` and the Markdown's chart files."""
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ReportError(f"unknown report format {unknown[0]!r}; known: {', '.join(FORMATS)}")
    preset = runtime.report_presets.get(name)
    report = make_report(runtime, name, state=state)
    folder = runtime.workspace.reports_dir
    folder.mkdir(parents=True, exist_ok=True)
    html = render_html(report, one_page=preset.one_page)
    if len(html.encode()) > MAX_HTML_BYTES:
        raise ReportError(f"{name}.html would be {len(html.encode()):,} bytes, over 1 MB")
    files: list[Path] = []
    if "html" in formats:
        files.append(_write(folder / f"{name}.html", html))
    if "md" in formats:
        stem = f"{name}-{{name}}.svg"
        files.append(_write(folder / f"{name}.md", render_markdown(report, stem)))
        files += [_write(folder / stem.format(name=c.name), standalone(c.svg))
                  for c in report.charts()]  # fmt: skip
    if "pdf" in formats:
        files.append(render_pdf(html, folder / f"{name}.pdf"))
    return ReportOutput(report, files)


def _write(path: Path, text: str) -> Path:
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)
    return path


def dashboard_html(runtime: Runtime, *, link_prefix: str = "", served: bool = True) -> str:
    """The TPM dashboard page over the workspace as it is now (what ``/dashboard`` serves);
    ``served``: with links back to the service's other pages."""
    view = dashboard_view(program_state(runtime), runtime.report_sections, runtime.report_presets)
    return render_dashboard(view, link_prefix=link_prefix,
                            served=served)  # fmt: skip


def write_dashboard(runtime: Runtime) -> Path:
    """A snapshot of the dashboard as ``reports/dashboard.html`` (opens without a server)."""
    view = dashboard_view(program_state(runtime), runtime.report_sections, runtime.report_presets)
    html = render_dashboard(view, served=False)
    return _write(runtime.workspace.reports_dir / "dashboard.html", html)
