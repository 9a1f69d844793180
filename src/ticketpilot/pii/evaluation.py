"""Scoring findings against planted ground truth: per-entity precision and recall.

A gold span counts as found when a finding of the same type overlaps it; a finding counts as
correct when it overlaps a gold span of its type. ``exact`` counts gold spans whose boundaries
were matched exactly. Works with any span object that has ``entity_type``, ``start``, ``end``
(ours, Presidio's, or ``GoldSpan``).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple, Protocol


class Span(Protocol):
    """Anything with a typed character range."""

    @property
    def entity_type(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


class GoldSpan(NamedTuple):
    """A planted value: ``text[start:end]`` is a ``entity_type``."""

    start: int
    end: int
    entity_type: str


@dataclass
class EntityScore:
    """Counts for one entity type over a corpus."""

    entity_type: str
    gold: int = 0
    found: int = 0
    exact: int = 0
    predicted: int = 0
    correct: int = 0

    @property
    def recall(self) -> float:
        """Share of gold spans found (1.0 when there were none)."""
        return self.found / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        """Share of findings that hit a gold span (1.0 when there were none)."""
        return self.correct / self.predicted if self.predicted else 1.0

    @property
    def exact_rate(self) -> float:
        """Share of gold spans whose boundaries were matched exactly."""
        return self.exact / self.gold if self.gold else 1.0


def _overlap(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def score_spans(
    corpus: Iterable[tuple[Sequence[Span], Sequence[Span]]],
    *,
    entities: Collection[str] | None = None,
) -> dict[str, EntityScore]:
    """Per-entity scores over ``(gold, predicted)`` pairs, one pair per text.

    ``entities`` limits scoring to those types (findings of other types are ignored).
    """
    scores: dict[str, EntityScore] = {}

    def entry(entity_type: str) -> EntityScore:
        if entity_type not in scores:
            scores[entity_type] = EntityScore(entity_type)
        return scores[entity_type]

    for gold, predicted in corpus:
        kept = [p for p in predicted if entities is None or p.entity_type in entities]
        for g in gold:
            if entities is not None and g.entity_type not in entities:
                continue
            score = entry(g.entity_type)
            score.gold += 1
            same = [p for p in kept if p.entity_type == g.entity_type and _overlap(p, g)]
            score.found += bool(same)
            score.exact += any(p.start == g.start and p.end == g.end for p in same)
        for p in kept:
            score = entry(p.entity_type)
            score.predicted += 1
            score.correct += any(g.entity_type == p.entity_type and _overlap(g, p) for g in gold)
    return scores
