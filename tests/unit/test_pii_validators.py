"""Checksums and ranges: Luhn, IBAN mod-97, SSN issuance rules, NANP shape."""

from __future__ import annotations

import pytest

from ticketpilot.pii.validators import (
    IBAN_LENGTHS,
    card_brand,
    iban_check_digits,
    iban_valid,
    ipv6_valid,
    luhn_check_digit,
    luhn_valid,
    nanp_valid,
    ssn_valid,
)


@pytest.mark.parametrize(
    "number",
    [
        "4111111111111111",
        "4111 1111 1111 1111",
        "5555-5555-5555-4444",
        "378282246310005",
        "6011111111111117",
        "3530111333300000",
        "30569309025904",
    ],
)
def test_luhn_accepts_published_test_cards(number: str) -> None:
    assert luhn_valid(number)


@pytest.mark.parametrize("number", ["4111111111111112", "1234567812345678", "0", ""])
def test_luhn_rejects_wrong_check_digit(number: str) -> None:
    assert not luhn_valid(number)


def test_luhn_check_digit_completes_a_number() -> None:
    assert luhn_check_digit("411111111111111") == "1"
    assert luhn_valid("7992739871" + luhn_check_digit("7992739871"))


@pytest.mark.parametrize(
    ("number", "brand"),
    [
        ("4111111111111111", "visa"),
        ("5555555555554444", "mastercard"),
        ("2221000000000009", "mastercard"),
        ("378282246310005", "amex"),
        ("6011111111111117", "discover"),
        ("3530111333300000", "jcb"),
        ("30569309025904", "diners"),
        ("0062380868497", None),
        ("9400100000000000", None),
    ],
)
def test_card_brand_by_prefix_and_length(number: str, brand: str | None) -> None:
    assert card_brand(number) == brand


@pytest.mark.parametrize(
    "iban",
    [
        "DE89370400440532013000",
        "DE89 3704 0044 0532 0130 00",
        "GB29NWBK60161331926819",
        "FR1420041010050500013M02606",
        "NL91ABNA0417164300",
        "NO9386011117947",
        "BE68539007547034",
    ],
)
def test_iban_valid_examples(iban: str) -> None:
    assert iban_valid(iban)


@pytest.mark.parametrize(
    "iban",
    [
        "DE89370400440532013001",  # check digits wrong
        "DE8937040044053201300",  # one character short for DE
        "XX89370400440532013000",  # no such country
        "gb29nwbk60161331926819",  # lower case is not how IBANs are printed
        "GB29NWBK6016133192681!",
    ],
)
def test_iban_invalid_examples(iban: str) -> None:
    assert not iban_valid(iban)


def test_iban_check_digits_make_valid_ibans_for_every_country() -> None:
    for country, length in IBAN_LENGTHS.items():
        bban = "1" * (length - 4)
        assert iban_valid(country + iban_check_digits(country, bban) + bban), country


@pytest.mark.parametrize("ssn", ["123-45-6789", "001-01-0001", "665 99 9999", "899010001"])
def test_ssn_valid_ranges(ssn: str) -> None:
    assert ssn_valid(ssn)


@pytest.mark.parametrize(
    "ssn",
    [
        "000-12-3456",  # area 000
        "666-12-3456",  # area 666
        "900-12-3456",  # areas 900-999
        "999-12-3456",
        "123-00-4567",  # group 00
        "123-45-0000",  # serial 0000
        "123-45-678",  # too short
    ],
)
def test_ssn_invalid_ranges(ssn: str) -> None:
    assert not ssn_valid(ssn)


@pytest.mark.parametrize(
    ("digits", "valid"),
    [
        ("4155550132", True),
        ("14155550132", True),
        ("1155550132", False),  # area code starts with 1
        ("4151550132", False),  # exchange starts with 1
        ("9115550132", False),  # N11 service code
        ("415555013", False),
    ],
)
def test_nanp_shape(digits: str, valid: bool) -> None:
    assert nanp_valid(digits) is valid


def test_ipv6_valid() -> None:
    assert ipv6_valid("2001:db8::8a2e:370:7334")
    assert not ipv6_valid("10:30:45")
    assert not ipv6_valid("00:1A:2B:3C:4D:5E")
