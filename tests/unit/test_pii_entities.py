"""Each entity type on positive examples and on look-alikes that must not be reported."""

from __future__ import annotations

import pytest

from ticketpilot.pii import EntityType, detect


def found(text: str) -> list[tuple[str, str]]:
    return [(r.entity_type, text[r.start : r.end]) for r in detect(text)]


def types_in(text: str) -> set[str]:
    return {r.entity_type for r in detect(text)}


@pytest.mark.parametrize(
    ("text", "entity", "value"),
    [
        ("mail me at maria.garcia@example.com.", "EMAIL_ADDRESS", "maria.garcia@example.com"),
        ("cc: j.o+tix@sub.example.co.uk", "EMAIL_ADDRESS", "j.o+tix@sub.example.co.uk"),
        ("call me on +44 20 7946 0958", "PHONE_NUMBER", "+44 20 7946 0958"),
        ("my cell (415) 555-0132 after 5", "PHONE_NUMBER", "(415) 555-0132"),
        ("dial 1-800-455-2720 8:00am-9:00pm", "PHONE_NUMBER", "1-800-455-2720"),
        ("reach +33 (0)892 702 609 today", "PHONE_NUMBER", "+33 (0)892 702 609"),
        ("UK office 0161 496 0000", "PHONE_NUMBER", "0161 496 0000"),
        ("Handy: +49 151 23456789", "PHONE_NUMBER", "+49 151 23456789"),
        ("tel 06 12 34 56 78", "PHONE_NUMBER", "06 12 34 56 78"),
        ("please call me at 4155550132", "PHONE_NUMBER", "4155550132"),
        ("card 4111 1111 1111 1111 exp 12/26", "CREDIT_CARD", "4111 1111 1111 1111"),
        ("amex 3782-822463-10005 please", "CREDIT_CARD", "3782-822463-10005"),
        ("paid with 5555555555554444.", "CREDIT_CARD", "5555555555554444"),
        ("card 4111 1111 1111 1111 123 was declined", "CREDIT_CARD", "4111 1111 1111 1111"),
        ("IBAN DE89 3704 0044 0532 0130 00 thanks", "IBAN_CODE", "DE89 3704 0044 0532 0130 00"),
        ("to GB29NWBK60161331926819 please", "IBAN_CODE", "GB29NWBK60161331926819"),
        ("from 192.168.1.20.", "IP_ADDRESS", "192.168.1.20"),
        ("v6 2001:db8::8a2e:370:7334 blocked", "IP_ADDRESS", "2001:db8::8a2e:370:7334"),
        ("SSN 123-45-6789", "US_SSN", "123-45-6789"),
        ("my social security number is 123456789", "US_SSN", "123456789"),
        ("booking ref XJ4K9P", "ORDER_ID", "XJ4K9P"),
        ("order #A1B2C3D4 never came", "ORDER_ID", "A1B2C3D4"),
        ("order number 123-4567890-1234567", "ORDER_ID", "123-4567890-1234567"),
        ("Confirmation #: HAPTCQ", "ORDER_ID", "HAPTCQ"),
        ("my record locator is still QWE4RT", "ORDER_ID", "QWE4RT"),
        ("flying tomorrow, the confirmation for it is HN6J9T ok", "ORDER_ID", "HN6J9T"),
        (
            "reset: https://example.com/reset?token=abcDEF123456xyz",
            "URL",
            "https://example.com/reset?token=abcDEF123456xyz",
        ),
        (
            "see https://app.example.io/s/Qm9vZ2xlX3Rva2VuXzE5ODc2 now",
            "URL",
            "https://app.example.io/s/Qm9vZ2xlX3Rva2VuXzE5ODc2",
        ),
        ("Hi Maria, thanks", "PERSON", "Maria"),
        ("Thanks, John Smith", "PERSON", "John Smith"),
        ("Kind regards,\nSiobhan O'Brien", "PERSON", "Siobhan O'Brien"),
        ("my name is Paolo da Silva and", "PERSON", "Paolo da Silva"),
        ("Hello José, your bag", "PERSON", "José"),
        ("ask Mr. Nakamura", "PERSON", "Nakamura"),
        ("We'll look into it. ^Lisa", "PERSON", "Lisa"),
        (
            "ship to 123 Main Street, Springfield, IL 62704 asap",
            "LOCATION",
            "123 Main Street, Springfield, IL 62704",
        ),
        (
            "I live at 221B Baker Street, London NW1 6XE",
            "LOCATION",
            "221B Baker Street, London NW1 6XE",
        ),
        ("postcode SW1A 1AA", "LOCATION", "SW1A 1AA"),
    ],
)
def test_detects(text: str, entity: str, value: str) -> None:
    assert (entity, value) in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "flight DL1262 on 2024-03-12 at 14:30",
        "my flight 1403 was delayed 3 hours",
        "it cost $1,234.56 plus €45,00 and £12",
        "dates 12/03/2024, 03.12.2024 and 12-03-2024",
        "Opening hours 07:30-20:00, Mon-Fri",
        "tracking 1Z999AA10123456784",
        "USPS tracking 9400 1000 0000 0000 0000 00",
        "FedEx tracking 748923456789",
        "Ticket number 0062380868497 is on the receipt",
        "app version 4.12.3 and build 10.0.19045",
        "seat 14C, gate B22, terminal 2",
        "Your verification code is 482913",
        "IMEI 35-209900-176148-1",
        "frequent flyer number 9358454354",
        "ZIP 62704-1234",
        "sort code 20-00-00, account 12345678",
    ],
)
def test_look_alikes_are_not_cards_phones_or_ssns(text: str) -> None:
    bad = {EntityType.CREDIT_CARD, EntityType.PHONE_NUMBER, EntityType.US_SSN}
    assert not (types_in(text) & bad), found(text)


