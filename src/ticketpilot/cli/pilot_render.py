"""The pilot's report on the console: the status in words, every figure with both intervals.

Each figure shows its estimate, its 95% fixed-sample interval (valid at one look), its
always-valid interval where the status decides on it (valid however often it is read), the n
it was computed from, and the method; the window and the cohort design head the report.
"""

from __future__ import annotations

import math

from rich import box
from rich.markup import escape
from rich.table import Table

from ticketpilot.cli.common import console
from ticketpilot.cli.pilot_format import (
    Show,
    change,
    percent,
    points,
    signed_points,
    span,
)
from ticketpilot.cli.pilot_variants import render_variants
from ticketpilot.pilot import Comparison, MeanFigure, MetricSet, Percentiles, Proportion
from ticketpilot.pilot.results import PilotReport, Rehearsal
from ticketpilot.pilot.status import PilotStatus

_COLOURS = {"continue": "cyan", "success": "green", "harm": "red", "futile": "red",
            "inconclusive": "yellow", "unhealthy": "red"}  # fmt: skip


def render_report(report: PilotReport) -> None:
    """The whole report: status, method, figures, segments, sample ratio, design."""
    status = report.status
    metrics = report.metrics
    name = "rehearsal (simulated tickets)" if report.pilot == "rehearsal" else "live"
    colour = _COLOURS.get(status.kind, "white")
    console.print(
        f"[bold]Pilot status ({name}):[/] [bold {colour}]{escape(status.headline)}[/]",
        highlight=False,
    )
    _lines("why", status.reasons)
    _lines("watch", status.warnings)
    overall = metrics.overall
    if overall.srm is not None:
        console.print(f"  sample ratio: {escape(overall.srm.describe())}", highlight=False)
    console.print(f"  method: {escape(metrics.method())}", highlight=False, soft_wrap=True)
    console.print(
        f"  resolution target from: {escape(report.baseline_source)}",
        highlight=False,
        soft_wrap=True,
    )
    if sum(overall.units.values()) == 0:
        return
    console.print(figure_table(overall, "All pilot tickets"))
    if len(metrics.by_category) > 1:
        console.print(segment_table(metrics.by_category, report.by_category, "Per category"))
    if metrics.by_prompt_version:
        console.print(segment_table(metrics.by_prompt_version, report.by_prompt_version,
                                    "Per prompt version (its treatment tickets vs all control)"))  # fmt: skip
    if report.experiment is not None:
        render_variants(report.experiment)


def render_rehearsal(run: Rehearsal) -> None:
    """What the rehearsal played, then its report."""
    units = run.report.metrics.overall.units
    console.print(
        f"Rehearsal: {run.days} days at {run.tickets_per_day:,.1f} tickets a day "
        f"({escape(run.volume_source)}), seed {run.seed}, from {run.start:%Y-%m-%d}; "
        f"{units['treatment']:,} treatment and {units['control']:,} control tickets; agents "
        f"played over the {run.pool:,} tickets of replay #{run.replay_id} (true acceptance "
        f"of the agent model {run.expected_acceptance:.1%}; docs/pilot.md). "
        f"{run.stored:,} events stored through the feedback service ({run.duplicates:,} "
        f"duplicates; {run.replaced:,} events of the previous rehearsal replaced) in "
        f"{run.seconds:.1f} s.",
        highlight=False,
        soft_wrap=True,
    )
    render_report(run.report)


def _lines(label: str, lines: tuple[str, ...]) -> None:
    for line in lines:
        console.print(f"  {label}: {escape(line)}", highlight=False, soft_wrap=True)


def figure_table(m: MetricSet, title: str) -> Table:
    """Every figure of one segment: estimate, 95% fixed and always-valid intervals, n, method."""
    units = m.units
    table = Table(
        title=f"{title}: {units['treatment']:,} treatment, {units['control']:,} control tickets "
        f"over {m.days:.1f} days; {m.drafts_shown:,} drafts shown, {m.pending:,} awaiting a reply",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        caption=_LEGEND,
        caption_justify="left",
    )
    table.add_column("figure", overflow="fold")
    for column in ("estimate", "95% fixed", "always-valid", "n"):
        table.add_column(column, justify="right", no_wrap=True)
    rates = (("acceptance", m.acceptance),
             ("edit rate", m.edit_rate),
             ("rejection rate", m.rejection_rate),
             ("fallback rate", m.fallback_rate),
             ("hallucinations flagged by agents", m.hallucination_flagged),
             ("hallucinations detected by checks", m.hallucination_detected))  # fmt: skip
    for label, figure in rates:
        table.add_row(*_rate_row(label, figure))
    table.add_row(*_mean_row("edit distance", m.edit_distance, _chars))
    table.add_row(*_mean_row("share kept", m.kept_share, percent))
    for q in ("p50", "p95", "p99"):
        table.add_row(*_latency_row(q, m.latency_ms))
    for label, comparison, unit in (
        ("editing time", m.editing_time, " s"),
        ("resolution time", m.resolution_time, " h"),
        ("CSAT", m.csat, ""),
    ):
        table.add_row(*_change_row(label, comparison, unit))
    return table


