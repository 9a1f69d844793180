"""The controlled pilot (SPEC S5): cohorts, events, and the statistics that judge the pilot.

A pure core - no IO, no store. A service builds the inputs from stored records and calls:

cohorts.py       :class:`CohortDesign` - deterministic treatment / control / outside by SHA-256
events.py        the event records (assigned, shown, withheld, accepted, edited, rejected,
                 handled, flagged, resolved, rated) and their plain-record form
editdistance.py  :func:`levenshtein` - bit-parallel character edit distance
intervals.py     Wilson, Student t, order-statistic intervals; relative lift and Welch t test
sequential.py    always-valid intervals (asymptotic confidence sequences) and p-values
power.py         sample sizes (fixed and always-valid) and days left at the current volume
srm.py           the tiered sample-ratio-mismatch check
settings.py      :class:`PilotSettings` - thresholds, planning values, alpha, power, tuning
outcomes.py      events folded into one row per pilot ticket (NumPy columns) and their health
figures.py       one figure each: rate, mean, percentiles, treatment vs control
metrics.py       :func:`pilot_metrics` - every figure, overall, per category, per prompt version
criteria.py      the success criteria and guardrails judged on their intervals
status.py        :func:`pilot_status` - the status in words by a stated decision rule
simulator.py     :func:`simulate_pilot` - agents played over replay results, as events
experiments.py   :class:`ExperimentDesign` - prompt / model variants within the treatment cohort
variants.py      :func:`experiment_results` - each variant vs control and vs the reference

    design = CohortDesign.from_charter(charter.pilot)
    settings = PilotSettings.from_charter(charter, baseline_resolution_hours=18.0)
    metrics = pilot_metrics(events, design, settings, now=clock())
    status = status_of(metrics)          # status.headline: "continue, about 6 days left"
"""

from ticketpilot.pilot.cohorts import ARMS, Arm, CohortDesign, bucket
from ticketpilot.pilot.criteria import CriterionResult, evaluate
from ticketpilot.pilot.editdistance import kept_share, levenshtein
from ticketpilot.pilot.events import (
    EVENT_TYPES,
    SEVERITIES,
    Accepted,
    Assigned,
    Edited,
    Flagged,
    Handled,
    PilotEvent,
    Rated,
    Rejected,
    Resolved,
    Severity,
    Shown,
    Withheld,
    edited,
    event_from_record,
    event_record,
)
from ticketpilot.pilot.experiments import ExperimentDesign, VariantSpec, variant_bucket
from ticketpilot.pilot.figures import Comparison, MeanFigure, Percentiles, Proportion
from ticketpilot.pilot.intervals import Interval
from ticketpilot.pilot.metrics import MetricSet, PilotMetrics, metric_set, pilot_metrics
from ticketpilot.pilot.outcomes import Health, PilotData, TicketTable, tabulate
from ticketpilot.pilot.power import SampleSize, fixed_sample_size, sequential_sample_size
from ticketpilot.pilot.settings import PilotSettings
from ticketpilot.pilot.simulator import (
    AgentModel,
    ReplayOutcome,
    expected_acceptance,
    simulate_pilot,
)
from ticketpilot.pilot.srm import SrmCheck, srm_check
from ticketpilot.pilot.status import PilotStatus, StatusKind, pilot_status, status_of
from ticketpilot.pilot.variants import Difference, ExperimentResults, experiment_results

__all__ = [
    "ARMS",
    "EVENT_TYPES",
    "SEVERITIES",
    "Accepted",
    "AgentModel",
    "Arm",
    "Assigned",
    "CohortDesign",
    "Comparison",
    "CriterionResult",
    "Difference",
    "Edited",
    "ExperimentDesign",
    "ExperimentResults",
    "Flagged",
    "Handled",
    "Health",
    "Interval",
    "MeanFigure",
    "MetricSet",
    "Percentiles",
    "PilotData",
    "PilotEvent",
    "PilotMetrics",
    "PilotSettings",
    "PilotStatus",
    "Proportion",
    "Rated",
    "Rejected",
    "ReplayOutcome",
    "Resolved",
    "SampleSize",
    "Severity",
    "Shown",
    "SrmCheck",
    "StatusKind",
    "TicketTable",
    "VariantSpec",
    "Withheld",
    "bucket",
    "edited",
    "evaluate",
    "event_from_record",
    "event_record",
    "expected_acceptance",
    "experiment_results",
    "fixed_sample_size",
    "kept_share",
    "levenshtein",
    "metric_set",
    "pilot_metrics",
    "pilot_status",
    "sequential_sample_size",
    "simulate_pilot",
    "srm_check",
    "status_of",
    "tabulate",
    "variant_bucket",
]
