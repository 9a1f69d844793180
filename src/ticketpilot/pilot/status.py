"""The pilot's status in words, by a decision rule stated in advance.

In order, the first that applies:

1. **unhealthy: sample ratio mismatch** - the sample-ratio check fails (p < 0.001): the arms are
   no longer comparable, so nothing else is read.
2. **continue: no pilot tickets yet** - nothing to judge.
3. **harm detected** - a guardrail's interval lies wholly on its bad side (hallucinations or
   latency p95 over the charter's maximum; editing time, resolution time up or CSAT down).
4. **stop: threshold out of reach** - a success criterion's interval lies wholly below its
   threshold (futility).
5. **success threshold met** - every success criterion met, the strict guardrails' estimates
   within their maxima, and at least ``min_days`` of data (a full week of ticket seasonality
   by default).
6. **inconclusive** - the planned ``duration_days`` are over without a decision.
7. **continue, about N days left** - N: the days until the last undecided success criterion
   has the sample to be decided with the planned power if the true value is the program
   target (and at least until ``min_days``).

Every decision reads always-valid intervals, so reading the status daily does not raise the
chance of a wrong "success" or "harm" above alpha (asymptotically, per criterion).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from ticketpilot.pilot.criteria import CriterionResult, evaluate
from ticketpilot.pilot.metrics import MetricSet, PilotMetrics
from ticketpilot.pilot.outcomes import Health
from ticketpilot.pilot.settings import PilotSettings

StatusKind = Literal["continue", "success", "harm", "futile", "inconclusive", "unhealthy"]


@dataclass(frozen=True)
class PilotStatus:
    """The verdict (``kind``), its headline, why, what to watch, and every criterion."""

    kind: StatusKind
    headline: str
    reasons: tuple[str, ...]
    warnings: tuple[str, ...]
    days_left: int | None
    criteria: tuple[CriterionResult, ...]

    def as_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "headline": self.headline,
            "reasons": list(self.reasons),
            "warnings": list(self.warnings),
            "days_left": self.days_left,
            "criteria": [c.as_dict() for c in self.criteria],
        }


def status_of(metrics: PilotMetrics) -> PilotStatus:
    """The status of the whole pilot."""
    return pilot_status(metrics.overall, metrics.settings, health=metrics.health)


def pilot_status(
    metrics: MetricSet, settings: PilotSettings, *, health: Health | None = None
) -> PilotStatus:
    """The status of one segment's figures under the decision rule of this module."""
    warnings = list(health.problems()) if health else []
    srm = metrics.srm
    if srm is not None and srm.level == "warn":
        warnings.append(srm.describe())
    if srm is not None and srm.level == "fail":
        return PilotStatus("unhealthy", "unhealthy: sample ratio mismatch", (srm.describe(),),
                           tuple(warnings), None, ())  # fmt: skip
    if sum(metrics.units.values()) == 0:
        return PilotStatus("continue", "continue: no pilot tickets yet", (), tuple(warnings),
                           None, ())  # fmt: skip
    criteria = tuple(evaluate(metrics, settings))

    def status(kind: StatusKind, headline: str, picked: list[CriterionResult],
               days: int | None = None, *notes: str) -> PilotStatus:  # fmt: skip
        reasons = tuple(c.describe() for c in picked) + notes
        return PilotStatus(kind, headline, reasons, tuple(warnings), days, criteria)

    harmed = [c for c in criteria if c.role == "guardrail" and c.state == "failed"]
    if harmed:
        return status("harm", "harm detected: " + ", ".join(c.name for c in harmed), harmed)
    success = [c for c in criteria if c.role == "success"]
    futile = [c for c in success if c.state == "failed"]
    if futile:
        names = ", ".join(c.name for c in futile)
        return status("futile", f"stop: threshold out of reach ({names})", futile)
    open_ = [c for c in success if c.state != "met"]
    over = [c for c in criteria if c.strict and c.state != "met" and not c.estimate_within]
    minimum = max(0, math.ceil(settings.min_days - metrics.days))
    if not open_ and not over:
        if minimum == 0:
            return status("success", "success threshold met", list(success))
        return status("continue", f"continue, about {_days(minimum)} left (minimum runtime "
                      f"of {settings.min_days} days)", list(success), minimum)  # fmt: skip
    days_left, note = _days_left(open_, minimum)
    notes = (note,) if note else ()
    reasons = open_ + over
    if metrics.days >= settings.duration_days:
        more = f"; about {_days(days_left)} more needed" if days_left else ""
        return status("inconclusive", f"inconclusive: the planned {settings.duration_days} "
                      f"days are over{more}", reasons, days_left, *notes)  # fmt: skip
    if days_left is None:
        return status("continue", "continue, days left unknown", reasons, None, *notes)
    return status(
        "continue", f"continue, about {_days(days_left)} left", reasons, days_left, *notes
    )


def _days_left(open_: list[CriterionResult], minimum: int) -> tuple[int | None, str]:
    """The days the slowest undecided success criterion still needs, and how they were projected.

    At the program target first; once the sample planned for the target is reached (or there is
    no target beyond the threshold), at the current estimate, which then says so.
    """
    if not open_:
        return None, "a guardrail estimate is over its maximum without a decision yet"
    days: list[int] = []
    notes: list[str] = []
    for c in open_:
        if c.sample is not None and c.sample.days_left:
            days.append(c.sample.days_left)
        elif c.observed is not None and c.observed.days_left is not None:
            days.append(c.observed.days_left)
            why = "no program target beyond the threshold" if c.sample is None else (
                "the sample planned for the program target is reached")  # fmt: skip
            notes.append(f"{c.name}: projected at the current estimate ({why})")
        else:
            return None, (f"no projection for {c.name}: too little data or no ticket volume yet")
    return max(*days, minimum, 1), "; ".join(notes)


def _days(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"
