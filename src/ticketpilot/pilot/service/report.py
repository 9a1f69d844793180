"""The pilot's report from its stored events."""

from __future__ import annotations

from datetime import datetime

from ticketpilot.pilot.cohorts import CohortDesign
from ticketpilot.pilot.log import EventLog
from ticketpilot.pilot.metrics import metrics_of
from ticketpilot.pilot.outcomes import tabulate_log
from ticketpilot.pilot.records import Fingerprint
from ticketpilot.pilot.results import DesignCheck, PilotName, PilotReport, design_status
from ticketpilot.pilot.service.design import LIVE, cohort_design, experiment_design, pilot_settings
from ticketpilot.pilot.status import pilot_status, status_of
from ticketpilot.pilot.variants import experiment_results
from ticketpilot.runtime import Runtime
from ticketpilot.store.pilot_tickets import PilotTickets


def pilot_report(
    runtime: Runtime,
    *,
    now: datetime | None = None,
    pilot: PilotName = LIVE,
    log: EventLog | None = None,
) -> PilotReport:
    """Every pilot figure from the stored events, its status in words, per category and per
    prompt version; the sample-ratio check runs on every call, and the stored assignments'
    cohort designs are checked against the charter's (``now``: end of the window, default the
    last event; ``log``: the pilot's events when the caller has just read them)."""
    design = cohort_design(runtime)
    settings, hours, source = pilot_settings(runtime)
    log = log if log is not None else runtime.event_logs.get(runtime.engine, pilot)
    data = tabulate_log(log, design)
    metrics = metrics_of(data, design, settings, now=now)
    check = _design_check(runtime, pilot, design)
    status = design_status(status_of(metrics), check)
    experiment = experiment_design(runtime)
    variants = None
    if experiment is not None:
        stored = PilotTickets(runtime.engine, pilot).variants(experiment.name)
        variants = experiment_results(data.table, stored, experiment, design, settings,
                                      metrics.overall.days)  # fmt: skip
    return PilotReport(
        pilot, metrics, status,
        {k: pilot_status(m, settings) for k, m in metrics.by_category.items()},
        {k: pilot_status(m, settings) for k, m in metrics.by_prompt_version.items()},
        check, log.counts(), hours, source, variants,
    )  # fmt: skip


def _design_check(runtime: Runtime, pilot: PilotName, design: CohortDesign) -> DesignCheck:
    current = Fingerprint.of(design)
    tickets = PilotTickets(runtime.engine, pilot)
    stored = tuple((Fingerprint(d.salt_hash, d.treatment_share, d.control_share), d.tickets)
                   for d in tickets.designs())  # fmt: skip
    moved = 0
    if any(fp != current for fp, _ in stored):
        moved = sum(arm != "outside" and design.arm(tid) != arm for tid, arm in tickets.arms())
    return DesignCheck(current, stored, moved)
