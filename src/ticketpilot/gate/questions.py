"""The playbook's five questions, each with its rule (docs/gate.md gives the rules' reasons).

Every evaluation is pure: it reads the :class:`ProgramState` the service gathered and returns
an :class:`Answer` naming the deciding values. Nothing here reads files or the database.
"""

from __future__ import annotations

import math
from typing import Any

from ticketpilot.gate.model import Answer, Question, Questions
from ticketpilot.registry import Registry
from ticketpilot.reports.formats import percent
from ticketpilot.reports.state import ProgramState


def _sentence(parts: list[str]) -> str:
    """``["a", "b"]`` as ``A; b.`` (only the first letter raised: NOT READY stays loud)."""
    text = "; ".join(parts)
    return text[:1].upper() + text[1:] + "."


def _money(value: float | None, currency: str) -> str:
    return "n/a" if value is None else f"{value:,.2f} {currency}"


def metric_moves(q: Question, s: ProgramState) -> Answer:
    if s.baseline is None or s.value is None:
        return q.answer("UNANSWERED", "No baseline has been computed from history.", {},
                        ("ticketpilot baseline",), "Import history and run `ticketpilot baseline`.")  # fmt: skip
    t = s.charter.targets
    figure = s.baseline.figures.get("resolution_hours_mean")
    saved = s.value.line("agent_cost_saved_per_month").value
    cut = s.value.line("resolution_hours_cut").value
    evidence = {
        "baseline resolution": figure.describe() if figure else "n/a",
        "target resolution": f"{t.resolution_hours:g} h",
        "target handling-time reduction": f"{t.handle_time_reduction_pct:g}%",
        "target CSAT change": f"{t.csat_change_pct:+g}%",
        "agent cost saved per month": _money(saved, s.currency),
        "resolution hours cut": "nothing to gain" if cut is None else f"{cut:,.1f} h",
        "tickets in the baseline": f"{s.baseline.tickets:,}",
    }
    moves = t.handle_time_reduction_pct > 0 or cut is not None or t.csat_change_pct > 0
    if saved is not None and saved > 0 and moves:
        finding = (f"Reaching the targets is worth {_money(saved, s.currency)} a month of agent "
                   "time against the computed baseline.")  # fmt: skip
        return q.answer("GO", finding, evidence, ("ticketpilot baseline",))
    return q.answer("NO-GO", "The value model puts no positive monthly value on the targets.",
                    evidence, ("ticketpilot baseline",),
                    "Set [targets] beyond the baseline and the [baseline] cost per agent hour.")  # fmt: skip


def _required_owners(audit: dict[str, Any]) -> list[str]:
    for layer in audit.get("layers", []):
        for check in layer.get("checks", []):
            if check.get("check") == "ownership":
                figures = check.get("figures") or {}
                return [*figures.get("owned", []), *figures.get("missing", [])]
    return []


def data_ready(q: Question, s: ProgramState) -> Answer:
    if s.audit is None:
        return q.answer("UNANSWERED", "No data-readiness audit in reports/.", {},
                        ("ticketpilot audit",), "Run `ticketpilot audit`.")  # fmt: skip
    required = _required_owners(s.audit)
    missing = [f for f in required if not s.charter.owners.get(f, "").strip()]
    blockers = sum(
        f.get("severity") == "blocker"
        for layer in s.audit.get("layers", []) for c in layer.get("checks", [])
        for f in c.get("findings", [])
    )  # fmt: skip
    evidence = {
        "audit verdict": str(s.audit.get("verdict", "?")),
        "readiness score": f"{s.audit.get('score') or 0:.0f}/100 "
        f"(needs {s.audit.get('thresholds', {}).get('min_score', 70):g})",
        "blocking findings": f"{blockers}",
        "tickets audited": f"{s.audit.get('tickets', 0):,}",
        "fields needing an owner": ", ".join(required) or "none",
        "without an owner in the charter now": ", ".join(missing) or "none",
    }
    sources = tuple(x for x in (s.link("audit.html"),) if x)
    if s.audit.get("ready") and not missing:
        return q.answer("GO", f"The audit is READY and all {len(required)} fields have a named "
                        "owner.", evidence, sources)  # fmt: skip
    why = []
    if not s.audit.get("ready"):
        why.append("the audit is NOT READY")
    if missing:
        why.append(f"no owner for {', '.join(missing)}")
    return q.answer("NO-GO", _sentence(why), evidence, sources,
                    "Name every owner in [owners] and fix the audit's blockers, then re-run "
                    "`ticketpilot audit`.")  # fmt: skip


