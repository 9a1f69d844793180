"""The registered drift detectors (SPEC S7).

Built-ins register exactly as a plugin would; :func:`default_detectors` gives a fresh registry
that a caller may extend or trim before handing it to :func:`ticketpilot.monitor.run_detectors`::

    detectors = default_detectors()
    detectors.register("my_check", MyCheck())        # anything with name/method/window/...
    detectors.unregister("embedding_drift")
"""

from __future__ import annotations

from dataclasses import replace

from ticketpilot.charter import Monitor
from ticketpilot.monitor.detectors.acceptance import AcceptanceDrop
from ticketpilot.monitor.detectors.base import (
    Alert,
    Detector,
    DriftInputs,
    Status,
    Verdict,
    skipped,
)
from ticketpilot.monitor.detectors.category_mix import CategoryMix
from ticketpilot.monitor.detectors.embedding import EmbeddingDrift
from ticketpilot.monitor.detectors.quality import QualityBySegment
from ticketpilot.monitor.detectors.topic_shift import TopicShift
from ticketpilot.monitor.detectors.topics import NewTopics
from ticketpilot.monitor.drop import DropSettings
from ticketpilot.registry import Registry

DetectorRegistry = Registry[Detector]


def default_detectors() -> DetectorRegistry:
    """A new registry holding the built-in detectors, in the order reports show them."""
    registry: DetectorRegistry = Registry("drift detector")
    for detector in (
        AcceptanceDrop(),
        QualityBySegment(),
        CategoryMix(),
        NewTopics(),
        TopicShift(),
        EmbeddingDrift(),
    ):
        registry.register(detector.name, detector)
    return registry


__all__ = [
    "AcceptanceDrop",
    "Alert",
    "CategoryMix",
    "Detector",
    "DetectorRegistry",
    "DriftInputs",
    "EmbeddingDrift",
    "NewTopics",
    "QualityBySegment",
    "Status",
    "TopicShift",
    "Verdict",
    "default_detectors",
    "skipped",
]


def detectors_for(settings: Monitor) -> DetectorRegistry:
    """The built-in detectors tuned by the charter's ``[monitor]`` settings."""
    registry = default_detectors()
    drop = DropSettings(
        reference_days=settings.reference_days,
        min_drop=settings.min_drop,
        arl_days=settings.false_alarm_days,
    )
    registry.register("acceptance_drop", AcceptanceDrop(drop), replace=True)
    quality = replace(
        QualityBySegment(),
        reference_days=settings.reference_days,
        window_days=settings.quality_window_days,
    )
    registry.register("quality_by_segment", quality, replace=True)
    return registry
