"""The numbers the pilot's statistics run on, read once from the charter.

Two kinds of numbers, kept apart on purpose:

* **thresholds** (``[pilot]``): what the pilot must show to succeed (acceptance at least
  ``min_acceptance_rate``, editing time down by at least ``min_editing_time_reduction``) and the
  guardrails it must not break (hallucinations, latency p95);
* **planning values** (``[targets]``): what the program expects to reach. They never decide
  anything; they size the pilot - the days still needed are the days to show a threshold is met
  if the true value is the target.
"""

from __future__ import annotations

from dataclasses import dataclass

from ticketpilot.charter import Charter
from ticketpilot.errors import PilotError


@dataclass(frozen=True)
class PilotSettings:
    """Error rates, peeking tuning, runtime, thresholds and planning values of one pilot."""

    alpha: float = 0.05
    power: float = 0.8
    sequential_tuning: float = 5000.0
    min_days: int = 7
    duration_days: int = 28
    min_acceptance_rate: float = 0.5
    max_hallucination_rate: float = 0.03
    min_editing_time_reduction: float = 0.2
    max_latency_p95_ms: float = 2000.0
    target_acceptance_rate: float | None = 0.6
    target_editing_time_reduction: float | None = 0.25
    #: relative change of resolution time the program aims at (18 h -> 12 h: -1/3), if known
    target_resolution_change: float | None = None
    target_csat_change: float | None = 0.10

    def __post_init__(self) -> None:
        if not 0.0 < self.alpha < 0.5:
            raise PilotError(f"pilot alpha = {self.alpha!r}: must be between 0 and 0.5")
        if not 0.0 < self.power < 1.0:
            raise PilotError(f"pilot power = {self.power!r}: must be between 0 and 1")
        if self.sequential_tuning <= 0:
            raise PilotError(f"sequential tuning = {self.sequential_tuning!r}: must be positive")

    @classmethod
    def from_charter(
        cls, charter: Charter, baseline_resolution_hours: float | None = None
    ) -> PilotSettings:
        """The charter's settings; the resolution target needs the baseline's resolution hours
        (declared in ``[baseline]`` or computed from history by the caller)."""
        pilot, targets = charter.pilot, charter.targets
        baseline_hours = baseline_resolution_hours or charter.baseline.resolution_hours
        resolution = targets.resolution_hours / baseline_hours - 1.0 if baseline_hours else None
        return cls(
            alpha=pilot.alpha,
            power=pilot.power,
            sequential_tuning=float(pilot.sequential_tuning),
            min_days=pilot.min_days,
            duration_days=pilot.duration_days,
            min_acceptance_rate=pilot.min_acceptance_rate,
            max_hallucination_rate=pilot.max_hallucination_rate,
            min_editing_time_reduction=pilot.min_editing_time_reduction,
            max_latency_p95_ms=pilot.max_latency_p95_ms,
            target_acceptance_rate=targets.acceptance_rate,
            target_editing_time_reduction=targets.handle_time_reduction_pct / 100.0,
            target_resolution_change=resolution,
            target_csat_change=targets.csat_change_pct / 100.0,
        )
