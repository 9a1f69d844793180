"""Reply style per group of replies: length spread, greetings, sign-offs, formality, templates.

Pure functions; :class:`StyleProfile` summarises one category's replies and says how consistent
they are (0 = every reply different in every respect, 1 = one house style).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ticketpilot.audit.neardup import normalise
from ticketpilot.audit.samples import masked
from ticketpilot.pii import Detector

GREETINGS = (
    ("dear", re.compile(r"^\s*dear\b", re.I)),
    ("hi/hello name", re.compile(r"^\s*(?i:hi|hello|hey|dear)\s+[A-Z][a-z]+")),
    ("hi/hello", re.compile(r"^\s*(?:hi|hello|hey|good (?:morning|afternoon|evening))\b", re.I)),
    (
        "thanks for reaching out",
        re.compile(
            r"^\s*thanks?(?: you)? for (?:reaching out|contacting|getting in touch|your (?:message|patience|email))",
            re.I,
        ),
    ),
    (
        "apology first",
        re.compile(r"^\s*(?:we(?:'re| are)|i(?:'m| am)) (?:so |very |truly )?sorry", re.I),
    ),
)
SIGNOFFS = (
    ("regards", re.compile(r"(?:kind |best |warm )?regards[,.!]?\s*\S*\s*$", re.I)),
    ("sincerely", re.compile(r"sincerely[,.]?\s*\S*\s*$", re.I)),
    ("cheers", re.compile(r"cheers[!,.]?\s*\S*\s*$", re.I)),
    ("thanks", re.compile(r"thanks?(?: you)?(?: again)?[!,.]?\s*(?:[-*^~]?\s*\S+)?\s*$", re.I)),
    ("agent initials", re.compile(r"(?:[*^~]|-\s?)[A-Z]{2,4}\s*$")),
    ("team signature", re.compile(r"(?:the )?\w+ (?:support|care|help) team[.!]?\s*$", re.I)),
)
_FORMAL = re.compile(
    r"\b(?:kindly|sincerely|regards|apologi[sz]e|we would|please be advised|"
    r"dear|assist|inconvenience|furthermore|however)\b",
    re.I,
)
_CASUAL = re.compile(
    r"(?:\bhey\b|\blol\b|\bgonna\b|\bwanna\b|\bawesome\b|\bcool\b|\bno worries\b|"
    r"!!|:\)|:D|[\U0001F300-\U0001FAFF])",
    re.I,
)
_WORD = re.compile(r"\w+")
TEMPLATE_WORDS = 8
TEMPLATE_MIN_REPEATS = 5


@dataclass(frozen=True, slots=True)
class StyleProfile:
    replies: int
    median_words: float
    p25_words: float
    p75_words: float
    length_cv: float
    greetings: dict[str, float]
    signoffs: dict[str, float]
    formality_mean: float
    formality_std: float
    template_share: float
    top_templates: tuple[tuple[str, int], ...]
    consistency: float


def _first(patterns: Sequence[tuple[str, re.Pattern[str]]], text: str, search_end: bool) -> str:
    probe = text[-80:] if search_end else text[:80]
    for name, pattern in patterns:
        if pattern.search(probe):
            return name
    return "none"


def formality(text: str) -> float:
    """-1 (casual) .. +1 (formal), from marker words; 0 when there are none."""
    formal, casual = len(_FORMAL.findall(text)), len(_CASUAL.findall(text))
    return 0.0 if formal + casual == 0 else (formal - casual) / (formal + casual)


def _entropy(shares: dict[str, float], possible: int) -> float:
    """Shannon entropy over ``possible`` patterns: 0 = one pattern, 1 = all equally common."""
    values = [v for v in shares.values() if v > 0]
    if len(values) <= 1:
        return 0.0
    return -sum(v * math.log(v) for v in values) / math.log(possible)


def _shares(items: Sequence[str]) -> dict[str, float]:
    counts = Counter(items)
    return {k: v / len(items) for k, v in counts.most_common()}


def profile(replies: Sequence[str], detector: Detector | None = None) -> StyleProfile:
    """The style of a set of replies and a 0..1 consistency; template examples are masked with
    ``detector``."""
    lengths = np.asarray([len(_WORD.findall(r)) for r in replies], dtype=float)
    greetings = _shares([_first(GREETINGS, r, False) for r in replies])
    signoffs = _shares([_first(SIGNOFFS, r, True) for r in replies])
    form = np.asarray([formality(r) for r in replies], dtype=float)
    heads = Counter(" ".join(normalise(r).split()[:TEMPLATE_WORDS]) for r in replies)
    templates = [(masked(h, detector), c) for h, c in heads.most_common(5)
                 if c >= TEMPLATE_MIN_REPEATS and h]  # fmt: skip
    templated = sum(c for h, c in heads.items() if c >= TEMPLATE_MIN_REPEATS and h)
    cv = float(lengths.std() / lengths.mean()) if lengths.size and lengths.mean() else 0.0
    spread = [
        min(1.0, cv / 1.5),
        _entropy(greetings, len(GREETINGS) + 1),
        _entropy(signoffs, len(SIGNOFFS) + 1),
        min(1.0, float(form.std()) / 0.6) if form.size else 0.0,
    ]
    return StyleProfile(
        replies=len(replies),
        median_words=float(np.median(lengths)) if lengths.size else 0.0,
        p25_words=float(np.percentile(lengths, 25)) if lengths.size else 0.0,
        p75_words=float(np.percentile(lengths, 75)) if lengths.size else 0.0,
        length_cv=cv,
        greetings=greetings,
        signoffs=signoffs,
        formality_mean=float(form.mean()) if form.size else 0.0,
        formality_std=float(form.std()) if form.size else 0.0,
        template_share=templated / len(replies) if replies else 0.0,
        top_templates=tuple(templates),
        consistency=1.0 - sum(spread) / len(spread),
    )
