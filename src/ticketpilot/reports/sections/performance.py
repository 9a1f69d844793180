"""The weekly performance sections: pilot KPIs against targets, daily trends, escalations, and
the drift alerts of the week."""

from __future__ import annotations

import math

from ticketpilot.pilot.figures import Proportion
from ticketpilot.pilot.intervals import Interval, wilson
from ticketpilot.reports import charts
from ticketpilot.reports.formats import percent
from ticketpilot.reports.model import Chart, Kpi, Kpis, Level, Note, Section, Table
from ticketpilot.reports.state import PilotDay, PilotState, ProgramState
from ticketpilot.reports.window import Window

NO_PILOT = (
    "No pilot events in this workspace: neither a live pilot (the feedback API) nor a "
    "rehearsal (`ticketpilot demo`, or the pilot service's simulate) has run."
)


def source_of(pilot: PilotState) -> str:
    if pilot.kind == "live":
        return "the live pilot (agents' feedback events)"
    return "the pilot rehearsal (simulated agents over the shadow replay, docs/pilot.md)"


def interval_text(interval: Interval) -> str:
    if math.isnan(interval.low) or math.isnan(interval.high):
        return "no interval"
    return f"{percent(interval.low)}–{percent(interval.high)}"


def rate_kpi(label: str, figure: Proportion, of: str, target: float, higher: bool) -> Kpi:
    """A rate against its threshold, read on its always-valid interval (as the status does)."""
    if not figure.n:
        return Kpi(label, "n/a", f"no {of} yet", "info", _target(target, higher))
    interval = figure.always_valid
    met = interval.low >= target if higher else interval.high <= target
    missed = interval.high < target if higher else interval.low > target
    level: Level = "good" if met else ("bad" if missed else "warn")
    basis = (
        f"{figure.successes:,} of {figure.n:,} {of}; 95% always-valid {interval_text(interval)}"
        f" (Wilson {interval_text(figure.fixed)})"
    )
    return Kpi(label, percent(figure.rate), basis, level, _target(target, higher))


def _target(value: float, higher: bool) -> str:
    return f"{'at least' if higher else 'at most'} {percent(value)}"


def pilot_kpis(state: ProgramState, window: Window) -> Section:
    """Acceptance, edits, hallucinations, latency and fallbacks of the pilot, with the status."""
    pilot = state.pilot
    if pilot is None:
        return Section("pilot_kpis", "Pilot performance", (Note(NO_PILOT, "warn"),))
    m = pilot.report.metrics.overall
    limits = state.charter.pilot
    latency = m.latency_ms.values.get("p95", math.nan)
    late = m.latency_ms.intervals.get("p95")
    lat_level: Level = "info" if math.isnan(latency) else (
        "good" if latency <= limits.max_latency_p95_ms else "bad")  # fmt: skip
    kpis = (
        rate_kpi("Acceptance (sent unchanged)", m.acceptance, "drafts answered",
                 limits.min_acceptance_rate, True),
        Kpi("Edited before sending", percent(m.edit_rate.rate) if m.edit_rate.n else "n/a",
            f"{m.edit_rate.successes:,} of {m.edit_rate.n:,} drafts answered; mean edit distance "
            f"{_mean(m.edit_distance.stats.mean)} characters (n={m.edit_distance.stats.n:,})"),
        rate_kpi("Hallucinations flagged", m.hallucination_flagged, "drafts shown",
                 limits.max_hallucination_rate, False),
        Kpi("Latency p95", "n/a" if math.isnan(latency) else f"{latency:,.0f} ms",
            f"n={m.latency_ms.n:,} drafts; order-statistic 95% interval "
            + (f"{late.low:,.0f}–{late.high:,.0f} ms" if late and math.isfinite(late.high)
               else "unbounded at this n"), lat_level, f"at most {limits.max_latency_p95_ms:,.0f} ms"),
        Kpi("Human fallbacks", percent(m.fallback_rate.rate) if m.fallback_rate.n else "n/a",
            f"{m.fallback_rate.successes:,} of {m.fallback_rate.n:,} treatment tickets got no "
            "draft (critical category, failed check, weak retrieval...)"),
    )  # fmt: skip
    status = pilot.report.status
    level: Level = "good" if status.kind == "success" else (
        "info" if status.kind == "continue" else "bad")  # fmt: skip
    notes = [Note(f"Pilot status: {status.headline}.", level)]
    notes += [Note(w, "warn") for w in status.warnings]
    return Section(
        "pilot_kpis",
        "Pilot performance to date",
        (Kpis(kpis), *notes),
        f"From {source_of(pilot)}. {pilot.report.metrics.method()}",
    )


def _mean(value: float) -> str:
    return "n/a" if math.isnan(value) else f"{value:,.0f}"


