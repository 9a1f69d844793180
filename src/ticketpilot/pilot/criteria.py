"""The pilot's decision criteria, each judged on its interval against the charter's threshold.

A criterion is *met* when its interval lies wholly on the good side of its threshold, *failed*
when wholly on the bad side, and *undecided* otherwise. The interval is the always-valid one
(confidence sequence) wherever the pilot is read daily; latency percentiles use their
order-statistic interval (a drafting-time guardrail, not a randomised comparison).

=========================  =========  ===========  ============================================
criterion                  role       threshold    failed means
=========================  =========  ===========  ============================================
acceptance rate            success    >= [pilot]   out of reach: drafts are sent unchanged too
                                      min_accept.  rarely
editing time reduction     success    >= [pilot]   out of reach: handling time falls too little
                                      min_edit.
hallucination rate         guardrail  <= [pilot]   harm: agents flag too many drafts
latency p95                guardrail  <= [pilot]   harm: drafts come too slowly
editing time change        guardrail  <= 0         harm: agents are slower with drafts
resolution time change     guardrail  <= 0         harm: tickets take longer to resolve
CSAT change                guardrail  >= 0         harm: customers are less satisfied
=========================  =========  ===========  ============================================

Success criteria carry the sample size and the days still needed to decide them if the true
value is the program target (:mod:`ticketpilot.pilot.power`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from ticketpilot.pilot.figures import Comparison, Proportion
from ticketpilot.pilot.intervals import Interval
from ticketpilot.pilot.metrics import MetricSet
from ticketpilot.pilot.power import SampleSize, sample_size
from ticketpilot.pilot.settings import PilotSettings

Role = Literal["success", "guardrail"]
State = Literal["met", "failed", "undecided", "no data"]


@dataclass(frozen=True)
class CriterionResult:
    """One criterion judged: its estimate, decision interval, threshold and state."""

    name: str
    role: Role
    higher_is_better: bool
    threshold: float
    estimate: float | None
    interval: Interval | None
    n: int
    state: State
    strict: bool = False  # a guardrail whose estimate must also sit within its threshold
    #: the sample to decide it if the true value is the program target (guardrails: to detect
    #: the target against no change)
    sample: SampleSize | None = None
    #: while undecided: the sample to decide it if the true value is the current estimate
    observed: SampleSize | None = None
    unit: str = "rate"  # how to print it: rate, change or ms
    label: str = "always-valid"  # which interval decides it

    @property
    def estimate_within(self) -> bool:
        """The point estimate is on the good side of the threshold."""
        if self.estimate is None:
            return False
        if self.higher_is_better:
            return self.estimate >= self.threshold
        return self.estimate <= self.threshold

    def describe(self) -> str:
        """The criterion in words with its numbers, e.g. for the status's reasons."""
        sign = ">=" if self.higher_is_better else "<="
        if self.estimate is None or self.interval is None:
            return f"{self.name}: no data yet (needs {sign} {self._fmt(self.threshold)})"
        return (
            f"{self.name} {self._fmt(self.estimate)} ({self.label} interval "
            f"{self._fmt(self.interval.low)} to {self._fmt(self.interval.high)}, n = {self.n:,}) "
            f"vs {sign} {self._fmt(self.threshold)}: {self.state}"
        )

    def _fmt(self, value: float) -> str:
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        if self.unit == "ms":
            return f"{value:,.0f} ms"
        if self.unit == "change":
            return f"{value:+.1%}"
        return f"{value:.1%}"

    def as_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "role": self.role,
            "higher_is_better": self.higher_is_better,
            "threshold": self.threshold,
            "estimate": self.estimate,
            "interval": self.interval.as_dict() if self.interval else None,
            "n": self.n,
            "state": self.state,
            "sample": self.sample.as_dict() if self.sample else None,
            "observed": self.observed.as_dict() if self.observed else None,
            "description": self.describe(),
        }


def judge(interval: Interval | None, threshold: float, *, higher_is_better: bool) -> State:
    """Met, failed or undecided: where the interval lies against the threshold."""
    if interval is None or math.isnan(interval.low) or math.isnan(interval.high):
        return "no data"
    low, high = interval.low, interval.high
    if higher_is_better:
        return "met" if low >= threshold else "failed" if high < threshold else "undecided"
    return "met" if high <= threshold else "failed" if low > threshold else "undecided"


