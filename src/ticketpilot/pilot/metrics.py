"""The pilot's metrics from its events: overall, per category and per prompt version.

============================  =====================================================================
figure                        computed from
============================  =====================================================================
acceptance rate               drafts sent unchanged / drafts shown that got a reply (a reply sent
                              without using a shown draft counts as a rejection); drafts still
                              waiting for a reply are counted as ``pending``
edit rate, rejection rate     drafts edited then sent / rejected, over the same drafts
edit distance                 mean Levenshtein distance (characters) of the edited drafts, and
                              the mean share of the draft kept, ``1 - distance / longer text``
fallback rate                 treatment tickets given no draft / treatment tickets
hallucinations flagged        drafts shown that agents flagged (any severity; and per severity)
                              / drafts shown
hallucinations detected       drafts the checks found ungrounded (shown with a warning or
                              withheld) / drafts written
latency                       p50 / p95 / p99 of drafting time of treatment tickets
editing time                  first view -> send, treatment (every treatment ticket, drafted or
                              not: intention to treat) against control, relative change
resolution time, CSAT         the same comparison of hours to resolution and of ratings
============================  =====================================================================

Every call also runs the sample-ratio check (:mod:`ticketpilot.pilot.srm`) on the tickets per
arm; per prompt version it does not apply (the control has no prompt version; the treatment
tickets of one version are compared with the whole control group).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime

import numpy as np

from ticketpilot.pilot.cohorts import ARMS, CohortDesign
from ticketpilot.pilot.events import SEVERITIES, PilotEvent
from ticketpilot.pilot.figures import (
    Comparison,
    MeanFigure,
    Percentiles,
    Proportion,
    compare,
    mean_figure,
    percentiles,
    proportion,
)
from ticketpilot.pilot.outcomes import Health, PilotData, TicketTable, tabulate
from ticketpilot.pilot.settings import PilotSettings
from ticketpilot.pilot.srm import SrmCheck, srm_check


@dataclass(frozen=True)
class MetricSet:
    """Every pilot figure for one segment of tickets over ``days`` days."""

    segment: str
    days: float
    units: dict[str, int]
    srm: SrmCheck | None
    drafts_shown: int
    pending: int
    acceptance: Proportion
    edit_rate: Proportion
    rejection_rate: Proportion
    edit_distance: MeanFigure
    kept_share: MeanFigure
    fallback_rate: Proportion
    hallucination_flagged: Proportion
    hallucination_by_severity: dict[str, Proportion]
    hallucination_detected: Proportion
    latency_ms: Percentiles
    editing_time: Comparison
    resolution_time: Comparison
    csat: Comparison

    def per_day(self, units: int) -> float:
        """Units per day so far (a pilot younger than a day counts as one day)."""
        return units / max(self.days, 1.0)

    def as_dict(self) -> dict[str, object]:
        return {
            "segment": self.segment,
            "days": round(self.days, 3),
            "units": self.units,
            "srm": self.srm.as_dict() if self.srm else None,
            "drafts_shown": self.drafts_shown,
            "pending": self.pending,
            **{name: getattr(self, name).as_dict() for name in _FIGURES},
            "hallucination_by_severity": {
                k: v.as_dict() for k, v in self.hallucination_by_severity.items()
            },
        }


_FIGURES = ("acceptance", "edit_rate", "rejection_rate", "edit_distance", "kept_share",
            "fallback_rate", "hallucination_flagged", "hallucination_detected", "latency_ms",
            "editing_time", "resolution_time", "csat")  # fmt: skip


@dataclass(frozen=True)
class PilotMetrics:
    """The whole pilot: overall, per category, per prompt version, and how it was measured."""

    overall: MetricSet
    by_category: dict[str, MetricSet]
    by_prompt_version: dict[str, MetricSet]
    start: datetime | None
    until: datetime | None
    health: Health
    design: CohortDesign
    settings: PilotSettings = field(repr=False)

    def method(self) -> str:
        window = "no events yet"
        if self.start and self.until:
            window = f"{self.start:%Y-%m-%d %H:%M} to {self.until:%Y-%m-%d %H:%M} UTC"
        return (
            f"Pilot tickets {window} ({self.overall.days:.1f} days); {self.design.describe()}. "
            f"Intervals at {1 - self.settings.alpha:.0%}: Wilson for rates, Student t for means, "
            "order statistics for percentiles, Welch t with the delta method for treatment vs "
            "control at one look, and asymptotic confidence sequences (Waudby-Smith et al. "
            f"2021, N* = {self.settings.sequential_tuning:g}) valid under daily looks."
        )

    def as_dict(self) -> dict[str, object]:
        return {
            "method": self.method(),
            "design": asdict(self.design),
            "settings": asdict(self.settings),
            "start": self.start.isoformat() if self.start else None,
            "until": self.until.isoformat() if self.until else None,
            "health": self.health.problems(),
            "overall": self.overall.as_dict(),
            "by_category": {k: v.as_dict() for k, v in self.by_category.items()},
            "by_prompt_version": {k: v.as_dict() for k, v in self.by_prompt_version.items()},
        }


def pilot_metrics(
    events: Iterable[PilotEvent],
    design: CohortDesign,
    settings: PilotSettings,
    *,
    now: datetime | None = None,
) -> PilotMetrics:
    """Every figure of the pilot from its events; ``now`` ends the window (default: last event)."""
    return metrics_of(tabulate(events, design), design, settings, now=now)


def metrics_of(
    data: PilotData, design: CohortDesign, settings: PilotSettings, *, now: datetime | None = None
) -> PilotMetrics:
    """:func:`pilot_metrics` for events already tabulated."""
    until = now or data.last_event
    days = (until - data.start).total_seconds() / 86_400 if data.start and until else 0.0
    table = data.table
    overall = metric_set(table, "all", days, design, settings)
    categories = sorted(
        set(table.category.tolist()), key=lambda c: -int(np.sum(table.category == c))
    )
    by_category = {c: metric_set(table.where(table.category == c), f"category {c}", days, design,
                                 settings) for c in categories}  # fmt: skip
    control = table.arm == "control"
    versions = sorted({v for v in table.prompt_version.tolist() if v})
    by_version = {v: metric_set(table.where(control | (table.prompt_version == v)),
                                f"prompt {v}", days, design, settings, srm=False)
                  for v in versions}  # fmt: skip
    return PilotMetrics(overall, by_category, by_version, data.start, until, data.health, design,
                        settings)  # fmt: skip


def metric_set(
    table: TicketTable,
    segment: str,
    days: float,
    design: CohortDesign,
    settings: PilotSettings,
    *,
    srm: bool = True,
) -> MetricSet:
    """The figures of one segment's tickets."""
    treated = table.arm == "treatment"
    shown = table.shown & treated
    outcome = table.outcome
    decided = shown & (outcome != "")
    n_decided = int(decided.sum())
    accepted = int((decided & (outcome == "accepted")).sum())
    edited = decided & (outcome == "edited")
    n_shown = int(shown.sum())
    units: dict[str, int] = {arm: int((table.arm == arm).sum()) for arm in ARMS}
    kept = 1.0 - table.distance[edited] / np.maximum(table.longer_chars[edited], 1.0)
    flagged = table.severity[shown]
    drafted = table.drafted & treated

    def rate(successes: int, n: int) -> Proportion:
        return proportion(successes, n, settings)

    return MetricSet(
        segment=segment,
        days=days,
        units=units,
        srm=srm_check(units, design.shares) if srm else None,
        drafts_shown=n_shown,
        pending=n_shown - n_decided,
        acceptance=rate(accepted, n_decided),
        edit_rate=rate(int(edited.sum()), n_decided),
        rejection_rate=rate(n_decided - accepted - int(edited.sum()), n_decided),
        edit_distance=mean_figure(table.distance[edited], settings),
        kept_share=mean_figure(kept, settings),
        fallback_rate=rate(int((table.withheld & treated).sum()), units["treatment"]),
        hallucination_flagged=rate(int((flagged > 0).sum()), n_shown),
        hallucination_by_severity={
            s: rate(int((flagged == i + 1).sum()), n_shown) for i, s in enumerate(SEVERITIES)
        },
        hallucination_detected=rate(int((table.detected & drafted).sum()), int(drafted.sum())),
        latency_ms=percentiles(table.latency_ms[treated], settings),
        editing_time=_compare(table, "seconds", settings, lower_is_better=True),
        resolution_time=_compare(table, "resolution_hours", settings, lower_is_better=True),
        csat=_compare(table, "csat", settings, lower_is_better=False),
    )


def _compare(
    table: TicketTable, column: str, settings: PilotSettings, *, lower_is_better: bool
) -> Comparison:
    values = getattr(table, column)
    return compare(values[table.arm == "treatment"], values[table.arm == "control"], settings,
                   lower_is_better=lower_is_better)  # fmt: skip