@pytest.mark.parametrize(
    "text",
    [
        "card 4111 1111 1111 1112",  # fails Luhn
        "number 1234 5678 9012 3456",  # no brand, fails Luhn
        "SSN 000-12-3456",
        "SSN 666-12-3456",
        "SSN 912-12-3456",
        "SSN 123-00-4567",
        "SSN 123-45-0000",
        "IBAN DE89 3704 0044 0532 0130 01",  # mod-97 fails
        "not an ip 256.1.1.1 nor 1.2.3",
        "time 10:30:45 and mac 00:1A:2B:3C:4D:5E",
        "help page https://www.example.com/help/baggage-policy",
        "short link https://t.co/ysdNHVXYN2",
        "the flight DL1262 from LAX",
        "version 1.2.3.4 of the app",
    ],
)
def test_invalid_values_are_not_reported(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Hi there, thanks for waiting. *TMT",
        "We are on it ^AB",
        "Thank you. Will do.",
        "Hi, I'm sorry to hear that",
        "Thanks again! Regards, Team",
        "Dear Customer, your bag is here",
        "Hello everyone",
    ],
)
def test_greetings_without_names_and_agent_initials(text: str) -> None:
    assert EntityType.PERSON not in types_in(text), found(text)


def test_street_suffix_dr_is_not_a_title() -> None:
    text = "send it to 45 Oak Dr. Springfield"
    assert EntityType.PERSON not in types_in(text)
    assert (EntityType.LOCATION, "45 Oak Dr.") in found(text)


def test_results_carry_recognizer_and_score() -> None:
    (result,) = detect("IBAN GB29NWBK60161331926819")
    assert result.recognizer == "iban"
    assert result.entity_type == "IBAN_CODE"
    assert 0.0 <= result.score <= 1.0
    assert result.value("IBAN GB29NWBK60161331926819") == "GB29NWBK60161331926819"


def test_entities_filter_limits_the_types() -> None:
    text = "Hi Maria, call +44 20 7946 0958 or mail maria@example.com"
    assert {r.entity_type for r in detect(text, entities=["EMAIL_ADDRESS"])} == {"EMAIL_ADDRESS"}


def test_empty_text() -> None:
    assert detect("") == []
