"""LOCATION: postal addresses (US street addresses, UK addresses and postcodes).

Presidio reports places and addresses as ``LOCATION``; so do we, but only for postal addresses:
a city name alone in prose is not personal data.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ticketpilot.pii.context import ContextRule
from ticketpilot.pii.entities import EntityType, RecognizerResult
from ticketpilot.pii.recognizer import Recognizer
from ticketpilot.pii.scan import TextScan

US_STATES: frozenset[str] = frozenset({
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN", "IA",
    "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM",
    "NY", "NC", "ND", "OH", "OK", "OR", "PA", "PR", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA",
    "WA", "WV", "WI", "WY"
})  # fmt: skip
_SUFFIX = (
    r"(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|"
    r"Terrace|Ter|Circle|Cir|Parkway|Pkwy|Highway|Hwy|Square|Sq|Close|Crescent|Gardens|Grove|"
    r"Hill|Row|Mews|Walk|Trail|Trl|Loop|Alley|Plaza|Green|Broadway)"
)
_WORD = r"(?:[A-Z][a-z']+|\d{1,3}(?:st|nd|rd|th))"
_TOWN = r"[A-Z][a-z]+(?:[ \t-][A-Z][a-z]+){0,2}"
_POSTCODE = r"(?:[A-Z]{1,2}\d[A-Z\d]?|GIR) ?\d[ABD-HJLNP-UW-Z]{2}"
# Look-behinds sit after the first character so that ``re`` can skip ahead quickly.
_STREET = re.compile(
    r"\d(?<![\w@#-]\d)\d{0,4}[A-Za-z]?(?:-\d{1,5})?[ \t]+"
    r"(?:(?:N|S|E|W|NE|NW|SE|SW|North|South|East|West)\.?[ \t]+)?"
    rf"(?:{_WORD}[ \t]+){{1,4}}{_SUFFIX}\.?(?![\w])"
    r"(?:,?[ \t]+(?:Apt|Apartment|Suite|Ste|Unit|Flat|Floor|Fl|Room|Rm|#)\.?[ \t]*#?"
    r"[A-Za-z0-9-]{1,6}(?![\w-]))?"
    rf"(?:(?P<us>,[ \t]*{_TOWN},?[ \t]+(?P<state>[A-Z]{{2}})[ \t]+\d{{5}}(?:-\d{{4}})?(?![\w-]))"
    rf"|(?P<uk>(?:,[ \t]*{_TOWN})?,?[ \t]+{_POSTCODE}(?![\w]))"
    rf"|(?P<town>,[ \t]*{_TOWN}(?![\w])))?"
)
_CITY_STATE_ZIP = re.compile(
    rf"(?=[A-Z])(?<![\w-]){_TOWN},[ \t]*(?P<state>[A-Z]{{2}})[ \t]+\d{{5}}(?:-\d{{4}})?(?![\w-])"
)
_UK_POSTCODE = re.compile(r"\d[ABD-HJLNP-UW-Z]{2}(?![\w-])")
_UK_OUTWARD = re.compile(rf"(?<![\w-])(?:{_POSTCODE})\Z")


class AddressRecognizer(Recognizer):
    """Street addresses (0.6; 0.85 with a town and ZIP or postcode), "City, ST 12345" (0.6),
    and UK postcodes alone (0.5 when written with their space)."""

    name = "postal_address"
    entity_type = EntityType.LOCATION
    context = ContextRule(
        boost_words=("address", "live at", "living at", "lives at", "ship to", "shipping",
                     "deliver", "delivery", "billing", "mailing", "postcode", "post code",
                     "zip", "moved to", "send it to", "located at"),
        boost=0.3,
    )  # fmt: skip

    def applies(self, scan: TextScan) -> bool:
        return scan.has_digit

    def find(self, scan: TextScan) -> Iterator[RecognizerResult]:
        text = scan.text
        for match in _STREET.finditer(text):
            state = match.group("state")
            if state is not None and state not in US_STATES:
                end = match.start("us")  # the street without a tail that is not a US state
                yield self.result(match.start(), end, 0.6)
            elif match.group("us") or match.group("uk"):
                yield self.result(match.start(), match.end(), 0.85)
            else:
                yield self.result(match.start(), match.end(), 0.6)
        if any(run.digits >= 5 for run in scan.runs):
            for match in _CITY_STATE_ZIP.finditer(text):
                if match.group("state") in US_STATES:
                    yield self.result(match.start(), match.end(), 0.6)
        for inward in _UK_POSTCODE.finditer(text):  # "6XE" first, then "NW1 " before it
            postcode = _UK_OUTWARD.search(text, max(0, inward.start() - 5), inward.end())
            if postcode is not None:
                spaced = " " in postcode.group()
                yield self.result(postcode.start(), postcode.end(), 0.5 if spaced else 0.3)
