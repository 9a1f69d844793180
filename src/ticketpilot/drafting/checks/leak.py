"""Leaks in the draft: our system prompt echoed back, or PII that is not this ticket's.

A draft that shares a long word n-gram with the system prompt is blocked, as is any e-mail
address, phone number, payment card or personal link in it that is neither one of
``ticket_pii_values``, in this ticket's text, nor in the knowledge base (the company's own
contact details live there).

A link is one token: the digits of a help-article id or a web-archive timestamp are not a phone
number. A link is personal when it carries a token or a personal value in its query
(``?email=a@b.com``, ``?token=...``, ``?user=...``) or a personal path segment
(``/users/+15551234567``): :func:`ticketpilot.pii.personal_token_score` of 0.8 or more (a long
random segment alone, 0.7, is often a public tracking or media id and does not block). An e-mail
address inside a link counts as one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ticketpilot.drafting.checks.model import CheckOutcome, DraftContext
from ticketpilot.pii import luhn_valid, personal_token_score, url_spans

#: a link at least this personal (a token or personal value, not just a random segment) leaks
PERSONAL_URL_SCORE = 0.8
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_DIGITS = re.compile(r"(?<![\w])\+?\d[\d\s().-]{7,}\d(?![\w])")
_WORD = re.compile(r"\w+")


def _identity(value: str) -> str:
    """An e-mail's or a link's lower-case form, a card's digits, a phone's last nine digits."""
    if "@" in value or "/" in value:
        return value.strip().lower()
    digits = re.sub(r"\D", "", value)
    return digits if len(digits) >= 13 and luhn_valid(digits) else digits[-9:]


def pii_values(text: str) -> list[str]:
    """E-mail addresses, phone numbers, Luhn-valid card numbers and personal links in
    ``text``; digits inside a link are part of the link, not a number of their own."""
    found = [m.group(0) for m in _EMAIL.finditer(text)]
    spans = url_spans(text)
    for start, end in spans:
        if personal_token_score(text[start:end]) >= PERSONAL_URL_SCORE:
            found.append(text[start:end])
    outside = _blank(text, spans)
    for match in _DIGITS.finditer(_EMAIL.sub(" ", outside)):
        digits = re.sub(r"\D", "", match.group(0))
        if 9 <= len(digits) <= 15 or (13 <= len(digits) <= 19 and luhn_valid(digits)):
            found.append(match.group(0).strip())
    return found


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with each span replaced by spaces (offsets kept)."""
    if not spans:
        return text
    pieces, cursor = [], 0
    for start, end in spans:
        pieces += [text[cursor:start], " " * (end - start)]
        cursor = end
    pieces.append(text[cursor:])
    return "".join(pieces)


def shared_ngrams(text: str, secret: str, n: int) -> list[str]:
    """The word ``n``-grams of ``text`` also in ``secret`` (case-insensitive), first seen first."""
    secret_words = [w.lower() for w in _WORD.findall(secret)]
    if not secret_words:
        return []
    n = min(n, len(secret_words))
    grams = {tuple(secret_words[i : i + n]) for i in range(len(secret_words) - n + 1)}
    words = [w.lower() for w in _WORD.findall(text)]
    hits = [" ".join(words[i : i + n]) for i in range(len(words) - n + 1)]
    return list(dict.fromkeys(h for h in hits if tuple(h.split()) in grams))


@dataclass(frozen=True)
class LeakCheck:
    """Block drafts echoing the system prompt or carrying another person's contact details."""

    name: str = "leak"
    #: words in a row shared with the system prompt that count as echoing it
    ngram: int = 8

    def run(self, draft: str, context: DraftContext) -> CheckOutcome:
        evidence = [
            f"system prompt: {g}" for g in shared_ngrams(draft, context.system_prompt, self.ngram)
        ]
        allowed = {_identity(v) for v in context.ticket_pii_values}
        for text in (context.ticket, *context.knowledge):
            allowed.update(_identity(v) for v in pii_values(text))
        evidence += [f"pii: {v}" for v in pii_values(draft) if _identity(v) not in allowed]
        if not evidence:
            return CheckOutcome.ok(self.name, "no system prompt text and no foreign PII")
        return CheckOutcome(
            check=self.name,
            passed=False,
            severity="block",
            reason="draft leaks the system prompt or PII that is not this ticket's",
            evidence=evidence,
        )
