"""A preset's sections built over the program's state into one :class:`Report` (pure)."""

from __future__ import annotations

from ticketpilot.reports.model import Report, Section
from ticketpilot.reports.presets import Preset
from ticketpilot.reports.sections import ReportSections
from ticketpilot.reports.state import ProgramState

#: the other reports a report links to, when they exist in ``reports/``
RELATED = (
    ("weekly summary", "weekly.html"),
    ("monthly cost analysis", "monthly.html"),
    ("executive summary", "executive.html"),
    ("data-readiness audit", "audit.html"),
    ("shadow replay", "replay.html"),
    ("cost forecast", "cost-forecast.html"),
    ("budget report", "cost-report.html"),
    ("go/no-go gate", "gate.md"),
)


def build_report(preset: Preset, state: ProgramState, sections: ReportSections) -> Report:
    """Run the preset's section builders in order; a builder with nothing to show is skipped."""
    window = preset.window(state.now)
    built: list[Section] = []
    for name in preset.sections:
        section = sections.get(name)(state, window)
        if section is not None:
            built.append(section)
    own = f"{preset.name}.html"
    links = tuple((label, name) for label, name in RELATED if name != own and state.link(name))
    return Report(
        kind=preset.name,
        title=preset.title,
        program=state.program,
        window=window.describe(),
        generated_at=state.now,
        headline=preset.headline(state, tuple(built)),
        sections=tuple(built),
        links=links,
    )
