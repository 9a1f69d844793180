"""Checkable claims in a text and their normalised identities.

``extract_claims`` finds money amounts, percentages, durations, dates, ids, URLs, e-mail
addresses, phone numbers, placeholders and plain numbers, each with the keys it may be matched
by ("$25", "25.00 USD" and "25 dollars" share ``money:25.00:USD``; "two weeks" and "14 days"
share ``duration:336-336:h``). ``context_keys`` collects the keys of the texts a draft may be
grounded in, a little more leniently (range ends, bare numbers, URL prefixes).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Literal

from ticketpilot.pii import PLACEHOLDER_PATTERN

ClaimKind = Literal[
    "placeholder", "email", "url", "id", "phone", "money", "percent", "duration", "date", "number"
]


@dataclass(frozen=True)
class Claim:
    """One value the text asserts: ``text`` as written, ``keys`` any of which grounds it."""

    kind: ClaimKind
    text: str
    keys: tuple[str, ...]


KeyFn = Callable[[re.Match[str]], tuple[str, ...] | None]
"""Keys of one match; ``None`` leaves the span to later kinds, ``()`` consumes it silently."""

_NUM = r"\d{1,3}(?:[,.]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?"
_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fourteen": 14,
    "fifteen": 15, "twenty": 20, "thirty": 30, "sixty": 60, "ninety": 90,
}  # fmt: skip
_NUMW = r"\d+(?:[.,]\d+)?|" + "|".join(sorted(_WORDS, key=len, reverse=True))
_CURRENCIES = {
    "$": "USD", "us$": "USD", "usd": "USD", "dollar": "USD", "dollars": "USD", "bucks": "USD",
    "€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR",
    "£": "GBP", "gbp": "GBP", "pound": "GBP", "pounds": "GBP",
    "¥": "JPY", "jpy": "JPY", "cad": "CAD", "c$": "CAD", "aud": "AUD", "a$": "AUD", "chf": "CHF",
}  # fmt: skip
_CODE = r"usd|eur|gbp|jpy|cad|aud|chf"
_MONEY = re.compile(
    rf"(?P<sym>us\$|[ac]\$|\$|€|£|¥|\b(?:{_CODE})\b)\s?(?P<n>{_NUM})"
    rf"|(?P<n2>{_NUM})\s?(?P<cur>€|£|\$|(?:{_CODE}|dollars?|euros?|pounds?|bucks)\b)",
    re.IGNORECASE,
)
_PERCENT = re.compile(rf"(?P<n>{_NUM})\s?(?:%|percent\b|per cent\b)", re.IGNORECASE)
_HOURS = {"minute": Decimal(1) / 60, "min": Decimal(1) / 60, "hour": Decimal(1), "hr": Decimal(1),
          "day": Decimal(24), "week": Decimal(168), "month": Decimal(720), "year": Decimal(8760)}  # fmt: skip
_DURATION = re.compile(
    rf"\b(?P<lo>{_NUMW})(?:\s*(?:-|–|to)\s*(?P<hi>{_NUMW}))?[\s-]+"
    r"(?P<kind>business\s+|working\s+|calendar\s+)?"
    r"(?P<unit>minute|min|hour|hr|day|week|month|year)s?\b",
    re.IGNORECASE,
)
_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
_MONTH = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?"
)
_DATE = re.compile(
    rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{_MONTH})(?:,?\s+(?P<y>\d{{4}}))?"
    rf"|\b(?P<m2>{_MONTH})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y2>\d{{4}}))?"
    r"|\b(?P<y3>\d{4})-(?P<m3>\d{1,2})-(?P<d3>\d{1,2})\b"
    r"|\b(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<y4>\d{4}|\d{2})\b",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_TLDS = r"com|org|net|io|co|uk|de|fr|es|eu|app|help|shop|info|store"
_URL = re.compile(
    rf"(?:https?://|www\.)[^\s<>()\"']+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:{_TLDS})\b(?:/[^\s<>()\"']*)?",
    re.IGNORECASE,
)
_ID_WORDS = (
    r"order|booking|tracking|reference|ref|invoice|ticket|case|confirmation|reservation"
    r"|transaction|parcel|shipment|rma|account"
)
_ID = re.compile(
    rf"\b(?:{_ID_WORDS})\s*(?:number|no\.?|num|id|code)?\s*[:#]?\s*(?P<id>[a-z0-9][a-z0-9-]{{3,}})"
    r"|#(?P<id2>[a-z0-9][a-z0-9-]{2,})"
    r"|\b(?P<id3>(?=[a-z0-9-]*\d)(?=[a-z0-9-]*[a-z])[a-z0-9]+(?:-[a-z0-9]+)*)\b",
    re.IGNORECASE,
)
_PHONE = re.compile(r"(?<![\w])\+?\d[\d\s().-]{7,}\d(?![\w])")
_TIME = re.compile(r"\b\d{1,2}(?::\d{2})?\s*(?:am|pm)\b|\b\d{1,2}:\d{2}\b|\b24/7\b", re.IGNORECASE)
_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)?(?![\w])")
_LIST_MARKER = re.compile(r"^\s*\d+[.)]\s", re.MULTILINE)
_ORDINAL_WORDS = re.compile(
    r"(?:step|option|point|part|section|page|chapter|item|line|tab|version|v|no\.|level|tier"
    r"|stage|room|floor|article|paragraph|question)\s*$",
    re.IGNORECASE,
)
_TOKEN = re.compile(r"[a-z0-9][a-z0-9-]*", re.IGNORECASE)


def number(text: str) -> Decimal | None:
    """``text`` as a number: "1,299.99", "1.299,99", "25,50", "14" or "two"."""
    raw = text.strip().lower().replace(" ", "")
    if raw in _WORDS:
        return Decimal(_WORDS[raw])
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", raw):
        raw = raw.replace(",", "")
    elif re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", raw):
        raw = raw.replace(".", "").replace(",", ".")
    else:
        raw = raw.replace(",", ".")
    try:
        return Decimal(raw)
    except InvalidOperation:
        return None


def _fmt(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _money(match: re.Match[str]) -> tuple[str, ...]:
    amount = number(match["n"] or match["n2"])
    currency = _CURRENCIES.get((match["sym"] or match["cur"]).lower(), "")
    if amount is None:
        return ()
    cents = amount.quantize(Decimal("0.01"))
    return (f"money:{cents}:{currency}",)


def _duration(match: re.Match[str], text: str) -> tuple[str, ...]:
    lo_text, hi_text = match["lo"], match["hi"] or match["lo"]
    if lo_text.lower() in {"a", "an"} and not text[: match.start()].lower().endswith("within "):
        return ()
    lo, hi = number(lo_text), number(hi_text)
    if lo is None or hi is None:
        return ()
    kind = (match["kind"] or "").strip().lower()
    if kind in {"business", "working"}:
        return (f"duration:{_fmt(lo)}-{_fmt(hi)}:bd",)
    scale = _HOURS[match["unit"].lower()]
    return (f"duration:{_fmt(lo * scale)}-{_fmt(hi * scale)}:h",)


def _month(name: str) -> int:
    return _MONTHS.index(name.lower()[:3]) + 1


def _date(match: re.Match[str]) -> tuple[str, ...]:
    if match["a"]:
        a, b, year = int(match["a"]), int(match["b"]), match["y4"]
        year = year if len(year) == 4 else f"20{year}"
        return tuple(f"date:{year}-{m}-{d}" for m, d in {(a, b), (b, a)} if m <= 12)
    if match["y3"]:
        return (f"date:{match['y3']}-{int(match['m3'])}-{int(match['d3'])}",)
    month = _month(match["m"] or match["m2"])
    day = int(match["d"] or match["d2"])
    year = match["y"] or match["y2"] or "?"
    if not 1 <= day <= 31:
        return ()
    return (f"date:{year}-{month}-{day}",)


def compact_id(value: str) -> str:
    """An id's identity: case, ``#``, hyphens and spaces do not matter."""
    return re.sub(r"[^A-Z0-9]", "", value.upper())


