"""Context words: words near a candidate that raise or lower its score.

A rule looks at a window of characters before and after the match. Boost words ("card", "ssn",
"call me") raise the score by ``boost``; penalty words ("flight", "tracking") lower it by
``penalty``. When both kinds are present the nearer word wins, so "my flight was cancelled, call
me on 415 555 0132" counts as a phone. Penalty words are only looked for in the same sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ticketpilot.pii.patterns import trie_pattern
from ticketpilot.pii.scan import TextScan

_SENTENCE_END = re.compile(r"[.!?;\n]\s")


def _word_regex(words: tuple[str, ...]) -> re.Pattern[str] | None:
    if not words:
        return None
    return re.compile(rf"(?<![a-z0-9])(?:{trie_pattern(words)})(?![a-z])")


@dataclass(frozen=True)
class ContextRule:
    """Words that move a recognizer's score; matched lower-case on word boundaries."""

    boost_words: tuple[str, ...] = ()
    penalty_words: tuple[str, ...] = ()
    boost: float = 0.35
    penalty: float = 0.5
    before: int = 48
    after: int = 24
    _boost_re: re.Pattern[str] | None = field(init=False, repr=False, compare=False)
    _penalty_re: re.Pattern[str] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_boost_re", _word_regex(self.boost_words))
        object.__setattr__(self, "_penalty_re", _word_regex(self.penalty_words))

    def adjust(self, scan: TextScan, start: int, end: int, score: float) -> float:
        """The score of the span ``start:end`` of ``scan`` after looking at its context."""
        lower = scan.lower
        before = lower[max(0, start - self.before) : start]
        after = lower[end : end + self.after]
        boost_at = _distance(self._boost_re, before, after)
        if self._penalty_re is not None:
            cut = [m.end() for m in _SENTENCE_END.finditer(before)]
            same_sentence = before[cut[-1] :] if cut else before
            after_cut = _SENTENCE_END.search(after)
            tail = after[: after_cut.start()] if after_cut else after
            penalty_at = _distance(self._penalty_re, same_sentence, tail)
            if penalty_at is not None and (boost_at is None or penalty_at < boost_at):
                return max(0.0, score - self.penalty)
        if boost_at is not None:
            return min(1.0, score + self.boost)
        return score


def _distance(pattern: re.Pattern[str] | None, before: str, after: str) -> int | None:
    """Characters between the span and the nearest match of ``pattern``, or None."""
    if pattern is None:
        return None
    best: int | None = None
    for hit in pattern.finditer(before):
        best = len(before) - hit.end()
    later = pattern.search(after)
    if later is not None and (best is None or later.start() < best):
        best = later.start()
    return best
