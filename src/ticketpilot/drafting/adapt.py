"""Adapting past replies to a new ticket: pick the consensus reply, strip others' details.

The extractive drafter has no model. It ranks the past replies of the most similar tickets by
how much the replies to all of them agree with each one, weighted by how well each ticket
matched (the consensus of many agents beats any one agent's wording: on the airline replay,
20 candidates lift mean similarity to the real reply from 0.33 for the nearest reply to
0.42), then rewrites the winner for this customer: @mentions, agent signatures, greeting names
and closing vocatives (", [PERSON].") go, and any sentence that states a
value (an id, amount, date, link, phone number...) found neither in this ticket nor in at least
two different past replies (a company-wide fact such as a help-line number) is dropped, as is
any sentence still carrying another customer's masked detail (``[PERSON]``).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ticketpilot.drafting.checks.claims import context_keys, extract_claims, grounded
from ticketpilot.drafting.sources import PAST_MASK, Source

_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
# "@jo_k", or the "[SOCIAL_HANDLE]" a masked past reply holds in its place
_MENTION = re.compile(r"(?<![\w@])@\w+:?|\[SOCIAL_HANDLE\]:?")
_SIGNATURE = re.compile(
    r"(?:\s+[*^~–—-]\s?(?:[A-Z]{1,4}\d?|\[PERSON\]))+\s*$|(?:\s+/[A-Z]{2,4})+\s*$"
)
_GREETING_NAME = re.compile(
    r"^((?:hi|hello|hey|dear|hiya|morning|good (?:morning|afternoon|evening|day))"
    r"(?: there| again)?\b)[ ,]*"
    r"(?:\[PERSON\](?:[ \t]+(?:and|&)[ \t]+\[PERSON\])?)\s*([,!.:-]?)",
    re.IGNORECASE,
)
# "We're sorry for the wait, [PERSON].", "Thanks, [PERSON], we're glad", "Thank you [PERSON]!":
# the vocative goes, the sentence stays
_VOCATIVE = re.compile(r",[ \t]*\[PERSON\](?=[ \t]*(?:[.!?,]|$))")
_THANKS_NAME = re.compile(
    r"\b((?:thanks|thank you)(?:[ \t]+(?:so much|very much|again|a lot))?)[ \t]+\[PERSON\]",
    re.IGNORECASE,
)
_WORD = re.compile(r"[a-z][a-z']{2,}")
_STOP = frozenset(
    [
        "the",
        "and",
        "for",
        "you",
        "your",
        "our",
        "are",
        "was",
        "were",
        "with",
        "this",
        "that",
        "have",
        "has",
        "will",
        "can",
        "not",
        "but",
        "all",
        "any",
        "from",
        "they",
        "them",
        "their",
        "its",
        "been",
        "also",
        "into",
        "than",
        "then",
        "there",
        "these",
        "those",
        "what",
        "when",
        "which",
        "who",
        "how",
        "would",
        "could",
        "should",
        "may",
        "might",
        "please",
        "thank",
        "thanks",
        "hello",
        "dear",
        "regards",
        "team",
        "just",
        "get",
        "let",
        "know",
        "we're",
        "you're",
        "i'm",
        "i'll",
        "we'll",
        "it's",
        "here",
    ]
)
_MIN_WORDS = 3


@dataclass(frozen=True)
class Adapted:
    """A reply rewritten for this ticket: its text, its source and what was removed."""

    text: str
    source: Source
    dropped: tuple[str, ...]
    consensus: float


def words(text: str) -> Counter[str]:
    """Content words of ``text`` (lower-case, 3+ letters, no stop-words, no masks)."""
    return Counter(w for w in _WORD.findall(PAST_MASK.sub(" ", text.lower())) if w not in _STOP)


def cosine(a: Counter[str], b: Counter[str]) -> float:
    if not a or not b:
        return 0.0
    dot = sum(count * b[w] for w, count in a.items() if w in b)
    return dot / math.sqrt(sum(v * v for v in a.values()) * sum(v * v for v in b.values()))


def rank_replies(sources: Sequence[Source], within: float = 0.2) -> list[tuple[float, Source]]:
    """Sources with a reply, best first, by weighted agreement with all the others' replies.

    Each reply's score is ``sum_j w_j * sim(reply, reply_j)`` over every candidate ``j``
    (itself included, similarity 1), with ``w_j`` the match score of ``j``'s ticket: the reply
    that the replies to similar tickets agree with most, leaning to the closer tickets (a
    weighted medoid). Similarity is the cosine of the reply embeddings where the engine
    supplied them, else of content-word counts. Scores are scaled to 0..1.
    """
    usable = [s for s in sources if s.reply and s.reply.strip()]
    if not usable:
        return []
    best = max(s.score for s in usable)
    weights = np.array([max(s.score, 0.0) + 1e-6 if s.score >= best - within else 0.0
                        for s in usable])  # fmt: skip
    vectors = [s.vector for s in usable]
    if all(v is not None for v in vectors):
        matrix = np.vstack([v for v in vectors if v is not None]).astype(np.float64)
        similarity = matrix @ matrix.T
    else:
        bags = [words(s.reply) for s in usable]
        similarity = np.array([[cosine(a, b) if a is not b else 1.0 for b in bags] for a in bags])
    scores = similarity @ weights / weights.sum()
    order = np.argsort(-scores, kind="stable")
    return [(float(scores[i]), usable[i]) for i in order]


def company_facts(sources: Sequence[Source]) -> set[str]:
    """Claim keys stated in at least two different past replies: shared, not personal."""
    seen: Counter[str] = Counter()
    for source in sources:
        keys = {key for claim in extract_claims(source.reply) for key in claim.keys}
        seen.update(keys)
    return {key for key, count in seen.items() if count >= 2}


def rewrite(reply: str, allowed: set[str]) -> tuple[str, list[str]]:
    """``reply`` with mentions, signature and greeting names gone, and sentences whose values
    are not in ``allowed`` (claim keys) dropped; returns the text and the dropped sentences.

    Line breaks are kept (a greeting stays on its own line); runs of blank lines become one.
    """
    text = _SIGNATURE.sub("", _MENTION.sub(" ", reply.strip()))
    kept_lines: list[str] = []
    dropped: list[str] = []
    for raw in text.splitlines():
        line = _GREETING_NAME.sub(lambda m: m.group(1) + (m.group(2) or ","), " ".join(raw.split()))
        line = _THANKS_NAME.sub(r"\1", _VOCATIVE.sub("", line))
        kept: list[str] = []
        for sentence in (s.strip() for s in _SENTENCE.split(line)):
            if not sentence:
                continue
            foreign = PAST_MASK.search(sentence) or any(
                not grounded(claim, allowed) for claim in extract_claims(sentence)
            )
            (dropped if foreign else kept).append(sentence)
        if kept or (kept_lines and kept_lines[-1]):
            kept_lines.append(" ".join(kept))
    return "\n".join(kept_lines).strip(), dropped


def adapt(ticket: str, sources: Sequence[Source]) -> Adapted | None:
    """The best past reply rewritten for ``ticket``; ``None`` when none survives rewriting.

    A candidate that loses more than half of its content words to the rewrite has its rank
    scaled down in proportion, so a reply reduced to its greeting loses to one that keeps its
    substance.
    """
    allowed = context_keys([ticket]) | company_facts(sources)
    best: tuple[float, Adapted] | None = None
    for rank, source in rank_replies(sources):
        text, dropped = rewrite(source.reply, allowed)
        if len(_WORD.findall(text.lower())) < _MIN_WORDS:
            continue
        kept = sum(words(text).values()) / max(1, sum(words(source.reply).values()))
        value = rank * min(1.0, 2 * kept)
        if best is None or value > best[0]:
            best = (value, Adapted(text, source, tuple(dropped), rank))
    return best[1] if best else None
