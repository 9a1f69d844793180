"""Quality per segment: acceptance by category and by prompt version, recent against reference.

For each category, the last ``window_days`` against the reference (the first
``reference_days`` of feedback): a one-sided two-proportion z-test for a drop. For each prompt
version used recently, its acceptance standardised to the reference's category mix (so a version
that happens to serve harder tickets is not blamed for them) against the reference on the same
categories. Holm's step-down keeps the family of tests at ``alpha``; a segment alerts only
when its drop is also at least ``min_drop`` (a significant half-point is not news).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
from scipy.stats import norm

from ticketpilot.monitor.detectors.base import Alert, DriftInputs, Verdict, skipped
from ticketpilot.monitor.frame import FeedbackFrame, day_date

NAME = "quality_by_segment"
MIN_SEGMENT = 30


@dataclass(frozen=True)
class Segment:
    """One category or prompt version: reference and recent acceptance, and the test."""

    kind: str
    name: str
    n_before: int
    rate_before: float
    n_after: int
    rate_after: float
    z: float
    p: float
    flagged: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "name": self.name,
            "n_before": self.n_before,
            "rate_before": round(self.rate_before, 4),
            "n_after": self.n_after,
            "rate_after": round(self.rate_after, 4),
            "z": round(self.z, 3),
            "p": self.p,
            "flagged": self.flagged,
        }


@dataclass(frozen=True)
class QualityBySegment:
    """Flags categories and prompt versions whose acceptance fell."""

    reference_days: int = 28
    window_days: int = 14
    alpha: float = 0.01
    min_drop: float = 0.05
    name: str = NAME

    @property
    def method(self) -> str:
        return (
            f"one-sided two-proportion z-tests per category, and per prompt version on "
            f"the reference's category mix; Holm-adjusted, alert when significant and at "
            f"least {self.min_drop:.0%} points down"
        )

    @property
    def window(self) -> str:
        return (
            f"the last {self.window_days} days against the first "
            f"{self.reference_days} days of feedback"
        )

    @property
    def false_alarm(self) -> str:
        return f"{self.alpha:g} per run for all segments together (Holm)"

    def run(self, inputs: DriftInputs) -> Verdict:
        frame = inputs.feedback
        if frame is None or len(frame) == 0:
            return skipped(self, "no feedback events yet")
        first, last = frame.first_day, frame.last_day
        ref_end = first + self.reference_days - 1
        recent_from = max(last - self.window_days + 1, ref_end + 1)
        if recent_from > last:
            return skipped(
                self,
                f"{last - first + 1} days of feedback; the reference alone "
                f"takes {self.reference_days}",
                len(frame),
            )
        before = frame.day <= ref_end
        after = frame.day >= recent_from
        segments = _holm(
            [*_by_category(frame, before, after), *_by_prompt(frame, before, after)],
            self.alpha,
            self.min_drop,
        )
        alerts = tuple(
            self._alert(s, day_date(recent_from), day_date(last)) for s in segments if s.flagged
        )
        window = (
            f"{day_date(recent_from):%Y-%m-%d}..{day_date(last):%Y-%m-%d} "
            f"(n={int(after.sum()):,}) against {day_date(first):%Y-%m-%d}.."
            f"{day_date(ref_end):%Y-%m-%d} (n={int(before.sum()):,})"
        )
        summary = (
            "; ".join(a.message for a in alerts)
            if alerts
            else f"no category or prompt version fell significantly ({len(segments)} tested)"
        )
        worst = min((s.z for s in segments), default=None)
        return Verdict(
            self.name,
            "drift" if alerts else "ok",
            summary,
            self.method,
            window,
            self.false_alarm,
            int(before.sum() + after.sum()),
            worst,
            None,
            alerts,
            {"measure": frame.measure, "segments": [s.as_dict() for s in segments]},
        )

    def _alert(self, segment: Segment, start: date, end: date) -> Alert:
        message = (
            f"acceptance in {segment.kind} {segment.name} fell from "
            f"{segment.rate_before:.1%} (n={segment.n_before:,}) to "
            f"{segment.rate_after:.1%} (n={segment.n_after:,}) in "
            f"{start:%Y-%m-%d}..{end:%Y-%m-%d}; Holm-adjusted p={segment.p:.2g}"
        )
        year, week, _ = end.isocalendar()
        return Alert(
            self.name,
            f"{segment.kind} {segment.name}",
            None,
            end,
            message,
            segment.z,
            -float(norm.isf(self.alpha)),
            segment.as_dict(),
            key=f"{year}-W{week:02d}",
        )


def _test(
    kind: str, name: str, n0: float, r0: float, var0: float, n1: float, r1: float, var1: float
) -> Segment:
    se = math.sqrt(var0 + var1)
    z = (r1 - r0) / se if se > 0 else 0.0
    return Segment(kind, name, round(n0), r0, round(n1), r1, z, float(norm.cdf(z)))


def _by_category(frame: FeedbackFrame, before: np.ndarray, after: np.ndarray) -> list[Segment]:
    k = len(frame.categories)
    n0 = np.bincount(frame.category[before], minlength=k)
    a0 = np.bincount(frame.category[before & frame.accepted], minlength=k)
    n1 = np.bincount(frame.category[after], minlength=k)
    a1 = np.bincount(frame.category[after & frame.accepted], minlength=k)
    out = []
    for c in range(k):
        if n0[c] >= MIN_SEGMENT and n1[c] >= MIN_SEGMENT:
            r0, r1 = a0[c] / n0[c], a1[c] / n1[c]
            out.append(
                _test(
                    "category",
                    frame.categories[c],
                    n0[c],
                    r0,
                    r0 * (1 - r0) / n0[c],
                    n1[c],
                    r1,
                    r1 * (1 - r1) / n1[c],
                )
            )
    return out


def _by_prompt(frame: FeedbackFrame, before: np.ndarray, after: np.ndarray) -> list[Segment]:
    """Each recent prompt version, standardised to the reference's category mix."""
    k = len(frame.categories)
    n0 = np.bincount(frame.category[before], minlength=k).astype(np.float64)
    a0 = np.bincount(frame.category[before & frame.accepted], minlength=k)
    out = []
    for v in np.unique(frame.prompt[after]):
        rows = after & (frame.prompt == v)
        n1 = np.bincount(frame.category[rows], minlength=k).astype(np.float64)
        a1 = np.bincount(frame.category[rows & frame.accepted], minlength=k)
        both = (n0 > 0) & (n1 > 0)
        if n0[both].sum() < MIN_SEGMENT or n1[both].sum() < MIN_SEGMENT:
            continue
        w = n0[both] / n0[both].sum()
        r0, r1 = a0[both] / n0[both], a1[both] / n1[both]
        out.append(
            _test(
                "prompt",
                frame.prompts[v],
                n0[both].sum(),
                float(w @ r0),
                float((w**2 * r0 * (1 - r0) / n0[both]).sum()),
                n1[both].sum(),
                float(w @ r1),
                float((w**2 * r1 * (1 - r1) / n1[both]).sum()),
            )
        )
    return out


def _holm(segments: list[Segment], alpha: float, min_drop: float) -> list[Segment]:
    """Holm-adjusted p-values; flags those under ``alpha`` that also fell by ``min_drop``."""
    order = sorted(range(len(segments)), key=lambda i: segments[i].p)
    adjusted = [1.0] * len(segments)
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (len(segments) - rank) * segments[i].p))
        adjusted[i] = running
    out = []
    for s, p in zip(segments, adjusted, strict=True):
        fell = s.rate_before - s.rate_after >= min_drop
        out.append(
            Segment(
                s.kind,
                s.name,
                s.n_before,
                s.rate_before,
                s.n_after,
                s.rate_after,
                s.z,
                p,
                p < alpha and fell,
            )
        )
    return out
