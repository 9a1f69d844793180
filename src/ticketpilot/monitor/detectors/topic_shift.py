"""Topic shift: what customers wrote about more this month than last, with examples.

Each calendar period against the previous one with enough tickets, by the rising-word test of
:mod:`ticketpilot.monitor.terms`: words whose share of tickets rose beyond chance (exact test,
Bonferroni) and at least doubled, grouped into topics by the tickets they share. Embeddings
find tickets unlike *anything* before (:mod:`.topics`); this finds a known kind of ticket that
suddenly mentions something new (an OS update, a new phone, an album release), which is how
most product changes first show in support.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

from ticketpilot.monitor.detectors.base import Alert, DriftInputs, Verdict, skipped
from ticketpilot.monitor.detectors.periods import (
    Period,
    period_label,
    period_start,
    periods,
)
from ticketpilot.monitor.frame import TextFrame, day_date
from ticketpilot.monitor.terms import RisingWord, group_words, rising_words, words

NAME = "topic_shift"


@dataclass(frozen=True)
class TopicShift:
    """Flags periods in which tickets about something turned up far more than before."""

    period: Period = "month"
    alpha: float = 0.01
    min_ratio: float = 2.0
    min_texts: int = 100
    max_topics: int = 5
    name: str = NAME

    @property
    def method(self) -> str:
        return (
            f"words' share of tickets, exact conditional binomial test per word, Bonferroni "
            f"at {self.alpha:g} over the words tested, and at least {self.min_ratio:g}x the "
            "share; rising words grouped into topics by shared tickets"
        )

    @property
    def window(self) -> str:
        return (
            f"each calendar {self.period} against the previous one (at least "
            f"{self.min_texts} tickets each)"
        )

    @property
    def false_alarm(self) -> str:
        return f"at most {self.alpha:g} per {self.period} for all words together"

    def run(self, inputs: DriftInputs) -> Verdict:
        texts = inputs.texts
        if texts is None or len(texts) == 0:
            return skipped(self, "no ticket texts")
        of, usable = periods(texts, self.period, self.min_texts)
        if len(usable) < 2:
            return skipped(
                self, f"fewer than two {self.period}s with {self.min_texts} tickets", len(texts)
            )
        docs = [words(t) for t in texts.texts]
        rows: list[dict[str, Any]] = []
        alerts: list[Alert] = []
        for before, index in itertools.pairwise(usable):
            prior = np.flatnonzero(of == before)
            current = np.flatnonzero(of == index)
            rising = rising_words(
                [docs[i] for i in prior], [docs[i] for i in current], self.alpha, self.min_ratio
            )
            groups = group_words(rising, [docs[i] for i in current])[: self.max_topics]
            topics = [
                self._topic(texts, docs, prior, current, [rising[i] for i in g]) for g in groups
            ]
            row = {
                "period": period_label(index, self.period),
                "against": period_label(before, self.period),
                "n": len(current),
                "n_reference": len(prior),
                "last_day": day_date(int(texts.day[current].max())).isoformat(),
                "rising_words": len(rising),
                "topics": topics,
            }
            rows.append(row)
            alerts.extend(self._alert(index, rank, t, row) for rank, t in enumerate(topics, 1))
        latest = rows[-1]
        summary = (
            f"{latest['period']} against {latest['against']}: "
            + (
                "; ".join(
                    f"'{' '.join(t['words'][:3])}' {t['share_before']:.1%} -> {t['share']:.1%}"
                    for t in latest["topics"]
                )
                or "no topic rose beyond chance"
            )
            + f" (n={latest['n']:,} vs {latest['n_reference']:,})"
        )
        return Verdict(
            self.name,
            "drift" if latest["topics"] else "ok",
            summary,
            self.method,
            self.window,
            self.false_alarm,
            len(texts),
            float(len(latest["topics"])),
            None,
            tuple(alerts),
            {"periods": rows},
        )

    def _topic(
        self,
        texts: TextFrame,
        docs: list[set[str]],
        prior: np.ndarray,
        current: np.ndarray,
        rising: list[RisingWord],
    ) -> dict[str, Any]:
        names = {r.word for r in rising}
        using = [int(i) for i in current if docs[i] & names]
        used_before = sum(1 for i in prior if docs[i] & names)
        best = sorted(using, key=lambda i: -len(docs[i] & names))[:3]
        return {
            "words": [r.word for r in rising][:5],
            "tickets": len(using),
            "share": round(len(using) / len(current), 4),
            "tickets_before": used_before,
            "share_before": round(used_before / len(prior), 4),
            "p": rising[0].p,
            "first_seen": day_date(int(texts.day[using].min())).isoformat(),
            "examples": [texts.shown(i, focus=_first_used(docs[i], rising)) for i in best],
            "ids": [texts.ids[i] for i in using[:20]] if texts.ids else [],
        }

    def _alert(self, index: int, rank: int, topic: dict[str, Any], row: dict[str, Any]) -> Alert:
        label = " ".join(topic["words"][:3])
        message = (
            f"in {row['period']}, tickets about '{label}' rose from {topic['share_before']:.1%} "
            f"({topic['tickets_before']:,} of {row['n_reference']:,}) to {topic['share']:.1%} "
            f"({topic['tickets']:,} of {row['n']:,}); strongest word p={topic['p']:.2g}; e.g. "
            f'"{topic["examples"][0]}"'
        )
        return Alert(
            self.name,
            "topic shift",
            period_start(index, self.period),
            date.fromisoformat(row["last_day"]),
            message,
            topic["share"],
            topic["share_before"],
            topic,
            key=f"{row['period']}#{rank}",
        )


def _first_used(doc: set[str], rising: list[RisingWord]) -> str | None:
    """The strongest rising word this ticket uses (what its example should show)."""
    return next((r.word for r in rising if r.word in doc), None)
