"""The executive sections: the gate's five answers, the risks ranked, and four headline KPIs.

Built to fit one printed page: short tables, no long method text (the weekly and monthly
reports and the gate's own output carry the detail; this page links them).
"""

from __future__ import annotations

import math

from ticketpilot.gate.questions import default_questions, evaluate
from ticketpilot.reports import charts
from ticketpilot.reports.figure import clip
from ticketpilot.reports.formats import percent
from ticketpilot.reports.model import Chart, Kpi, Kpis, Level, Note, Section, Table
from ticketpilot.reports.sections.cost import money
from ticketpilot.reports.sections.performance import rate_kpi
from ticketpilot.reports.state import ProgramState
from ticketpilot.reports.window import Window

Risk = tuple[str, Level, str, str]
"""(risk, level, evidence, next step)."""
EVIDENCE_CHARS = 150
"""Evidence longer than this is cut on the one-page summary (the weekly report has it whole)."""


def gate(state: ProgramState, window: Window) -> Section:
    """The five questions, each GO / NO-GO / UNANSWERED with its deciding finding."""
    answers = evaluate(default_questions(), state)
    rows = tuple((f"Q{a.number}. {a.question}", a.verdict, a.finding) for a in answers)
    go = all(a.verdict == "GO" for a in answers)
    verdict = Note(
        "Go/no-go: GO on all five questions." if go else
        "Go/no-go: NO-GO until " + ", ".join(f"Q{a.number}" for a in answers
                                             if a.verdict != "GO") + " answer GO.",
        "good" if go else "bad")  # fmt: skip
    return Section("gate", "The five questions", (verdict, Table(("question", "verdict", "why"),
                   rows)), "Rules: docs/gate.md; evidence per answer: `ticketpilot gate`.")  # fmt: skip


def risks(state: ProgramState, window: Window) -> Section:
    """Open risks, worst first, each with the evidence and the next step."""
    found = [r for r in (_drift(state), _hallucination(state), _pilot(state), _budget(state),
                         _data(state)) if r is not None]  # fmt: skip
    order = {"bad": 0, "warn": 1, "info": 2, "good": 3}
    found.sort(key=lambda r: order[r[1]])
    words = {"bad": "high", "warn": "medium", "info": "low", "good": "low"}
    rows = tuple((name, words[level], clip(evidence, EVIDENCE_CHARS), step)
                 for name, level, evidence, step in found)  # fmt: skip
    blocks = (Table(("risk", "level", "evidence", "next step"), rows),) if rows else (
        Note("No open risk found in the workspace's reports.", "good"),)  # fmt: skip
    return Section("risks", "Risks", blocks,
                   "Levels: high = a threshold is crossed; medium = within reach of one.")  # fmt: skip


def _drift(state: ProgramState) -> Risk | None:
    open_alerts = [a for a in state.alerts if not a.acknowledged]
    if not open_alerts:
        return None
    latest = max(open_alerts, key=lambda a: a.detected)
    return ("Quality drift", "bad", f"{len(open_alerts)} open drift alerts; latest "
            f"{latest.detected:%Y-%m-%d}: {latest.message}", "Review the attributed category "
            "and prompt version; roll back or retrain the prompt.")  # fmt: skip


def _hallucination(state: ProgramState) -> Risk | None:
    if state.pilot is None:
        return None
    f = state.pilot.report.metrics.overall.hallucination_flagged
    limit = state.charter.pilot.max_hallucination_rate
    if not f.n or f.always_valid.high <= limit:
        return None
    level: Level = "bad" if f.always_valid.low > limit else "warn"
    return ("Hallucinations", level, f"{f.successes:,} of {f.n:,} drafts flagged "
            f"({percent(f.rate)}; could be up to {percent(f.always_valid.high)}); maximum "
            f"{percent(limit)}", "Tighten grounding checks; escalate critical flags.")  # fmt: skip


