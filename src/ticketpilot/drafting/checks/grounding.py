"""Grounding: every value and policy the draft states must come from the ticket or its context.

Values (amounts, ids, dates, URLs...) are matched by their normalised keys (see ``claims``);
placeholders only by this ticket; policy sentences ("our warranty covers...") by the share of
their content words found in the context's own policy sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ticketpilot.drafting.checks.claims import Claim, context_keys, extract_claims, grounded
from ticketpilot.drafting.checks.model import CheckOutcome, DraftContext, Severity, worst

_POLICY = re.compile(
    r"\bpolic(?:y|ies)\b|\bguarantee[ds]?\b|\bwarrant(?:y|ies)\b|\brefund(?:ed)?\s+within\b"
    r"|\bfree of charge\b|\bat no (?:extra |additional )?(?:cost|charge)\b"
    r"|\bwe(?:'ll| will| can| shall)? (?:credit|reimburse|compensate)\b|\bfull refund\b"
    r"|\bmoney[- ]back\b|\bprice[- ]match\b|\bno questions asked\b|\bcompensation\b",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
_WORD = re.compile(r"[a-zà-ÿ]{3,}", re.IGNORECASE)
_STOP = frozenset(["the", "and", "for", "you", "your", "our", "are", "was", "were", "with", "this", "that", "have", "has", "will", "can", "not", "but", "all", "any", "from", "they", "them", "their", "its", "it's", "been", "also", "into", "than", "then", "there", "these", "those", "what", "when", "which", "who", "how", "would", "could", "should", "may", "might", "please", "thank", "thanks", "hello", "dear", "regards", "team"])  # fmt: skip
#: value kinds whose ungrounded appearance is a hallucination worth stopping the draft for
_BLOCKING_KINDS = frozenset(
    {"placeholder", "email", "url", "id", "phone", "money", "percent", "duration", "date"}
)


def _stems(text: str) -> set[str]:
    return {w.lower()[:5] for w in _WORD.findall(text) if w.lower() not in _STOP}


def policy_sentences(text: str) -> list[str]:
    """The sentences of ``text`` that state a policy, guarantee, warranty or compensation."""
    return [s.strip() for s in _SENTENCE.split(text) if s.strip() and _POLICY.search(s)]


@dataclass(frozen=True)
class GroundingCheck:
    """Flag claims found in neither the ticket nor the retrieved or knowledge texts."""

    name: str = "grounding"
    #: share of a policy sentence's content words the context's policy sentences must hold
    policy_overlap: float = 0.5

    def run(self, draft: str, context: DraftContext) -> CheckOutcome:
        problems: list[tuple[Severity, str]] = []
        keys = context_keys(context.sources())
        for claim in extract_claims(draft):
            if not self._grounded(claim, keys, context):
                severity: Severity = "block" if claim.kind in _BLOCKING_KINDS else "warning"
                problems.append((severity, f"{claim.kind}: {claim.text}"))
        known = _stems(" ".join(s for t in context.sources() for s in policy_sentences(t)))
        for sentence in policy_sentences(draft):
            stems = _stems(sentence)
            if stems and len(stems & known) / len(stems) < self.policy_overlap:
                problems.append(("block", f"policy: {sentence}"))
        if not problems:
            return CheckOutcome.ok(self.name, "every claim is in the ticket or its context")
        return CheckOutcome(
            check=self.name,
            passed=False,
            severity=worst(severity for severity, _ in problems),
            reason=f"{len(problems)} claim(s) not found in the ticket or its context",
            evidence=[evidence for _, evidence in problems],
        )

    @staticmethod
    def _grounded(claim: Claim, keys: set[str], context: DraftContext) -> bool:
        if claim.kind == "placeholder":
            # a placeholder from a past ticket would restore another customer's value
            return claim.text in context.ticket
        return grounded(claim, keys)