def normalize_url(url: str) -> str:
    """A URL's identity: no scheme, no ``www.``, lower-case host, no trailing slash or stop."""
    url = re.sub(r"^(?:https?://)?(?:www\.)?", "", url.strip(), flags=re.IGNORECASE)
    url = url.rstrip(".,;:!?)'\"").rstrip("/")
    host, _, path = url.partition("/")
    return f"{host.lower()}/{path}".rstrip("/")


def phone_digits(value: str) -> str:
    """A phone number's identity: its last nine digits (so "+44 20..." equals "020...")."""
    return re.sub(r"\D", "", value)[-9:]


class _Scanner:
    """Finds claims kind by kind, each span claimed once, most specific kinds first."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.taken = [False] * len(text)
        self.claims: list[Claim] = []

    def free(self, start: int, end: int) -> bool:
        return not any(self.taken[start:end])

    def take(self, start: int, end: int) -> None:
        self.taken[start:end] = [True] * (end - start)

    def scan(self, kind: ClaimKind, pattern: re.Pattern[str], keys: KeyFn) -> None:
        for match in pattern.finditer(self.text):
            if not self.free(*match.span()):
                continue
            found = keys(match)
            if found is None:
                continue
            self.take(*match.span())
            if found:
                self.claims.append(Claim(kind, match.group(0).strip(), found))


def _id_keys(match: re.Match[str]) -> tuple[str, ...] | None:
    value = match["id"] or match["id2"] or match["id3"]
    if not any(c.isdigit() for c in value):
        return None
    if match["id3"] and len(value) < 6:
        return None
    return (f"id:{compact_id(value)}",)


def _phone_keys(match: re.Match[str]) -> tuple[str, ...] | None:
    digits = re.sub(r"\D", "", match.group(0))
    if len(digits) > 15:
        return (f"id:{digits}",)
    if len(digits) < 9:
        return None
    return (f"phone:{digits[-9:]}",)


def _percent(match: re.Match[str]) -> tuple[str, ...]:
    value = number(match["n"])
    return () if value is None else (f"percent:{_fmt(value)}",)


def _number_keys(text: str) -> KeyFn:
    def keys(match: re.Match[str]) -> tuple[str, ...] | None:
        before = text[: match.start()]
        if _ORDINAL_WORDS.search(before[-12:]):
            return ()
        value = number(match.group(0))
        if value is None or value in {0, 1}:
            return ()
        return (f"number:{_fmt(value)}",)

    return keys


def extract_claims(text: str) -> list[Claim]:
    """Every checkable claim in ``text``, in the order the kinds are scanned."""
    scanner = _Scanner(text)
    scanner.scan("placeholder", PLACEHOLDER_PATTERN, lambda m: (f"ph:{m.group(0)}",))
    scanner.scan("email", _EMAIL, lambda m: (f"email:{m.group(0).lower()}",))
    scanner.scan("url", _URL, lambda m: (f"url:{normalize_url(m.group(0))}",))
    scanner.scan("date", _DATE, _date)
    scanner.scan("id", _ID, _id_keys)
    scanner.scan("phone", _PHONE, _phone_keys)
    scanner.scan("money", _MONEY, _money)
    scanner.scan("percent", _PERCENT, _percent)
    scanner.scan("duration", _DURATION, lambda m: _duration(m, text))
    scanner.scan("number", _TIME, lambda m: ())
    scanner.scan("number", _LIST_MARKER, lambda m: ())
    scanner.scan("number", _NUMBER, _number_keys(text))
    return scanner.claims


def _lenient(key: str) -> Iterable[str]:
    kind, _, rest = key.partition(":")
    if kind == "duration":
        span, _, unit = rest.rpartition(":")
        lo, _, hi = span.partition("-")
        yield f"duration:{lo}-{lo}:{unit}"
        yield f"duration:{hi}-{hi}:{unit}"
    elif kind == "date":
        yield "date:any-" + rest.split("-", 1)[1]
    elif kind == "url":
        parts = rest.split("/")
        yield from (f"url:{'/'.join(parts[:i])}" for i in range(1, len(parts)))
    elif kind == "number":
        # "I was charged 25" grounds "$25": the ticket named no other currency
        yield f"money:{Decimal(rest).quantize(Decimal('0.01'))}:"


def context_keys(texts: Iterable[str]) -> set[str]:
    """The keys the grounding texts offer: their claims, range ends and every bare value."""
    keys: set[str] = set()
    for text in texts:
        for claim in extract_claims(text):
            for key in claim.keys:
                keys.add(key)
                keys.update(_lenient(key))
        for raw in _NUMBER.findall(text):
            value = number(raw)
            if value is not None:
                keys.add(f"number:{_fmt(value)}")
        for word in re.findall(r"[a-z]+", text.lower()):
            if word in _WORDS and word not in {"a", "an"}:
                keys.add(f"number:{_WORDS[word]}")
        for token in _TOKEN.findall(text):
            if any(c.isdigit() for c in token):
                keys.add(f"id:{compact_id(token)}")
        for match in _PHONE.finditer(text):
            keys.add(f"phone:{phone_digits(match.group(0))}")
    return keys


def grounded(claim: Claim, keys: set[str]) -> bool:
    """Whether any key of ``claim`` (or, for money, its currency-less amount) is in ``keys``."""
    if any(key in keys for key in claim.keys):
        return True
    if claim.kind == "money":
        return any(key.rsplit(":", 1)[0] + ":" in keys for key in claim.keys)
    if claim.kind == "date":
        # a year on one side only still matches; two different years do not
        for key in claim.keys:
            year, _, day = key.removeprefix("date:").partition("-")
            wanted = f"date:any-{day}" if year == "?" else f"date:?-{day}"
            if wanted in keys:
                return True
    return False
