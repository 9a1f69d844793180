"""PHONE_NUMBER: international (+CC / 00CC), North American, and national trunk-0 formats."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ticketpilot.pii.context import ContextRule
from ticketpilot.pii.entities import EntityType, RecognizerResult
from ticketpilot.pii.recognizer import RegexRecognizer
from ticketpilot.pii.scan import TextScan
from ticketpilot.pii.validators import digits_of, nanp_valid

_PATTERN = re.compile(
    r"(?<![\w+@/=.#$€£-])(?<!\d[ .-])(?:"
    # +44 20 7946 0958, +1 (415) 555-0132, +33 (0)1 23 45 67 89, 0049 30 1234567
    r"(?P<intl>(?:\+|00(?=[1-9]\d{0,2}[ .-]))[1-9]\d{0,2}(?:[ .-]?\(0\))?"
    r"(?:[ .-]?\(\d{1,5}\))?(?:[ .-]?\d{1,5}){1,6})"
    # (415) 555-0132, 415-555-0132, 1-800-555-0199, 415.555.0132, 1800-221-1212
    r"|(?P<nanp>(?:1[ .-]?)?(?:\(\d{3}\)[ ]?|\d{3}[ .-])\d{3}[ .-]\d{4})"
    # 020 7946 0958, 07700 900123, 06 12 34 56 78, (030) 1234567
    r"|(?P<trunk>(?:\(0\d{1,4}\)|0\d{1,4})(?:[ .-]?\d{2,4}){1,4})"
    # 4155550132, 14155550132: only with a context word
    r"|(?P<bare>1?[2-9]\d{9})"
    r")(?!\d|[.-]\d)"
)
_GROUP_TAIL = re.compile(r"[ .-]?\d+$")
_DATE_START = re.compile(r"\d{1,2}[./-]\d{1,2}[./-](?:19|20)\d\d")


class PhoneRecognizer(RegexRecognizer):
    """Phone numbers in the formats people type.

    Base scores: international 0.8, North American with separators 0.7, national trunk-0 with
    separators 0.6 (0.4 unbroken), bare 10-11 digits 0.35 (needs "call me", "phone"...).
    """

    name = "phone"
    entity_type = EntityType.PHONE_NUMBER
    pattern = _PATTERN
    run_digits = 7
    context = ContextRule(
        boost_words=("call", "calling", "phone", "tel", "telephone", "mobile", "cell", "cellphone",
                     "my number", "reach me", "text me", "whatsapp", "contact me", "dial", "sms",
                     "fax", "landline", "ring me", "callback", "call back", "reachable"),
        penalty_words=("flight", "tracking", "track", "order", "booking", "confirmation", "conf",
                       "ref", "reference", "pnr", "ticket", "invoice", "account", "iban", "card",
                       "ssn", "social security", "member", "membership", "loyalty", "routing",
                       "serial", "isbn", "awb", "parcel", "package", "zip", "zip code",
                       "postal code", "imei"),
    )  # fmt: skip

    def find(self, scan: TextScan) -> Iterator[RecognizerResult]:
        for match in self.matches(scan):
            kind = match.lastgroup
            raw = match.group()
            if kind == "intl":
                raw = _trim_international(raw)
                if raw:
                    yield self.result(match.start(), match.start() + len(raw), 0.8)
                continue
            digits = digits_of(raw)
            if kind == "nanp" and nanp_valid(digits):
                yield self.result(match.start(), match.end(), 0.7)
            elif kind == "trunk" and 9 <= len(digits) <= 11 and not _DATE_START.match(raw):
                unbroken = raw.isdigit()
                yield self.result(match.start(), match.end(), 0.4 if unbroken else 0.6)
            elif kind == "bare" and nanp_valid(digits):
                yield self.result(match.start(), match.end(), 0.35)


def _trim_international(raw: str) -> str:
    """``raw`` without trailing digit groups beyond E.164's length, or "" when too short."""
    while True:
        digits = digits_of(raw.replace("(0)", ""))
        limit = 11 if digits.startswith("1") else 15
        if len(digits) <= limit:
            break
        shorter = _GROUP_TAIL.sub("", raw)
        if shorter == raw:
            return ""
        raw = shorter
    if digits.startswith("1"):
        return raw if nanp_valid(digits) else ""
    return raw if len(digits) >= 8 else ""
