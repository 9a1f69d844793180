"""US_SSN: AAA-GG-SSSS with the never-issued ranges excluded."""

from __future__ import annotations

import re

from ticketpilot.pii.context import ContextRule
from ticketpilot.pii.entities import EntityType
from ticketpilot.pii.recognizer import RegexRecognizer
from ticketpilot.pii.validators import ssn_valid


class UsSsnRecognizer(RegexRecognizer):
    """US social security numbers.

    Dashed (123-45-6789) scores 0.85, spaced 0.6, nine bare digits 0.3: the bare and spaced
    forms need a context word ("ssn", "social security") to pass the default threshold.
    """

    name = "us_ssn"
    entity_type = EntityType.US_SSN
    pattern = re.compile(r"(?<![\w-])(?<!\d[ .])(\d{3})([- ]?)(\d{2})\2(\d{4})(?![\w-]|[ .]\d)")
    run_digits = 9
    context = ContextRule(
        boost_words=("ssn", "ss#", "ss #", "social security", "social", "ssa", "taxpayer", "tin",
                     "itin"),
        penalty_words=("flight", "tracking", "track", "order", "booking", "confirmation",
                       "phone", "call", "ticket", "invoice", "account", "routing", "zip",
                       "member", "loyalty", "card"),
        before=100,
    )  # fmt: skip

    def validate(self, match: re.Match[str]) -> float | None:
        if not ssn_valid(match.group()):
            return None
        separator = match.group(2)
        return 0.85 if separator == "-" else 0.6 if separator == " " else 0.3
