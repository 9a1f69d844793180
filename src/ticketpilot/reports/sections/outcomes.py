"""Dashboard sections: the randomised outcomes against the charter's targets, and latency."""

from __future__ import annotations

import math

from ticketpilot.pilot.figures import Comparison
from ticketpilot.reports import charts
from ticketpilot.reports.model import Chart, Kpi, Kpis, Level, Note, Section
from ticketpilot.reports.sections.performance import source_of
from ticketpilot.reports.state import ProgramState
from ticketpilot.reports.window import Window


def _change(label: str, c: Comparison, target: float, lower_is_better: bool) -> Kpi:
    """Treatment against control as a relative change, read on its always-valid interval."""
    goal = f"{'-' if lower_is_better else '+'}{abs(target):.0%} or better"
    if c.change is None or c.always_valid is None:
        return Kpi(label, "n/a", "too few tickets with a value in one arm", "info", goal)
    lo, hi = c.always_valid.low, c.always_valid.high
    signed = -abs(target) if lower_is_better else abs(target)
    reached = hi <= signed if lower_is_better else lo >= signed
    wrong = lo > 0 if lower_is_better else hi < 0
    level: Level = "good" if reached else ("bad" if wrong else "warn")
    basis = (
        f"treatment mean {c.treatment.stats.mean:,.1f} (n={c.treatment.stats.n:,}) vs control "
        f"{c.control.stats.mean:,.1f} (n={c.control.stats.n:,}); 95% always-valid "
        + (f"{lo:+.0%} to {hi:+.0%}" if math.isfinite(lo) and math.isfinite(hi) else "unbounded")
    )
    return Kpi(label, f"{c.change:+.1%}", basis, level, goal)


def outcome_kpis(state: ProgramState, window: Window) -> Section | None:
    """Editing time, resolution time and CSAT of treatment against control, against targets."""
    pilot = state.pilot
    if pilot is None:
        return None
    m = pilot.report.metrics.overall
    t = state.charter.targets
    baseline = pilot.report.baseline_resolution_hours
    resolution_target = (t.resolution_hours / baseline - 1.0) if baseline else -0.3
    kpis = (
        _change("Editing time", m.editing_time, t.handle_time_reduction_pct / 100, True),
        _change("Resolution time", m.resolution_time, resolution_target, True),
        _change("CSAT", m.csat, t.csat_change_pct / 100, False),
    )
    return Section("outcome_kpis", "Outcomes against targets (treatment vs control)",
                   (Kpis(kpis),), f"Randomised comparison from {source_of(pilot)}; relative "
                   "change of the mean, Welch t with the delta method, always-valid interval.")  # fmt: skip


def latency_trend(state: ProgramState, window: Window) -> Section | None:
    """Drafting latency p95 per day against the charter's maximum."""
    pilot = state.pilot
    if pilot is None or not pilot.days:
        return None
    days = pilot.days
    svg = charts.line_chart(
        [f"{d.day:%m-%d}" for d in days],
        {"latency p95": [d.latency_p95_ms for d in days]},
        targets={"maximum p95": state.charter.pilot.max_latency_p95_ms},
        title="Drafting latency p95 per day", y_label="milliseconds", height=220,
    )  # fmt: skip
    note = Note("Latency is the drafting time of each treatment ticket (shown or withheld).")
    return Section("latency_trend", "Latency", (Chart("latency", svg, "p95 of that day's "
                   "drafting times (linear interpolation)."), note))  # fmt: skip