def evaluate(metrics: MetricSet, settings: PilotSettings) -> list[CriterionResult]:
    """Every criterion of :mod:`ticketpilot.pilot.criteria` on one segment's figures."""
    s, m = settings, metrics
    latency = (m.latency_ms.values["p95"], m.latency_ms.intervals["p95"])
    return [
        _rate("acceptance rate", "success", m.acceptance, s.min_acceptance_rate, True, m, s,
              s.target_acceptance_rate),
        _change("editing time reduction", "success", m.editing_time, s.min_editing_time_reduction,
                m, s, s.target_editing_time_reduction, reduction=True),
        _rate("hallucination rate (flagged)", "guardrail", m.hallucination_flagged,
              s.max_hallucination_rate, False, m, s, None),
        _judged(_Spec("latency p95", "guardrail", s.max_latency_p95_ms, False, "ms", True),
                *latency, m.latency_ms.n, "order-statistic", None, None),
        _change("editing time change", "guardrail", m.editing_time, 0.0, m, s, None),
        _change("resolution time change", "guardrail", m.resolution_time, 0.0, m, s,
                s.target_resolution_change),
        _change("CSAT change", "guardrail", m.csat, 0.0, m, s, s.target_csat_change),
    ]  # fmt: skip


@dataclass(frozen=True)
class _Spec:
    name: str
    role: Role
    threshold: float
    higher_is_better: bool
    unit: str
    strict: bool = False


def _judged(
    spec: _Spec,
    estimate: float | None,
    interval: Interval | None,
    n: int,
    label: str,
    sample: SampleSize | None,
    observed: SampleSize | None,
) -> CriterionResult:
    if estimate is None or math.isnan(estimate):
        estimate, interval = None, None
    state = judge(interval, spec.threshold, higher_is_better=spec.higher_is_better)
    return CriterionResult(spec.name, spec.role, spec.higher_is_better, spec.threshold, estimate,
                           interval, n, state, spec.strict, sample,
                           observed if state == "undecided" else None, spec.unit, label)  # fmt: skip


def _rate(
    name: str,
    role: Role,
    figure: Proportion,
    threshold: float,
    higher_is_better: bool,
    metrics: MetricSet,
    settings: PilotSettings,
    planned: float | None,
) -> CriterionResult:
    spec = _Spec(name, role, threshold, higher_is_better, "rate", strict=role == "guardrail")
    estimate = figure.rate if figure.n else None
    sample = observed = None
    if planned is not None and 0.0 < planned < 1.0 and _beyond(spec, planned):
        sample = _sample(abs(planned - threshold), planned * (1 - planned), figure.n, metrics,
                         settings)  # fmt: skip
    if role == "success" and estimate is not None and estimate != threshold:
        observed = _sample(abs(estimate - threshold), figure.unit_variance, figure.n, metrics,
                           settings)  # fmt: skip
    interval = figure.always_valid if figure.n else None
    return _judged(spec, estimate, interval, figure.n, "always-valid", sample, observed)


def _change(
    name: str,
    role: Role,
    comparison: Comparison,
    threshold: float,
    metrics: MetricSet,
    settings: PilotSettings,
    planned: float | None,
    *,
    reduction: bool = False,
) -> CriterionResult:
    """A comparison's relative change (or, with ``reduction``, its negative) against a threshold.

    A guardrail's sample is the one that detects the program target against no change.
    """
    higher = reduction or not comparison.lower_is_better
    spec = _Spec(name, role, threshold, higher, "change")
    estimate, interval = comparison.change, comparison.always_valid
    if reduction and estimate is not None and interval is not None:
        estimate, interval = -estimate, Interval(-interval.high, -interval.low, interval.method)
    variance = comparison.unit_variance
    sample = observed = None
    if variance and planned is not None and _beyond(spec, planned):
        sample = _sample(abs(planned - threshold), variance, comparison.n, metrics, settings)
    if variance and role == "success" and estimate is not None and estimate != threshold:
        observed = _sample(abs(estimate - threshold), variance, comparison.n, metrics, settings)
    return _judged(spec, estimate, interval, comparison.n, "always-valid", sample, observed)


def _beyond(spec: _Spec, value: float) -> bool:
    """``value`` is on the good side of the threshold, strictly."""
    return value > spec.threshold if spec.higher_is_better else value < spec.threshold


def _sample(
    delta: float, unit_variance: float, current: int, metrics: MetricSet, settings: PilotSettings
) -> SampleSize | None:
    if not (delta > 0 and unit_variance > 0):
        return None
    return sample_size(delta, unit_variance, current_n=current, per_day=metrics.per_day(current),
                       alpha=settings.alpha, power=settings.power,
                       tuning=settings.sequential_tuning)  # fmt: skip
