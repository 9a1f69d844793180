"""The three reports of the playbook's cadence, each a list of sections over a window.

weekly     performance summary: pilot KPIs against targets, trends, escalations, drift alerts
monthly    cost analysis: spend against budget, cost per resolved ticket, forecast vs actual
executive  risk summary on one page: headline KPIs, the five gate questions, the risks, a trend
dashboard  the TPM dashboard page: everything above on one screen (not a ``report`` kind)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from ticketpilot.registry import Registry
from ticketpilot.reports.model import Note, Section
from ticketpilot.reports.state import ProgramState
from ticketpilot.reports.window import Window


@dataclass(frozen=True)
class Preset:
    """One report: its name (the file stem), title, sections, window and headline."""

    name: str
    title: str
    audience: str
    sections: tuple[str, ...]
    window: Callable[[datetime], Window]
    headline: Callable[[ProgramState, tuple[Section, ...]], str]
    one_page: bool = False


def _weekly_headline(state: ProgramState, sections: tuple[Section, ...]) -> str:
    pilot = f"Pilot: {state.pilot.report.status.headline}." if state.pilot else "No pilot yet."
    alerts = next((s for s in sections if s.key == "drift_alerts"), None)
    rows = sum(len(b.rows) for b in alerts.blocks if hasattr(b, "rows")) if alerts else 0
    return f"{pilot} Drift alerts this week: {rows}."


def _monthly_headline(state: ProgramState, sections: tuple[Section, ...]) -> str:
    status = state.budget
    if status is None or status.spend is None:
        return "Budget status unavailable."
    projected = status.projected
    share = "n/a" if projected is None else f"{projected / status.limits()['budget']:.0%}"
    return (f"Period {status.period}: projected spend at period end is {share} of the budget; "
            f"lane {status.lane}.")  # fmt: skip


def _executive_headline(state: ProgramState, sections: tuple[Section, ...]) -> str:
    gate = next((s for s in sections if s.key == "gate"), None)
    first = gate.blocks[0] if gate and gate.blocks else None
    return first.text if isinstance(first, Note) else "Gate not evaluated."


Presets = Registry[Preset]


def default_presets() -> Presets:
    registry: Presets = Registry("report", key=lambda p: p.name)
    registry.add(Preset(
        "weekly", "Weekly performance summary", "the program team",
        ("pilot_kpis", "pilot_trend", "escalations", "drift_alerts"),
        lambda now: Window.last_days(now, 7), _weekly_headline,
    ))  # fmt: skip
    registry.add(Preset(
        "monthly", "Monthly cost analysis", "finance and the program lead",
        ("budget", "unit_cost", "forecast_vs_actual"), Window.month_of, _monthly_headline,
    ))  # fmt: skip
    registry.add(Preset(
        "executive", "Executive risk summary", "executives",
        ("headline_kpis", "gate", "risks", "trend"), lambda now: Window.last_days(now, 7),
        _executive_headline, one_page=True,
    ))  # fmt: skip
    registry.add(Preset(
        "dashboard", "TPM dashboard", "the program lead (ticketpilot serve: /dashboard)",
        ("headline_kpis", "pilot_kpis", "outcome_kpis", "pilot_trend", "latency_trend",
         "budget", "forecast_vs_actual", "escalations", "drift_alerts", "gate"),
        lambda now: Window.last_days(now, 7), _executive_headline,
    ))  # fmt: skip
    return registry
