"""CREDIT_CARD: 12-19 digits, optionally grouped by spaces or dashes, Luhn-checked."""

from __future__ import annotations

import re

from ticketpilot.pii.context import ContextRule
from ticketpilot.pii.entities import EntityType
from ticketpilot.pii.recognizer import RegexRecognizer
from ticketpilot.pii.validators import card_brand, luhn_valid

# Groupings printed on cards: 4-4-4-4(-3), Amex 4-6-5, Diners 4-6-4, or no separators.
_GROUPINGS = frozenset({(4, 4, 4, 4), (4, 4, 4, 4, 3), (4, 6, 5), (4, 6, 4), (4, 4, 4, 3),
                        (4, 4, 4, 2), (4, 4, 4, 1), (4, 4, 5), (4, 4, 4, 4, 2), (4, 4, 4, 4, 1)})
_SPLIT = re.compile(r"[ -]")


class CreditCardRecognizer(RegexRecognizer):
    """Payment cards: a known brand prefix and length, a printed grouping, and a Luhn pass."""

    name = "credit_card"
    entity_type = EntityType.CREDIT_CARD
    pattern = re.compile(r"(?<![\w-])(?<!\d[ -])\d{4}(?:[ -]?\d){8,15}(?![\w-]|[ ]\d)")
    score = 0.9
    min_digits = 12
    context = ContextRule(
        boost_words=("card", "credit", "debit", "visa", "mastercard", "amex", "american express",
                     "discover", "cc", "charged", "payment", "paid with", "ending"),
        penalty_words=("tracking", "track", "order", "ticket number", "ticket no", "ticket #",
                       "e-ticket", "eticket", "invoice", "account number", "iban", "awb"),
    )  # fmt: skip

    def validate(self, match: re.Match[str]) -> float | None:
        raw = match.group()
        groups = tuple(len(g) for g in _SPLIT.split(raw))
        if len(groups) > 1 and (groups not in _GROUPINGS or len(set(_SPLIT.findall(raw))) > 1):
            return None
        if card_brand(raw) is None or not luhn_valid(raw):
            return None
        return self.score
