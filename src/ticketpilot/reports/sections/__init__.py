"""Report sections: each a function ``(state, window) -> Section | None`` in one registry.

``None`` means the section has nothing to show (a weekly report without a pilot still says so
in a note: builders return a section with a note rather than ``None`` where the absence is
itself news). Built-ins register the same way a third party's section would::

    sections = default_sections()
    sections.register("my_kpis", my_builder)
"""

from __future__ import annotations

from collections.abc import Callable

from ticketpilot.registry import Registry
from ticketpilot.reports.model import Section
from ticketpilot.reports.sections import cost, outcomes, performance, risk
from ticketpilot.reports.state import ProgramState
from ticketpilot.reports.window import Window

SectionBuilder = Callable[[ProgramState, Window], Section | None]
ReportSections = Registry[SectionBuilder]

__all__ = ["ReportSections", "SectionBuilder", "default_sections"]


def default_sections() -> ReportSections:
    """The built-in sections, in the order the presets name them."""
    registry: ReportSections = Registry("report section")
    for name, builder in (
        ("pilot_kpis", performance.pilot_kpis),
        ("pilot_trend", performance.pilot_trend),
        ("escalations", performance.escalations),
        ("drift_alerts", performance.drift_alerts),
        ("budget", cost.budget),
        ("unit_cost", cost.unit_cost),
        ("forecast_vs_actual", cost.forecast_vs_actual),
        ("gate", risk.gate),
        ("risks", risk.risks),
        ("headline_kpis", risk.headline_kpis),
        ("trend", risk.trend),
        ("outcome_kpis", outcomes.outcome_kpis),
        ("latency_trend", outcomes.latency_trend),
    ):
        registry.register(name, builder)
    return registry
