"""Acceptance drop: a one-sided Bernoulli CUSUM on daily feedback, calibrated on the reference.

The first ``reference_days`` of feedback set the in-control rate; every later day feeds the
CUSUM (:mod:`ticketpilot.monitor.cusum`) whose threshold is simulated from that reference
(:mod:`ticketpilot.monitor.calibration`) for one false alarm per ``arl_days``. Each category has
its own CUSUM too (thresholds for ``arl_days`` times the number of categories, so all of them
together raise no more false alarms than the overall one), which dates a category's own drop.
An alarm becomes an alert worded by :mod:`ticketpilot.monitor.attribution`: where the drop sits
(mix or within a category) and which prompt version came in with it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from ticketpilot.monitor.attribution import attribute
from ticketpilot.monitor.cusum import Episode, episodes
from ticketpilot.monitor.detectors.base import Alert, DriftInputs, Verdict, skipped
from ticketpilot.monitor.drop import DropSettings, DropWatch, watch_drop
from ticketpilot.monitor.frame import FeedbackFrame, day_date

NAME = "acceptance_drop"


@dataclass(frozen=True)
class AcceptanceDrop:
    """Catches a fall in the acceptance rate and dates its start."""

    settings: DropSettings = field(default_factory=DropSettings)
    name: str = NAME

    @property
    def method(self) -> str:
        s = self.settings
        return (
            f"one-sided Bernoulli CUSUM tuned to a drop of {s.min_drop * 100:g} points, threshold "
            "simulated from the reference (volumes, day-to-day spread, estimation error); "
            "per-category CUSUMs and a mix/within decomposition for attribution"
        )

    @property
    def window(self) -> str:
        return f"reference: the first {self.settings.reference_days} days; then daily"

    @property
    def false_alarm(self) -> str:
        per_year = 365.0 / self.settings.arl_days
        return f"{per_year:.2f} per year (one per {self.settings.arl_days:,.0f} days in control)"

    def run(self, inputs: DriftInputs) -> Verdict:
        frame = inputs.feedback
        s = self.settings
        if frame is None or len(frame) == 0:
            return skipped(self, "no feedback events yet")
        days = frame.last_day - frame.first_day + 1
        if days <= s.reference_days:
            return skipped(
                self,
                f"{days} days of feedback; the reference alone takes {s.reference_days}",
                len(frame),
            )
        n, a = frame.daily()
        overall = watch_drop(n, a, s)
        if not overall.watched[0]:
            return skipped(
                self,
                f"{int(overall.model.events[0]):,} events in the reference "
                f"period; at least {s.min_reference_events:,} are needed",
                len(frame),
            )
        cn, ca = frame.daily(by_category=True)
        k = max(int((cn[:, : s.reference_days].sum(axis=1) >= s.min_reference_events).sum()), 1)
        per_category = watch_drop(cn, ca, replace(s, arl_days=s.arl_days * k))
        return self._verdict(frame, overall, per_category)

    def _verdict(
        self, frame: FeedbackFrame, overall: DropWatch, per_category: DropWatch
    ) -> Verdict:
        found = episodes(overall.trace.path[0], overall.trace.alarm[0])
        alerts = tuple(self._alert(frame, overall, per_category, e) for e in found)
        open_now = bool(found) and found[-1].ended is None
        h = float(overall.calibration.threshold[0])
        stat = float(overall.trace.path[0, -1])
        rate = float(overall.model.rate[0])
        first, last = day_date(frame.first_day), day_date(frame.last_day)
        if open_now:
            summary = alerts[-1].message
        elif alerts:
            summary = f"no drop now; {len(alerts)} earlier drop(s), recovered"
        else:
            summary = f"no drop: acceptance holds near the reference {rate:.1%}"
        ref_end = day_date(frame.first_day + self.settings.reference_days - 1)
        window = (
            f"reference {first:%Y-%m-%d}..{ref_end:%Y-%m-%d} "
            f"(n={int(overall.model.events[0]):,}, rate {rate:.1%}); "
            f"monitored daily to {last:%Y-%m-%d}"
        )
        return Verdict(
            self.name,
            "drift" if open_now else "ok",
            summary,
            self.method,
            window,
            self.false_alarm,
            len(frame),
            stat,
            h,
            alerts,
            self._details(frame, overall, per_category),
        )

    def _alert(
        self, frame: FeedbackFrame, overall: DropWatch, per_category: DropWatch, episode: Episode
    ) -> Alert:
        offset = overall.offset
        start = frame.first_day + offset + episode.start
        end = (
            frame.first_day
            + offset
            + (episode.ended - 1 if episode.ended else overall.trace.path.shape[1] - 1)
        )
        before = frame.day < frame.first_day + offset
        after = (frame.day >= start) & (frame.day <= end)
        why = attribute(frame, before, after, start)
        culprit = why.culprit
        own_start = None
        if culprit is not None:
            code = frame.categories.index(culprit.category)
            cat = episodes(per_category.trace.path[code], per_category.trace.alarm[code])
            near = [e for e in cat if e.first_alarm >= episode.start - 14]
            if near and per_category.watched[code]:
                own_start = day_date(frame.first_day + offset + near[0].start)
        started = day_date(start)
        message = f"{why.headline(started)}: {why.explain()}"
        return Alert(
            self.name,
            "acceptance",
            started,
            day_date(frame.first_day + offset + episode.first_alarm),
            message,
            float(overall.trace.path[0, episode.first_alarm]),
            float(overall.calibration.threshold[0]),
            {
                "category": culprit.category if culprit else None,
                "category_started": own_start.isoformat() if own_start else None,
                "prompt": why.prompt.version if why.prompt else None,
                "rate_before": round(why.rate_before, 4),
                "rate_after": round(why.rate_after, 4),
                "n_before": why.n_before,
                "n_after": why.n_after,
                "mix_effect": round(why.mix_effect, 4),
                "within_effect": round(why.within_effect, 4),
                "categories": [
                    {
                        "category": c.category,
                        "mix_effect": round(c.mix_effect, 4),
                        "within_effect": round(c.within_effect, 4),
                        "rate_before": c.rate_before,
                        "rate_after": c.rate_after,
                        "n_before": c.n_before,
                        "n_after": c.n_after,
                    }
                    for c in why.categories
                ],
                "ongoing": episode.ended is None,
            },
        )

    def _details(
        self, frame: FeedbackFrame, overall: DropWatch, per_category: DropWatch
    ) -> dict[str, Any]:
        n, a = frame.daily()
        offset = overall.offset
        series = [
            {
                "day": day_date(frame.first_day + t).isoformat(),
                "n": int(n[0, t]),
                "accepted": int(a[0, t]),
                "statistic": None
                if t < offset
                else round(float(overall.trace.path[0, t - offset]), 3),
            }
            for t in range(n.shape[1])
        ]
        categories = [
            {
                "category": name,
                "reference_rate": round(float(per_category.model.rate[c]), 4),
                "reference_n": int(per_category.model.events[c]),
                "watched": bool(per_category.watched[c]),
                "threshold": round(float(per_category.calibration.threshold[c]), 3),
                "statistic": round(float(per_category.trace.path[c, -1]), 3),
                "alarms": int(per_category.trace.alarm[c].sum()) if per_category.watched[c] else 0,
            }
            for c, name in enumerate(frame.categories)
        ]
        return {
            "measure": frame.measure,
            "p0": round(float(overall.p0[0]), 4),
            "p1": round(float(overall.p1[0]), 4),
            "day_spread": round(float(np.sqrt(overall.model.extra_var[0])), 4),
            "calibration": overall.calibration.describe(),
            "series": series,
            "categories": categories,
        }