def pilot_measured(q: Question, s: ProgramState) -> Answer:
    pilot = s.pilot
    if pilot is None:
        return q.answer("UNANSWERED", "No pilot events: neither a live pilot nor a rehearsal.",
                        {}, (), "Run the pilot (or rehearse it) until its status is decided.")  # fmt: skip
    m = pilot.report.metrics.overall
    status = pilot.report.status
    acc = m.acceptance
    flags = m.hallucination_flagged
    evidence = {
        "pilot": "live" if pilot.kind == "live" else "rehearsal (simulated agents)",
        "status": status.headline,
        "days": f"{m.days:.1f}",
        "acceptance": f"{percent(acc.rate) if acc.n else 'n/a'} of {acc.n:,} answered drafts "
        f"(always-valid {percent(acc.always_valid.low) if acc.n else '?'}–"
        f"{percent(acc.always_valid.high) if acc.n else '?'})",
        "hallucinations flagged": f"{flags.successes:,} of {flags.n:,} drafts shown",
        "criteria": "; ".join(f"{c.name} {c.state}" for c in status.criteria),
    }
    sources = tuple(x for x in (s.link("weekly.html"),) if x)
    if status.kind == "success":
        return q.answer("GO", f"The pilot's decision rule says: {status.headline}.", evidence,
                        sources)  # fmt: skip
    if status.kind == "continue":
        left = f"about {status.days_left} days left" if status.days_left else "days left unknown"
        return q.answer("UNANSWERED", f"The pilot is still running ({left}).", evidence, sources,
                        "Keep the pilot running until its always-valid intervals decide.")  # fmt: skip
    return q.answer("NO-GO", f"The pilot's decision rule says: {status.headline}.", evidence,
                    sources, "Fix what the pilot's status names before scaling.")  # fmt: skip


def _peak(months: list[dict[str, Any]]) -> dict[str, Any]:
    """The month of largest rollout share (the latest on a tie, when volume has grown most)."""
    return max(reversed(months), key=lambda m: float(m["rollout"]))


def cost_at_scale(q: Question, s: ProgramState) -> Answer:
    forecasts = (s.forecast or {}).get("forecasts") or []
    if not forecasts:
        return q.answer("UNANSWERED", "No cost forecast in reports/.", {},
                        ("ticketpilot cost forecast",), "Run `ticketpilot cost forecast`.")  # fmt: skip
    fc = forecasts[0]
    peak = _peak(fc["months"])
    budget = s.charter.budget.monthly
    hard = budget * s.charter.budget.hard_limit_share
    evidence = {
        "model": str(fc["model"]),
        "peak month": f"{peak['month']} (rollout {float(peak['rollout']):.0%})",
        "bill at peak": f"{_money(peak['bill'], s.currency)} (low {peak['bill_low']:,.2f}, "
        f"high {peak['bill_high']:,.2f})",
        "monthly budget": f"{_money(budget, s.currency)} (hard limit {hard:,.2f})",
        "cost per resolved ticket at peak": _money(
            peak.get("cost_per_resolved_ticket"), s.currency
        ),
        "net value at peak": _money(peak.get("net_value"), s.currency),
        "forecast generated": str((s.forecast or {}).get("generated_at", "?"))[:16],
    }
    sources = tuple(x for x in (s.link("cost-forecast.html"), s.link("monthly.html")) if x)
    within = float(peak["bill"]) <= budget and float(peak["bill_high"]) <= hard
    if within:
        return q.answer("GO", f"At the peak month {peak['month']} the forecast bill stays within "
                        "the budget, and its high band within the hard limit.", evidence, sources)  # fmt: skip
    return q.answer("NO-GO", f"At the peak month {peak['month']} the forecast bill "
                    f"{_money(peak['bill'], s.currency)} (high {peak['bill_high']:,.2f}) exceeds "
                    f"the budget {_money(budget, s.currency)} or its hard limit.", evidence, sources,
                    "Raise [budget] monthly, choose a cheaper model or slow the rollout.")  # fmt: skip