def _pilot(state: ProgramState) -> Risk | None:
    if state.pilot is None:
        return ("No pilot evidence", "warn", "No live pilot or rehearsal has run.",
                "Run the controlled pilot.")  # fmt: skip
    status = state.pilot.report.status
    if status.kind == "success":
        return None
    level: Level = "warn" if status.kind == "continue" else "bad"
    return ("Pilot not decided" if level == "warn" else "Pilot failing", level, status.headline,
            "Keep the pilot running." if level == "warn" else "Stop and fix before scaling.")  # fmt: skip


def _budget(state: ProgramState) -> Risk | None:
    forecasts = (state.forecast or {}).get("forecasts") or []
    if not forecasts:
        return ("No cost forecast", "warn", "reports/cost-forecast.json is missing.",
                "Run `ticketpilot cost forecast`.")  # fmt: skip
    budget = state.charter.budget.monthly
    worst = max(forecasts[0]["months"], key=lambda m: float(m["bill_high"]))
    if float(worst["bill_high"]) <= budget * state.charter.budget.soft_limit_share:
        return None
    level: Level = "bad" if float(worst["bill"]) > budget else "warn"
    return ("Cost at scale", level, f"{worst['month']}: bill up to "
            f"{money(float(worst['bill_high']), state.currency)} against a budget of "
            f"{money(budget, state.currency)}", "Cheaper model, cached prompts or slower "
            "rollout.")  # fmt: skip


def _data(state: ProgramState) -> Risk | None:
    if state.audit is None:
        return (
            "No data audit",
            "warn",
            "reports/audit.json is missing.",
            "Run `ticketpilot audit`.",
        )
    if state.audit.get("ready"):
        return None
    return ("Data not ready", "bad", str(state.audit.get("verdict", "")),
            "Fix the audit's blocking findings.")  # fmt: skip


def headline_kpis(state: ProgramState, window: Window) -> Section:
    """Acceptance and hallucinations against their limits, cost per resolved ticket, value."""
    items: list[Kpi] = []
    limits = state.charter.pilot
    if state.pilot is not None:
        m = state.pilot.report.metrics.overall
        items += [rate_kpi("Acceptance", m.acceptance, "drafts answered",
                           limits.min_acceptance_rate, True),
                  rate_kpi("Hallucinations flagged", m.hallucination_flagged, "drafts shown",
                           limits.max_hallucination_rate, False)]  # fmt: skip
    forecasts = (state.forecast or {}).get("forecasts") or []
    if forecasts:
        last = forecasts[0]["months"][-1]
        per = last.get("cost_per_resolved_ticket")
        items.append(Kpi("Cost per resolved ticket", money(per, state.currency),
                         f"forecast for {last['month']} on {forecasts[0]['model']}"))  # fmt: skip
    if state.value is not None:
        saved = state.value.line("agent_cost_saved_per_month").value
        shown = "n/a" if saved is None or math.isnan(saved) else money(saved, state.currency)
        items.append(Kpi("Value at target, per month", shown,
                         "agent time saved x cost per hour (value model)"))  # fmt: skip
    if not items:
        return Section("headline_kpis", "Headline", (Note("No figures yet.", "warn"),))
    return Section("headline_kpis", "Headline", (Kpis(tuple(items)),))


def trend(state: ProgramState, window: Window) -> Section | None:
    """One small chart: acceptance per day of the pilot against its threshold."""
    pilot = state.pilot
    days = [d for d in pilot.days if d.replied] if pilot else []
    if not days:
        return None
    svg = charts.line_chart(
        [f"{d.day:%m-%d}" for d in days], {"acceptance": [d.acceptance for d in days]},
        targets={"threshold": state.charter.pilot.min_acceptance_rate},
        title="Acceptance per day", y_label="share", fmt=percent, y_max=1.0, height=150,
    )  # fmt: skip
    return Section("trend", "Trend", (Chart("trend", svg, f"Drafts sent unchanged / drafts "
                   f"answered, per day of the {pilot.kind if pilot else ''} pilot."),))  # fmt: skip
