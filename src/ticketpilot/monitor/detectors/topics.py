"""New topics: each week's (or month's) tickets that history does not cover, grouped and shown.

For every calendar period, the tickets before it are the reference (sampled); novelty and
topics follow :mod:`ticketpilot.monitor.novelty`. A period alerts when its share of novel
tickets is both well above the calibrated ``quantile`` (at least ``share_ratio`` times it) and
significantly so (one-sided binomial test at ``alpha``), and at least one topic of
``min_topic`` tickets explains it. Each topic is reported with its size, its distinctive words,
the day it was first seen and three example tickets (PII-masked by the frame's ``mask``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
from scipy.stats import binom

from ticketpilot.monitor.detectors.base import Alert, DriftInputs, Verdict, skipped
from ticketpilot.monitor.detectors.periods import (
    Period,
    Rows,
    period_end,
    period_label,
    period_start,
    periods,
    sample,
)
from ticketpilot.monitor.frame import TextFrame, day_date
from ticketpilot.monitor.novelty import (
    central_rows,
    distinctive_terms,
    nearest_similarity,
    novelty_scale,
    topic_clusters,
)

NAME = "new_topics"


@dataclass(frozen=True)
class NewTopics:
    """Flags periods with a cluster of tickets unlike anything before them."""

    period: Period = "week"
    quantile: float = 0.05
    share_ratio: float = 1.5
    alpha: float = 0.001
    min_texts: int = 50
    min_reference: int = 300
    max_reference: int = 4000
    max_current: int = 2000
    min_topic: int = 5
    neighbours: int = 5
    seed: int = 7
    name: str = NAME

    @property
    def method(self) -> str:
        return (
            f"cosine to the {self.neighbours}th most similar earlier ticket; novel below the "
            f"reference's own "
            f"{self.quantile:.0%} quantile; alert when the novel share is at least "
            f"{self.share_ratio:g}x that and binomial p < {self.alpha:g}, with a dense "
            f"cluster of >= {self.min_topic} novel tickets"
        )

    @property
    def window(self) -> str:
        return (
            f"each calendar {self.period} (at most {self.max_current:,} tickets sampled) "
            f"against all earlier tickets (at most {self.max_reference:,} sampled)"
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
        rng = np.random.default_rng(self.seed)
        rows: list[dict[str, Any]] = []
        alerts: list[Alert] = []
        for index in usable:
            earlier = np.flatnonzero(of < index)
            if len(earlier) < self.min_reference:
                continue
            ref = sample(earlier, self.max_reference, rng)
            cur = sample(np.flatnonzero(of == index), self.max_current, rng)
            row = self._period(texts, index, ref, cur, rng)
            rows.append(row)
            if row["alert"]:
                alerts.extend(
                    self._alert(index, rank, topic, row)
                    for rank, topic in enumerate(row["topics"], 1)
                )
        if not rows:
            return skipped(
                self, f"no {self.period} has {self.min_reference} earlier tickets", len(texts)
            )
        latest = rows[-1]
        summary = (
            f"{latest['period']}: {latest['novel_share']:.1%} of {latest['n']:,} tickets unlike "
            f"history (expected {self.quantile:.0%}; p={latest['p']:.2g}); "
            f"{len(latest['topics'])} topic(s); {len(alerts)} new-topic alert(s) in "
            f"{len(rows)} {self.period}s"
        )
        if latest["alert"]:
            summary = alerts[-1].message
        return Verdict(
            self.name,
            "drift" if latest["alert"] else "ok",
            summary,
            self.method,
            self.window,
            self.false_alarm,
            len(texts),
            latest["novel_share"],
            self.share_ratio * self.quantile,
            tuple(alerts),
            {"periods": rows, "embedder": texts.embedder},
        )

    def _period(
        self, texts: TextFrame, index: int, ref: Rows, cur: Rows, rng: np.random.Generator
    ) -> dict[str, Any]:
        held_out = min(500, len(ref) // 4)
        scale, base = novelty_scale(
            texts.vectors[ref], rng, self.quantile, held_out, self.neighbours
        )
        sims = nearest_similarity(texts.vectors[cur], base, self.neighbours)
        novel = cur[sims < scale.threshold]
        share = len(novel) / len(cur)
        p = float(binom.sf(len(novel) - 1, len(cur), self.quantile))
        groups = [
            g
            for g in topic_clusters(texts.vectors[novel], scale.threshold)
            if len(g) >= self.min_topic
        ]
        reference_texts = [texts.texts[i] for i in ref]
        topics = [self._topic(texts, novel[g], len(cur), reference_texts) for g in groups[:5]]
        flagged = p < self.alpha and share >= self.share_ratio * self.quantile and bool(topics)
        return {
            "period": period_label(index, self.period),
            "start": period_start(index, self.period).isoformat(),
            "end": period_end(index, self.period).isoformat(),
            "last_day": day_date(int(texts.day[cur].max())).isoformat(),
            "n": len(cur),
            "n_reference": len(ref),
            "threshold": round(scale.threshold, 4),
            "novel": len(novel),
            "novel_share": round(share, 4),
            "p": p,
            "alert": flagged,
            "topics": topics,
        }

    def _topic(
        self, texts: TextFrame, members: Rows, sampled: int, reference: list[str]
    ) -> dict[str, Any]:
        terms = distinctive_terms([texts.texts[i] for i in members], reference)
        return {
            "terms": terms,
            "size": len(members),
            "share": round(len(members) / sampled, 4),
            "first_seen": day_date(int(texts.day[members].min())).isoformat(),
            "examples": [
                texts.shown(int(i), focus=terms[0] if terms else None)
                for i in central_rows(texts.vectors, members)
            ],
            "ids": [texts.ids[int(i)] for i in members[:20]] if texts.ids else [],
        }

    def _alert(self, index: int, rank: int, topic: dict[str, Any], row: dict[str, Any]) -> Alert:
        label = " ".join(topic["terms"][:3]) or "unnamed"
        message = (
            f"new topic in {row['period']} ({label}): {topic['size']} of {row['n']:,} tickets "
            f"({topic['share']:.1%}), first seen {topic['first_seen']}; {row['novel_share']:.1%} "
            f"of the {self.period}'s tickets are unlike history (expected {self.quantile:.0%}, "
            f'p={row["p"]:.2g}); e.g. "{topic["examples"][0]}"'
        )
        return Alert(
            self.name,
            "new topic",
            period_start(index, self.period),
            date.fromisoformat(row["last_day"]),
            message,
            row["novel_share"],
            self.share_ratio * self.quantile,
            topic,
            key=f"{row['period']}#{rank}",
        )
