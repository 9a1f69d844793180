"""ORDER_ID: order numbers and booking references (PNRs). Presidio has no such entity.

Two recognizers: ``order_id`` reads the code that directly follows a keyword ("order #A1B2C3D4",
"booking ref XJ4K9P", "order number 123-4567890-1234567"); ``booking_code`` finds PNR-style
codes (6-10 capitals and digits) elsewhere, only near a booking word.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ticketpilot.pii.context import ContextRule
from ticketpilot.pii.entities import EntityType, RecognizerResult
from ticketpilot.pii.patterns import trie_pattern
from ticketpilot.pii.recognizer import Recognizer
from ticketpilot.pii.scan import TextScan

#: Keywords of shop orders, returns and payments: in a text that is not about flying, a code
#: after them is not a flight number even when shaped like one ("order 9R6694").
_ORDER_WORDS = ("order", "rma", "purchase", "transaction", "receipt", "pedido", "commande",
                "bestellung", "bestellnummer", "auftrag", "auftragsnummer")  # fmt: skip
#: Keywords that name the code itself: what follows them is the code, whatever its shape.
_CODE_WORDS = ("pnr", "record locator", "locator", "confirmation", "conf", "localizador")
_FLYING = ("flight", "fly", "flew", "airline", "airport", "boarding", "vuelo", "flug")
_KEYWORDS = (*_ORDER_WORDS, "booking", "reservation", "confirmation", "conf", "pnr",
             "record locator", "locator", "itinerary", "reference", "ref", "reserva",
             "referencia", "localizador", "réservation", "référence", "dossier", "buchung",
             "buchungsnummer", "reservierung", "referenz", "vorgangsnummer")  # fmt: skip
CONNECTORS: frozenset[str] = frozenset(
    {"no", "no.", "nr", "nr.", "num", "number", "code", "id", "ref", "reference", "locator", "is",
     "was", "#", "es", "número", "nº", "n°", "núm.", "ist", "lautet", "nummer", "est", "numéro"}
)  # fmt: skip
# Keywords are found in the lower-cased text; what follows is read in the original.
_KEYWORD = re.compile(rf"(?:{trie_pattern(_KEYWORDS)})\b")
_AFTER_KEYWORD = re.compile(
    r"(?P<filler>(?:[ \t]+(?:[^\W\d_]|['°º]){1,14}\.?|[ \t]+\#){0,4}?)"
    r"(?P<sep>[ \t]*[#:=-]?[ \t]*[#:]?[ \t]*)"
    r"(?P<code>[A-Z0-9](?:[A-Z0-9]|-(?=[A-Z0-9])){4,24})(?![\w-])"
)
#: Fragments of every keyword: ``order_id`` skips a text that holds none of them.
KEYWORD_HINTS = ("order", "book", "reserv", "conf", "pnr", "locator", "itinerar", "ref", "rma",
                 "purchase", "transaction", "receipt", "trip", "pedido", "commande", "dossier",
                 "bestell", "auftrag", "buchung", "référ", "réserv", "vorgang")  # fmt: skip
_BOOKING = ("booking", "booked", "confirmation", "conf", "reservation", "pnr", "record locator",
            "locator", "itinerary", "reference", "ref", "order", "trip", "rma", "pedido",
            "reserva", "referencia", "localizador", "commande", "réservation", "référence",
            "bestellung", "bestellnummer", "buchung", "reservierung")  # fmt: skip
# No look-behind: it would stop ``re`` from skipping ahead; "reorder" opening a window is harmless.
_BOOKING_WORDS = re.compile(rf"(?:{trie_pattern(_BOOKING)})(?![a-z])")
_AMAZON = re.compile(r"(?<![\w-])\d{3}-\d{7}-\d{7}(?![\w-])")
_PNR = re.compile(r"[A-Z0-9](?<![\w-][A-Z0-9])(?=[A-Z0-9]*\d)[A-Z0-9]{5,9}(?![\w-])")
_FLIGHT_SHAPE = re.compile(r"(?:[A-Z][A-Z0-9]|\d[A-Z])\d{1,4}")  # DL1262, B6123, 9W410
_NUMBER_SHAPE = re.compile(r"\d+(?:-\d+)+")  # 1-800-221-1212: a phone, not an order
_DATE_SHAPE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}-\d{1,2}-\d{2,4}")
NOT_CODES: frozenset[str] = frozenset({
    "PLEASE", "THANKS", "CANCEL", "CHANGE", "STATUS", "NUMBER", "ISSUED", "CLOSED", "PAYPAL",
    "REFUND", "ONLINE", "MOBILE", "ACCESS", "UPDATE", "PRIVATE", "EXPIRED", "PENDING",
    "URGENT", "ASAP", "HELP", "SENT", "EMAIL",
})  # fmt: skip


def is_code(code: str, *, strict: bool = True, flights: bool = True) -> bool:
    """True for a plausible reference: six letters, or letters/digits with at least one digit.

    ``strict`` (the code is not right after "ref", "number", "#"...) also wants six characters
    or more and rejects dashed digits (1-800-221-1212) and, unless ``flights`` is false (the
    keyword was "order", "RMA"...: no flight follows those), flight numbers (DL1262).
    """
    if code in NOT_CODES or _DATE_SHAPE.fullmatch(code):
        return False
    if strict and ((flights and _FLIGHT_SHAPE.fullmatch(code)) or _NUMBER_SHAPE.fullmatch(code)):
        return False
    digits = sum(c.isdigit() for c in code)
    if digits == 0:
        return len(code) == 6
    return len(code) - code.count("-") >= (6 if strict else 5)


class OrderIdRecognizer(Recognizer):
    """A code after an order/booking keyword: 0.9 right after it ("order number 123456"),
    0.75 a few words on ("record locator is still XJ4K9P"); Amazon-style numbers 0.8."""

    name = "order_id"
    entity_type = EntityType.ORDER_ID

    def applies(self, scan: TextScan) -> bool:
        return scan.mentions(KEYWORD_HINTS) or any(run.digits >= 17 for run in scan.runs)

    def find(self, scan: TextScan) -> Iterator[RecognizerResult]:
        text, lower = scan.text, scan.lower
        for keyword in _KEYWORD.finditer(lower):
            if keyword.start() and (
                lower[keyword.start() - 1].isalnum() or lower[keyword.start() - 1] == "-"
            ):
                continue
            match = _AFTER_KEYWORD.match(text, keyword.end())
            if match is None:
                continue
            filler = match.group("filler").lower().split()
            punctuated = match.group("sep").strip() != ""
            direct = (bool(filler) or punctuated) and all(w in CONNECTORS for w in filler)
            word = keyword.group()
            flights = word not in _CODE_WORDS and (
                word not in _ORDER_WORDS or scan.mentions(_FLYING)
            )
            if is_code(match.group("code"), strict=not direct, flights=flights):
                yield self.result(match.start("code"), match.end("code"), 0.9 if direct else 0.75)
        for pos, endpos in scan.windows(17):
            for match in _AMAZON.finditer(text, pos, endpos):
                yield self.result(match.start(), match.end(), 0.8)


class BookingCodeRecognizer(Recognizer):
    """PNR-style codes (6-10 capitals and digits, one digit at least) with a booking word
    ("booking", "confirmation", "pnr", "order"...) in the 64 characters before or about 32
    after (0.7); elsewhere they are not reported, so only those windows are searched."""

    name = "booking_code"
    entity_type = EntityType.ORDER_ID
    context = ContextRule(penalty_words=("flight", "seat", "gate", "terminal", "aircraft",
                                         "plane", "tracking"))  # fmt: skip

    def find(self, scan: TextScan) -> Iterator[RecognizerResult]:
        text = scan.text
        for pos, endpos in _windows(_BOOKING_WORDS.finditer(scan.lower), len(text)):
            for match in _PNR.finditer(text, pos, min(len(text), endpos + 1)):
                code = match.group()
                if match.end() > endpos:
                    break
                if code.isdigit() or sum(c.isalpha() for c in code) < 2 or not is_code(code):
                    continue
                yield self.result(match.start(), match.end(), 0.7)


def _windows(words: Iterator[re.Match[str]], size: int) -> list[tuple[int, int]]:
    """Merged spans where a code has a booking word at most 64 characters before its start
    or 32 after its end (codes are at most 10 characters long)."""
    merged: list[tuple[int, int]] = []
    for word in words:
        pos, endpos = max(0, word.start() - 42), min(size, word.end() + 64)
        if merged and pos <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], endpos))
        else:
            merged.append((pos, endpos))
    return merged
