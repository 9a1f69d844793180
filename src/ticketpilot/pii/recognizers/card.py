"""CREDIT_CARD: 12-19 digits, optionally grouped by spaces or dashes, Luhn-checked."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ticketpilot.pii.context import ContextRule
from ticketpilot.pii.entities import EntityType, RecognizerResult
from ticketpilot.pii.recognizer import RegexRecognizer
from ticketpilot.pii.scan import TextScan
from ticketpilot.pii.validators import card_brand, luhn_valid

# Groupings printed on cards: 4-4-4-4(-3), Amex 4-6-5, Diners 4-6-4, old 13-digit Visa 4-3-3-3.
_GROUPINGS = frozenset(
    {(4, 4, 4, 4), (4, 4, 4, 4, 3), (4, 6, 5), (4, 6, 4), (4, 4, 4, 3), (4, 3, 3, 3)}
)
_SPLIT = re.compile(r"[ -]")


class CreditCardRecognizer(RegexRecognizer):
    """Payment cards: a known brand prefix and length, a printed grouping, and a Luhn pass.

    A trailing short group (an expiry month, a CVV) is dropped when the whole run fails.
    """

    name = "credit_card"
    entity_type = EntityType.CREDIT_CARD
    pattern = re.compile(r"(?<![\w.-])(?<!\d[ -])(?=(?:\d[ -]?){12})\d+(?:[ -]\d+)*(?!\w)")
    score = 0.9
    run_digits = 12
    context = ContextRule(
        boost_words=("card", "credit", "debit", "visa", "mastercard", "amex", "american express",
                     "discover", "cc", "charged", "payment", "paid with", "ending"),
        penalty_words=("tracking", "track", "order", "ticket number", "ticket no", "ticket #",
                       "e-ticket", "eticket", "invoice", "account number", "iban", "awb"),
    )  # fmt: skip

    def find(self, scan: TextScan) -> Iterator[RecognizerResult]:
        for match in self.matches(scan):
            length = _card_length(match.group())
            if length:
                yield self.result(match.start(), match.start() + length, self.score)


def _card_length(raw: str) -> int:
    """Characters of ``raw`` that form a valid card number (0 when none do)."""
    separators = set(_SPLIT.findall(raw))
    if len(separators) > 1:
        return 0
    groups = _SPLIT.split(raw)
    if len(groups) == 1:
        return len(raw) if _valid(raw) else 0
    for keep in range(len(groups), max(1, len(groups) - 2), -1):
        sizes = tuple(len(g) for g in groups[:keep])
        if sizes in _GROUPINGS:
            candidate = "".join(groups[:keep])
            if _valid(candidate):
                return sum(sizes) + keep - 1
    return 0


def _valid(digits: str) -> bool:
    return 12 <= len(digits) <= 19 and card_brand(digits) is not None and luhn_valid(digits)
