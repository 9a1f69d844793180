"""Drift monitoring (SPEC S7): is the assistant still doing as well as it did, and if not, why.

The map, one concept per module:

    frame.py          FeedbackFrame, TicketFrame, TextFrame: the columns detectors read
    cusum.py          the one-sided Bernoulli CUSUM over daily counts, many series at once
    calibration.py    its threshold, simulated from the reference period for a target ARL
    drop.py           reference fit + calibration + CUSUM: watch_drop, what tests run x100
    attribution.py    a change in acceptance split into category mix and within-category
    domain.py         the numpy domain classifier (embedding drift)
    novelty.py        tickets far from history, and their dense groups (new topics)
    terms.py          words that rose, by an exact test (topic shift)
    scenario.py       simulated pilot feedback with the playbook's 62% -> 48% drop
    detectors/        the registered detectors, one module each, and their registry
    service.py        the use case: workspace -> inputs -> verdicts -> stored alerts

This package exports the pure core (no IO). What the dashboard, the reports and the gate call
lives in :mod:`ticketpilot.monitor.service`::

    from ticketpilot.monitor.service import list_alerts, run_detectors, run_drift
    report = run_drift(runtime)                 # DriftReport: verdicts, alerts, sources
    alerts = list_alerts(runtime)               # stored alerts, newest first
    verdicts = run_detectors(inputs, default_detectors())   # pure, on frames you built
"""

from ticketpilot.monitor.attribution import Attribution, CategoryChange, PromptChange, attribute
from ticketpilot.monitor.detectors import (
    AcceptanceDrop,
    Alert,
    CategoryMix,
    Detector,
    DetectorRegistry,
    DriftInputs,
    EmbeddingDrift,
    NewTopics,
    QualityBySegment,
    Status,
    TopicShift,
    Verdict,
    default_detectors,
)
from ticketpilot.monitor.drop import DropSettings, DropWatch, watch_drop
from ticketpilot.monitor.frame import (
    FeedbackEvent,
    FeedbackFrame,
    FeedbackLike,
    TextFrame,
    TicketFrame,
    day_date,
    day_number,
)
from ticketpilot.monitor.scenario import PILOT_EVENTS_PER_DAY, FeedbackScenario, ScenarioRuns

__all__ = [
    "PILOT_EVENTS_PER_DAY",
    "AcceptanceDrop",
    "Alert",
    "Attribution",
    "CategoryChange",
    "CategoryMix",
    "Detector",
    "DetectorRegistry",
    "DriftInputs",
    "DropSettings",
    "DropWatch",
    "EmbeddingDrift",
    "FeedbackEvent",
    "FeedbackFrame",
    "FeedbackLike",
    "FeedbackScenario",
    "NewTopics",
    "PromptChange",
    "QualityBySegment",
    "ScenarioRuns",
    "Status",
    "TextFrame",
    "TicketFrame",
    "TopicShift",
    "Verdict",
    "attribute",
    "day_date",
    "day_number",
    "default_detectors",
    "watch_drop",
]
