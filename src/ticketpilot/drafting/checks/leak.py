"""Leaks in the draft: our system prompt echoed back, or PII that is not this ticket's.

A draft that shares a long word n-gram with the system prompt is blocked, as is any e-mail
address, phone number or payment card in it that is neither one of ``ticket_pii_values``, in
this ticket's text, nor in the knowledge base (the company's own contact details live there).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ticketpilot.drafting.checks.model import CheckOutcome, DraftContext
from ticketpilot.pii import luhn_valid

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_DIGITS = re.compile(r"(?<![\w])\+?\d[\d\s().-]{7,}\d(?![\w])")
_WORD = re.compile(r"\w+")


def _identity(value: str) -> str:
    """An e-mail's lower-case form, a card's digits, a phone's last nine digits."""
    if "@" in value:
        return value.strip().lower()
    digits = re.sub(r"\D", "", value)
    return digits if len(digits) >= 13 and luhn_valid(digits) else digits[-9:]


def pii_values(text: str) -> list[str]:
    """E-mail addresses, phone numbers and Luhn-valid card numbers in ``text``."""
    found = [m.group(0) for m in _EMAIL.finditer(text)]
    for match in _DIGITS.finditer(_EMAIL.sub(" ", text)):
        digits = re.sub(r"\D", "", match.group(0))
        if 9 <= len(digits) <= 15 or (13 <= len(digits) <= 19 and luhn_valid(digits)):
            found.append(match.group(0).strip())
    return found


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
