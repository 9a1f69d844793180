"""The pilot's settings from the charter: the cohort design, the experiment, the thresholds,
and the two pilots' names.
"""

from __future__ import annotations

from ticketpilot.pilot.cohorts import CohortDesign
from ticketpilot.pilot.experiments import ExperimentDesign
from ticketpilot.pilot.results import PilotName
from ticketpilot.pilot.settings import PilotSettings
from ticketpilot.runtime import Runtime
from ticketpilot.store.baselines import latest_baseline

LIVE: PilotName = "live"
REHEARSAL: PilotName = "rehearsal"


def cohort_design(runtime: Runtime) -> CohortDesign:
    """The charter's cohort design (``[pilot]`` salt, cohort and control shares)."""
    return CohortDesign.from_charter(runtime.charter.pilot)


def experiment_design(runtime: Runtime) -> ExperimentDesign | None:
    """The charter's ``[experiment]`` (prompt / model variants of treatment tickets), if any."""
    return ExperimentDesign.from_charter(runtime.charter)


def pilot_settings(runtime: Runtime) -> tuple[PilotSettings, float | None, str]:
    """The pilot's settings, the baseline resolution hours they use, and where those came from
    (declared in the charter, else the mean of the latest stored baseline, else none)."""
    declared = runtime.charter.baseline.resolution_hours
    hours, source = declared, "declared in the charter ([baseline] resolution_hours)"
    if hours is None:
        baseline = latest_baseline(runtime.engine)
        figure = baseline.figures.get("resolution_hours_mean") if baseline else None
        if figure is not None and figure.value is not None:
            hours, source = figure.value, f"latest baseline: {figure.describe()}"
        else:
            source = "none (no declared or computed baseline: no resolution target)"
    return PilotSettings.from_charter(runtime.charter, hours), hours, source
