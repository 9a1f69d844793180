"""Embedding drift: can a classifier tell this month's tickets from last month's?

Each calendar period's ticket vectors (the workspace's own embedder) against the previous
period with enough tickets, by the numpy domain classifier of :mod:`ticketpilot.monitor.domain`:
a period drifts when the cross-fitted AUC reaches ``auc_alert`` (Evidently's default, 0.55) and
beats its permutation null at ``alpha`` - the first keeps trivial shifts out, the second keeps
small periods from alerting on noise.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from ticketpilot.monitor.detectors.base import Alert, DriftInputs, Verdict, skipped
from ticketpilot.monitor.detectors.periods import (
    Period,
    period_label,
    period_start,
    periods,
    sample,
)
from ticketpilot.monitor.domain import DomainTest, domain_test
from ticketpilot.monitor.frame import TextFrame, day_date

NAME = "embedding_drift"


@dataclass(frozen=True)
class EmbeddingDrift:
    """Flags periods whose tickets read differently from the period before."""

    period: Period = "month"
    min_texts: int = 100
    max_texts: int = 2000
    permutations: int = 200
    alpha: float = 0.01
    auc_alert: float = 0.55
    seed: int = 7
    name: str = NAME

    @property
    def method(self) -> str:
        return (
            f"ridge domain classifier on ticket embeddings, 2-fold cross-fitted ROC AUC; "
            f"alert at AUC >= {self.auc_alert} and permutation p <= {self.alpha:g} "
            f"({self.permutations} permutations)"
        )

    @property
    def window(self) -> str:
        return (
            f"each calendar {self.period} against the previous one (at least "
            f"{self.min_texts} tickets each, at most {self.max_texts:,} sampled)"
        )

    @property
    def false_alarm(self) -> str:
        per_year = (52 if self.period == "week" else 12) * self.alpha
        return f"at most {self.alpha:g} per {self.period} ({per_year:.2g} per year)"

    def run(self, inputs: DriftInputs) -> Verdict:
        texts = inputs.texts
        if texts is None or len(texts) == 0:
            return skipped(self, "no ticket texts to embed (build the index: `ticketpilot index`)")
        of, usable = periods(texts, self.period, self.min_texts)
        if len(usable) < 2:
            return skipped(
                self, f"fewer than two {self.period}s with {self.min_texts} tickets", len(texts)
            )
        rng = np.random.default_rng(self.seed)
        rows: list[dict[str, Any]] = []
        alerts: list[Alert] = []
        test: DomainTest | None = None
        for before, index in itertools.pairwise(usable):
            ref = sample(np.flatnonzero(of == before), self.max_texts, rng)
            cur = sample(np.flatnonzero(of == index), self.max_texts, rng)
            test = domain_test(texts.vectors[ref], texts.vectors[cur], rng, self.permutations)
            flagged = test.auc >= self.auc_alert and test.p_value <= self.alpha
            rows.append(
                {
                    "period": period_label(index, self.period),
                    "against": period_label(before, self.period),
                    "n": len(cur),
                    "n_reference": len(ref),
                    "auc": round(test.auc, 4),
                    "p": round(test.p_value, 4),
                    "alert": flagged,
                }
            )
            if flagged:
                alerts.append(self._alert(texts, of, index, before, test))
        assert test is not None
        latest = rows[-1]
        summary = (
            f"{latest['period']} against {latest['against']}: AUC {latest['auc']:.3f} "
            f"(permutation p={latest['p']:.3g}; n={latest['n']:,} vs {latest['n_reference']:,}); "
            f"{len(alerts)} drifting {self.period}(s) of {len(rows)}"
        )
        if latest["alert"]:
            summary = alerts[-1].message
        threshold = max(self.auc_alert, float(np.quantile(test.null, 1.0 - self.alpha)))
        return Verdict(
            self.name,
            "drift" if latest["alert"] else "ok",
            summary,
            self.method,
            self.window,
            self.false_alarm,
            len(texts),
            test.auc,
            threshold,
            tuple(alerts),
            {"periods": rows, "embedder": texts.embedder},
        )

    def _alert(
        self,
        texts: TextFrame,
        of: npt.NDArray[np.int64],
        index: int,
        before: int,
        test: DomainTest,
    ) -> Alert:
        label, against = period_label(index, self.period), period_label(before, self.period)
        message = (
            f"tickets of {label} read differently from {against}'s: a classifier tells them "
            f"apart with AUC {test.auc:.3f} (permutation p={test.p_value:.3g}; "
            f"n={test.n_current:,} vs {test.n_reference:,}; {texts.embedder} embeddings)"
        )
        return Alert(
            self.name,
            "ticket texts",
            period_start(index, self.period),
            day_date(int(texts.day[of == index].max())),
            message,
            test.auc,
            self.auc_alert,
            {"p": test.p_value, "against": against},
            key=label,
        )