def pilot_trend(state: ProgramState, window: Window) -> Section | None:
    """Acceptance and flag rate per day over the pilot, and the window's days as a table."""
    pilot = state.pilot
    if pilot is None or not pilot.days:
        return None
    days = pilot.days
    labels = [f"{d.day:%m-%d}" for d in days]
    svg = charts.line_chart(
        labels,
        {"acceptance": [d.acceptance for d in days],
         "hallucinations flagged": [d.flagged_rate for d in days]},
        bands={"acceptance": _wilson_band(days)},
        targets={"acceptance threshold": state.charter.pilot.min_acceptance_rate,
                 "flag rate maximum": state.charter.pilot.max_hallucination_rate},
        title=f"Pilot per day ({days[0].day:%Y-%m-%d} to {days[-1].day:%Y-%m-%d})",
        y_label="share", fmt=percent, y_max=1.0,
    )  # fmt: skip
    week = [d for d in days if window.holds(d.day)]
    rows = tuple(
        (f"{d.day:%Y-%m-%d}", f"{d.shown:,}", f"{d.replied:,}",
         "n/a" if d.acceptance is None else percent(d.acceptance),
         f"{d.flagged:,} ({d.critical:,} critical)", f"{d.withheld:,}",
         "n/a" if d.latency_p95_ms is None else f"{d.latency_p95_ms:,.0f}")
        for d in week
    )  # fmt: skip
    blocks: list[Chart | Table | Note] = [
        Chart("pilot-trend", svg, "Acceptance = drafts sent unchanged / drafts answered that "
              "day (band: Wilson 95%); flag rate = drafts flagged / drafts shown that day.")]  # fmt: skip
    if week:
        accepted = sum(d.accepted for d in week)
        replied = sum(d.replied for d in week)
        ci = wilson(accepted, replied)
        caption = (f"This window: {accepted:,} of {replied:,} answered drafts sent unchanged "
                   f"({percent(accepted / replied) if replied else 'n/a'}, Wilson 95% "
                   f"{interval_text(ci)}).")  # fmt: skip
        head = ("day", "drafts shown", "answered", "acceptance", "flagged", "fallbacks",
                "latency p95 ms")  # fmt: skip
        blocks.append(Table(head, rows, caption))
    else:
        blocks.append(Note(f"No pilot events in this window ({window.describe()}).", "warn"))
    return Section("pilot_trend", "Day by day", tuple(blocks),
                   f"From {source_of(pilot)}; days in UTC.")  # fmt: skip


def _wilson_band(days: list[PilotDay]) -> tuple[list[float | None], list[float | None]]:
    low: list[float | None] = []
    high: list[float | None] = []
    for d in days:
        if d.replied:
            ci = wilson(d.accepted, d.replied)
            low.append(ci.low)
            high.append(ci.high)
        else:
            low.append(None)
            high.append(None)
    return low, high


def escalations(state: ProgramState, window: Window) -> Section | None:
    """Flagged hallucinations by severity and human fallbacks by reason (the escalation queue)."""
    pilot = state.pilot
    if pilot is None:
        return None
    esc = pilot.escalations
    blocks: list[Chart | Table | Note] = []
    flags = tuple((k, f"{v:,}") for k, v in esc.flagged.items())
    blocks.append(Table(("severity", "drafts flagged"), flags or (("none", "0"),),
                        "Hallucinations agents flagged, by the severity they gave."))  # fmt: skip
    if esc.fallbacks:
        items = list(esc.fallbacks.items())[:10]
        blocks.append(Chart("fallbacks", charts.bar_chart(
            [k for k, _ in items], [float(v) for _, v in items],
            title=f"Human fallbacks by reason (n={sum(esc.fallbacks.values()):,})",
            x_label="tickets", y_label="reason"),
            "Treatment tickets that went to a human without a draft, by the recorded reason."))  # fmt: skip
    critical = esc.flagged.get("critical", 0)
    if critical:
        were = "draft was" if critical == 1 else "drafts were"
        blocks.append(Note(f"{critical:,} {were} flagged as critical hallucinations: each is "
                           "escalated to the support lead for review.", "bad"))  # fmt: skip
    return Section("escalations", "Escalations", tuple(blocks),
                   f"All events of {source_of(pilot)}.")  # fmt: skip


def drift_alerts(state: ProgramState, window: Window) -> Section:
    """The drift alerts detected in the window, with attribution; older open ones counted."""
    inside = [a for a in state.alerts if window.holds(a.detected)]
    older = [a for a in state.alerts if a.detected < window.start.date() and not a.acknowledged]
    rows = tuple(
        (a.detector.replace("_", " "), a.subject, f"{a.started:%Y-%m-%d}" if a.started else "-",
         f"{a.detected:%Y-%m-%d}", a.message)
        for a in inside
    )  # fmt: skip
    blocks: list[Table | Note] = []
    if rows:
        blocks.append(Table(("detector", "subject", "started", "detected", "what changed"), rows,
                            f"{len(rows)} alerts detected {window.describe()}."))  # fmt: skip
    else:
        blocks.append(Note(f"No drift alert detected {window.describe()}.", "good"))
    if older:
        blocks.append(Note(f"{len(older)} earlier alerts are not acknowledged yet.", "warn"))
    return Section("drift_alerts", "Drift alerts", tuple(blocks),
                   "Alerts kept by `ticketpilot drift` (each detector states its method, window "
                   "and false-alarm rate: docs/monitoring.md).")  # fmt: skip