_LEGEND = (
    "n: acceptance, edit and rejection rates over drafts with a reply; fallbacks over treatment "
    "tickets; hallucinations flagged by agents over drafts shown, detected by the checks over "
    "drafts written; edit distance and share kept over edited drafts; latency over drafting "
    "calls; changes over treatment + control tickets (treatment mean over control mean, minus "
    "1). Methods: Wilson for rates, Student t for means, order statistics for percentiles, "
    "Welch t with the delta method for changes. fixed: valid at one look; always-valid: a "
    "confidence sequence, valid however often it is read (the status decides on it)."
)


def segment_table(
    sets: dict[str, MetricSet], statuses: dict[str, PilotStatus], title: str
) -> Table:
    """One row per segment: tickets, acceptance and editing time with intervals; then statuses.

    Laid out for an 80-column terminal: intervals in percent without the sign, and each
    segment's status (the decision rule applied to it alone) listed under the table.
    """
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("segment", overflow="fold")
    for column in ("tickets", "acceptance %", "editing time %"):
        table.add_column(column, justify="right", no_wrap=True)
    verdicts: dict[str, list[str]] = {}
    for name, m in list(sets.items())[:15]:
        acceptance, editing, status = m.acceptance, m.editing_time, statuses[name]
        table.add_row(
            escape(name),
            f"{m.units['treatment']:,}+{m.units['control']:,}",
            f"{points(acceptance.rate)} ({span(acceptance.fixed, points)})",
            f"{signed_points(editing.change)} ({span(editing.fixed, signed_points)})",
        )
        days = "" if status.days_left is None else f" ({status.days_left:,} days more)"
        verdicts.setdefault(status.kind, []).append(escape(name) + days)
    said = "; ".join(f"[{_COLOURS.get(kind, 'white')}]{kind}[/]: {', '.join(names)}"
                     for kind, names in verdicts.items())  # fmt: skip
    table.caption = f"{_SEGMENT_LEGEND} Status per segment: {said}."
    table.caption_justify = "left"
    return table


_SEGMENT_LEGEND = (
    "tickets: treatment + control. acceptance: over drafts with a reply, 95% fixed interval "
    "(Wilson); editing time: change of the treatment mean against control, 95% fixed interval "
    "(Welch t). Status: the pilot's decision rule applied to the segment alone "
    "(docs/pilot.md), with the days of data still needed at the current volume."
)


def _rate_row(label: str, figure: Proportion) -> tuple[str, ...]:
    return (label, percent(figure.rate), span(figure.fixed, percent),
            span(figure.always_valid, percent), f"{figure.successes:,}/{figure.n:,}")  # fmt: skip


def _mean_row(label: str, figure: MeanFigure, show: Show) -> tuple[str, ...]:
    return (label, show(figure.stats.mean), span(figure.interval, show), "-",
            f"{figure.stats.n:,}")  # fmt: skip


def _latency_row(q: str, figure: Percentiles) -> tuple[str, ...]:
    return (f"latency {q}", _ms(figure.values.get(q, math.nan)), span(figure.intervals[q], _ms),
            "-", f"{figure.n:,}")  # fmt: skip


def _change_row(label: str, c: Comparison, unit: str) -> tuple[str, ...]:
    t, k = c.treatment.stats, c.control.stats
    means = f"{_num(t.mean)}{unit} vs {_num(k.mean)}{unit}"
    return (f"{label} change\n[dim]{means}[/]", change(c.change), span(c.fixed, change),
            span(c.always_valid, change), f"{t.n:,}+{k.n:,}")  # fmt: skip


def _num(value: float) -> str:
    return "n/a" if math.isnan(value) else f"{value:,.1f}"


def _chars(value: float) -> str:
    return "n/a" if math.isnan(value) else f"{value:,.0f} ch"


def _ms(value: float) -> str:
    return "n/a" if math.isnan(value) else f"{value:,.0f} ms"
