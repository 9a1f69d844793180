"""Checksums and range rules that turn a regex candidate into a confident finding.

Pure functions on strings; they are also used by the demo generator to build valid values.
"""

from __future__ import annotations

import ipaddress

#: IBAN length per country (ISO 13616 registry, SWIFT release 2024).
IBAN_LENGTHS: dict[str, int] = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22,
    "BI": 27, "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DJ": 27,
    "DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FK": 18, "FO": 18, "FR": 27,
    "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28, "HR": 21, "HU": 28, "IE": 22,
    "IL": 23, "IQ": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32,
    "LI": 21, "LT": 20, "LU": 20, "LV": 21, "LY": 25, "MC": 27, "MD": 24, "ME": 22, "MK": 19,
    "MN": 20, "MR": 27, "MT": 31, "MU": 30, "NI": 28, "NL": 18, "NO": 15, "OM": 23, "PK": 24,
    "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "RU": 33, "SA": 24, "SC": 31,
    "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23, "ST": 25, "SV": 28, "TL": 23,
    "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20, "YE": 30,
}  # fmt: skip

#: Card brand by leading digits (IIN ranges), longest prefix first within each brand.
_CARD_PREFIXES: tuple[tuple[str, tuple[str, ...], frozenset[int]], ...] = (
    ("amex", ("34", "37"), frozenset({15})),
    ("diners", ("300", "301", "302", "303", "304", "305", "36", "38", "39"), frozenset({14, 16})),
    ("discover", ("6011", "644", "645", "646", "647", "648", "649", "65"), frozenset({16, 19})),
    ("jcb", ("35",), frozenset({16, 17, 18, 19})),
    ("unionpay", ("62",), frozenset({16, 17, 18, 19})),
    ("mastercard", ("51", "52", "53", "54", "55", "22", "23", "24", "25", "26", "27"),
     frozenset({16})),
    ("visa", ("4",), frozenset({13, 16, 19})),
    ("maestro", ("50", "56", "57", "58", "63", "67", "68", "69"), frozenset({16, 18, 19})),
)  # fmt: skip


def digits_of(text: str) -> str:
    """Only the ASCII digits of ``text``."""
    return "".join(c for c in text if "0" <= c <= "9")


def luhn_check_digit(partial: str) -> str:
    """The digit that makes ``partial`` + digit pass the Luhn check."""
    total = 0
    for i, ch in enumerate(reversed(partial)):
        d = ord(ch) - 48
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def luhn_valid(number: str) -> bool:
    """True when the digits of ``number`` (separators ignored) pass the Luhn mod-10 check."""
    digits = digits_of(number)
    return len(digits) > 1 and luhn_check_digit(digits[:-1]) == digits[-1]


def card_brand(number: str) -> str | None:
    """The card brand whose prefix and length fit the digits of ``number``, or None."""
    digits = digits_of(number)
    for brand, prefixes, lengths in _CARD_PREFIXES:
        if len(digits) in lengths and digits.startswith(prefixes):
            return brand
    return None


def _iban_number(iban: str) -> int:
    rearranged = iban[4:] + iban[:4]
    return int("".join(str(int(c, 36)) for c in rearranged))


def iban_check_digits(country: str, bban: str) -> str:
    """The two check digits for ``country`` + ``bban`` (ISO 7064 mod 97-10)."""
    remainder = _iban_number(f"{country}00{bban}".upper()) % 97
    return f"{98 - remainder:02d}"


def iban_valid(iban: str) -> bool:
    """True for a well-formed IBAN: known country, its exact length, and mod-97 equal to 1.

    Spaces are ignored; letters must be upper case as printed on statements.
    """
    compact = iban.replace(" ", "")
    length = IBAN_LENGTHS.get(compact[:2])
    if length is None or len(compact) != length or not compact.isalnum():
        return False
    if not compact.isascii() or not compact[2:4].isdigit() or compact != compact.upper():
        return False
    return _iban_number(compact) % 97 == 1


def ssn_valid(ssn: str) -> bool:
    """True when the nine digits of ``ssn`` are an issuable US SSN.

    Never issued: area 000, 666 or 900-999; group 00; serial 0000.
    """
    digits = digits_of(ssn)
    if len(digits) != 9:
        return False
    area, group, serial = digits[:3], digits[3:5], digits[5:]
    return area not in ("000", "666") and area[0] != "9" and group != "00" and serial != "0000"


def nanp_valid(digits: str) -> bool:
    """True for a plausible North American number: 10 digits (or 11 with a leading 1).

    Area code and exchange both start with 2-9 and the area code is not an N11 service code.
    """
    if len(digits) == 11 and digits[0] == "1":
        digits = digits[1:]
    if len(digits) != 10:
        return False
    return digits[0] >= "2" and digits[3] >= "2" and digits[1:3] != "11"


def ipv6_valid(text: str) -> bool:
    """True when ``text`` parses as an IPv6 address."""
    try:
        ipaddress.IPv6Address(text)
    except ValueError:
        return False
    return True
