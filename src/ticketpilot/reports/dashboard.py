"""The TPM dashboard page (SPEC S7, issue item 3): one server-rendered HTML view.

The view model is a :class:`~ticketpilot.reports.model.Report` built from the ``dashboard``
preset (KPIs against the charter's targets, acceptance and hallucination trends, latency, cost
burn against budget, the escalation queue, drift alerts with their attribution, the gate), so
every number on it is the one the reports print. Charts are inline SVG; no script, no network.
``ticketpilot.reports.service.dashboard_html(runtime)`` is what an HTTP route returns.
"""

from __future__ import annotations

from ticketpilot.reports.build import build_report
from ticketpilot.reports.model import Report
from ticketpilot.reports.presets import Presets, default_presets
from ticketpilot.reports.render.html import VERDICTS, environment, stylesheet
from ticketpilot.reports.sections import ReportSections, default_sections
from ticketpilot.reports.state import ProgramState

WIDE = frozenset({"headline_kpis", "pilot_kpis", "outcome_kpis", "drift_alerts", "gate"})


def dashboard_view(
    state: ProgramState, sections: ReportSections | None = None, presets: Presets | None = None
) -> Report:
    """The dashboard's content over the program's state (the built-in sections and presets
    unless the runtime's are given)."""
    preset = (presets if presets is not None else default_presets()).get("dashboard")
    return build_report(preset, state, sections if sections is not None else default_sections())


def render_dashboard(view: Report, *, link_prefix: str = "", served: bool = False) -> str:
    """The page; ``link_prefix`` is where the linked report files are served from; ``served``
    adds the links back to the service's queue and pilot pages (a file snapshot has none)."""
    template = environment().get_template("dashboard.html")
    return template.render(report=view, css=stylesheet(), verdicts=VERDICTS, wide=WIDE,
                           link_prefix=link_prefix, served=served)  # fmt: skip