def model_wrong(q: Question, s: ProgramState) -> Answer:
    c = s.charter
    fallbacks = dict((s.replay or {}).get("fallback_reasons") or {})
    if s.pilot is not None:
        for reason, n in s.pilot.escalations.fallbacks.items():
            fallbacks[reason] = fallbacks.get(reason, 0) + n
    shown = s.pilot.report.metrics.overall.drafts_shown if s.pilot else 0
    flagged = sum(s.pilot.escalations.flagged.values()) if s.pilot else 0
    evidence = {
        "critical categories (always a human)": ", ".join(c.critical.categories) or "none",
        "human fallbacks recorded": ", ".join(f"{k} {v:,}" for k, v in fallbacks.items()) or "none",
        "hallucination flags": f"{flagged:,} flagged of {shown:,} drafts shown; guardrail at most "
        f"{percent(c.pilot.max_hallucination_rate)}",
        "budget guard": f"{c.budget.monthly:,.2f} {s.currency}/month, soft alert at "
        f"{c.budget.soft_limit_share:.0%}, human-only from {c.budget.hard_limit_share:.0%}"
        + (f", cheaper model {c.budget.degrade_model}" if c.budget.degrade_model else ""),
    }
    open_alerts = [a for a in s.alerts if not a.acknowledged]
    evidence["drift alerts not yet acknowledged"] = (
        f"{len(open_alerts):,}; latest: {open_alerts[0].message[:120]}" if open_alerts else "none"
    )
    sources = tuple(x for x in (s.link("replay.html"), s.link("weekly.html")) if x)
    if s.replay is None and s.pilot is None:
        return q.answer("UNANSWERED", "Neither a replay nor a pilot shows what happens when the "
                        "model is wrong.", evidence, (), "Run `ticketpilot replay` and the pilot.")  # fmt: skip
    missing = []
    if not c.critical.categories:
        missing.append("no critical categories in [critical]")
    if not fallbacks:
        missing.append("no human fallback recorded with a reason")
    if shown == 0:
        missing.append("no pilot draft shown to agents, so no flag path exercised")
    if not c.budget.monthly > 0 or not math.isfinite(c.budget.hard_limit_share):
        missing.append("no budget guard (a monthly budget above 0)")
    if not missing:
        return q.answer("GO", "Critical categories go to a human, fallbacks and their reasons are "
                        "recorded, agents can flag hallucinations, and the budget guard is set.",
                        evidence, sources)  # fmt: skip
    return q.answer("NO-GO", _sentence(missing), evidence, sources,
                    "Configure [critical] and [budget], and run the replay and the pilot.")  # fmt: skip


RULES = {
    "metric": "GO when a baseline is computed from history, the charter's targets lie beyond it "
    "and the value model puts a positive monthly value on them; UNANSWERED without a baseline.",
    "data": "GO when reports/audit.json says READY and every field the audit needs has a named "
    "owner in the charter as it is now; NO-GO otherwise; UNANSWERED without an audit.",
    "pilot": "GO when the pilot's status is 'success' (every success criterion met on its "
    "always-valid interval, guardrails held, at least min_days of data; the live pilot when it "
    "has events, else the rehearsal); UNANSWERED while it continues or without a pilot; "
    "NO-GO on harm, futility, sample-ratio mismatch or an inconclusive end.",
    "cost": "GO when reports/cost-forecast.json exists and, at the rollout's peak month, the "
    "expected bill is within [budget] monthly and the high band within the hard limit; "
    "UNANSWERED without a forecast.",
    "wrong": "GO when [critical] names categories, human fallbacks are recorded with reasons "
    "(replay or pilot), agents have been shown drafts they can flag, and a monthly budget "
    "guards spend; UNANSWERED without a replay or a pilot.",
}


def default_questions() -> Questions:
    """The playbook's five questions in its order."""
    registry: Questions = Registry("gate question", key=lambda q: q.key)
    for number, (key, text, evaluate) in enumerate((
        ("metric", "What metric moves?", metric_moves),
        ("data", "Is data ready and owned?", data_ready),
        ("pilot", "How are we measuring pilot success?", pilot_measured),
        ("cost", "What is cost at scale?", cost_at_scale),
        ("wrong", "What happens when the model is wrong?", model_wrong),
    ), start=1):  # fmt: skip
        registry.add(Question(key, number, text, RULES[key], evaluate))
    return registry


def evaluate(questions: Questions, state: ProgramState) -> tuple[Answer, ...]:
    """Every registered question's answer, in registration order."""
    return tuple(q.evaluate(q, state) for q in questions)
