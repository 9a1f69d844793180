"""Tone and length: warnings an agent should see, never reasons to stop a draft on their own."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ticketpilot.drafting.checks.model import CheckOutcome, DraftContext
from ticketpilot.pii import PLACEHOLDER_PATTERN

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_BLAME = re.compile(
    r"\byour (?:own )?fault\b|\byou should have\b|\byou failed to\b|\byou didn'?t (?:read|follow|bother)\b"
    r"|\bas (?:i|we) (?:already|clearly) (?:said|told you|explained|stated)\b|\bcalm down\b"
    r"|\bnot our (?:problem|fault|responsibility)\b|\bread the (?:manual|instructions|faq)\b"
    r"|\bobviously\b|\bclearly you\b|\bstupid\b|\bidiot\w*\b|\bdumb\b|\bridiculous\b|\bnonsense\b"
    r"|\bwhatever\b|\bdeal with it\b|\bnothing we can do\b|\byou must have\b|\bstop (?:complaining|emailing)\b",
    re.IGNORECASE,
)
_PROMISE = re.compile(
    r"\bguarantee[ds]?\b|\bi promise\b|\bwe promise\b|\b100\s?%\b|\bnever happen again\b"
    r"|\bdefinitely will\b|\bwill definitely\b|\babsolutely certain\b",
    re.IGNORECASE,
)
_UPSET = re.compile(
    r"\bangry\b|\bfurious\b|\bdisappoint\w*|\bunacceptable\b|\bterrible\b|\bawful\b|\bhorrible\b"
    r"|\bworst\b|\bfrustrat\w*|\bupset\b|\bannoy\w*|\bridiculous\b|\bdisgust\w*|\boutrag\w*"
    r"|\bfed up\b|\bsick of\b|\bscam\b|\bjoke\b|\bnever again\b|\bstill (?:not|no|haven'?t|hasn'?t)\b"
    r"|\b(?:third|fourth|fifth) time\b|!!+|\bwütend\b|\benfadad\w*|\bfurieux\b|\binaceptable\b|\binacceptable\b",
    re.IGNORECASE,
)
_APOLOGY = re.compile(
    r"\bsorry\b|\bapolog\w*|\bregret\b|\bunderstand (?:how|your|that this)\b|\bfrustrating\b"
    r"|\blo siento\b|\bdisculp\w*|\blamentamos\b|\bentschuldig\w*|\bbedauern\b|\bdesole\w*|\bdésolé\w*|\bexcuses\b",
    re.IGNORECASE,
)


def word_count(text: str) -> int:
    """Words in ``text``; a placeholder counts as one."""
    return len(_WORD.findall(PLACEHOLDER_PATTERN.sub(" X ", text)))


@dataclass(frozen=True)
class LengthCheck:
    """Warn when a draft is too short to help or too long to read."""

    name: str = "length"
    min_words: int = 15
    max_words: int = 250

    def run(self, draft: str, context: DraftContext) -> CheckOutcome:
        words = word_count(draft)
        if self.min_words <= words <= self.max_words:
            return CheckOutcome.ok(self.name, f"{words} words")
        bound = "short" if words < self.min_words else "long"
        return CheckOutcome(
            check=self.name,
            passed=False,
            severity="warning",
            reason=f"draft is too {bound}: {words} words (expected {self.min_words}-{self.max_words})",
            evidence=[f"{words} words"],
        )


@dataclass(frozen=True)
class ToneCheck:
    """Warn on shouting, blame or rudeness, rash promises, and a missing apology to an upset customer."""

    name: str = "tone"
    #: share of the draft's words of three letters or more written in capitals
    max_caps_ratio: float = 0.3

    def run(self, draft: str, context: DraftContext) -> CheckOutcome:
        evidence: list[str] = []
        text = PLACEHOLDER_PATTERN.sub(" ", draft)
        long_words = [w for w in _WORD.findall(text) if len(w) >= 3]
        caps = [w for w in long_words if w.isupper()]
        if len(caps) >= 3 and len(caps) > self.max_caps_ratio * len(long_words):
            evidence.append(f"shouting: {' '.join(caps[:5])}")
        if "!!" in text:
            evidence.append("shouting: repeated exclamation marks")
        evidence += [f"rude or blaming: {m.group(0)}" for m in _BLAME.finditer(text)]
        evidence += [f"promise: {m.group(0)}" for m in _PROMISE.finditer(text)]
        upset = _UPSET.search(context.ticket)
        if upset and not _APOLOGY.search(text):
            evidence.append(f"no apology to an upset customer ({upset.group(0)!r})")
        if not evidence:
            return CheckOutcome.ok(self.name, "tone is fine")
        return CheckOutcome(
            check=self.name,
            passed=False,
            severity="warning",
            reason="tone needs a look before sending",
            evidence=evidence,
        )
