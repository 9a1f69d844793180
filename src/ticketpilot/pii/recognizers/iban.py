"""IBAN_CODE: country code, check digits and BBAN, compact or in groups of four, mod-97."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ticketpilot.pii.context import ContextRule
from ticketpilot.pii.entities import EntityType, RecognizerResult
from ticketpilot.pii.recognizer import RegexRecognizer
from ticketpilot.pii.scan import TextScan
from ticketpilot.pii.validators import IBAN_LENGTHS, iban_valid


class IbanRecognizer(RegexRecognizer):
    """IBANs of every registered country; the country's length decides where one ends."""

    name = "iban"
    entity_type = EntityType.IBAN_CODE
    # The look-behind sits after the first letter so that ``re`` can skip to capitals quickly.
    pattern = re.compile(r"[A-Z](?<![\w-][A-Z])[A-Z]\d{2}(?:[ ]?[A-Z0-9]){11,30}")
    score = 1.0
    context = ContextRule(boost_words=("iban", "bank", "account", "transfer", "sepa", "swift"))

    def applies(self, scan: TextScan) -> bool:
        return any(run.digits >= 4 for run in scan.runs)

    def find(self, scan: TextScan) -> Iterator[RecognizerResult]:
        for match in self.pattern.finditer(scan.text):
            raw = match.group()
            length = IBAN_LENGTHS.get(raw[:2])
            if length is None:
                continue
            end = _end_of(raw, length)
            if end is None or scan.text[match.start() + end : match.start() + end + 1].isalnum():
                continue
            if iban_valid(raw[:end]):
                yield self.result(match.start(), match.start() + end, self.score)


def _end_of(raw: str, length: int) -> int | None:
    """Index in ``raw`` just after its ``length``-th non-space character."""
    seen = 0
    for i, ch in enumerate(raw):
        if ch != " ":
            seen += 1
            if seen == length:
                return i + 1
    return None
