"""The synthetic PII generators: valid values, exact planted spans, seeded determinism."""

from __future__ import annotations

import ipaddress
import random
import re

import pytest

from ticketpilot.demo import pii_values as pv
from ticketpilot.pii.validators import card_brand, iban_valid, luhn_valid, ssn_valid


@pytest.fixture
def rng() -> random.Random:
    return random.Random(1234)


def test_cards_are_luhn_valid_of_several_brands(rng: random.Random) -> None:
    cards = [pv.credit_card(rng) for _ in range(300)]
    assert all(luhn_valid(c) for c in cards)
    brands = {card_brand(c) for c in cards}
    assert {"visa", "mastercard", "amex", "discover", "jcb", "diners"} <= brands
    assert any(" " in c for c in cards)
    assert any("-" in c for c in cards)


def test_ibans_are_valid_in_several_countries(rng: random.Random) -> None:
    ibans = [pv.iban(rng) for _ in range(200)]
    assert all(iban_valid(i) for i in ibans)
    assert len({i[:2] for i in ibans}) >= 10


def test_ssns_are_issuable(rng: random.Random) -> None:
    assert all(ssn_valid(pv.ssn(rng)) for _ in range(500))


def test_ssn_areas_cover_every_issuable_area(rng: random.Random) -> None:
    areas = {int(pv.ssn(rng).replace("-", "").replace(" ", "")[:3]) for _ in range(20_000)}
    assert 666 not in areas
    assert {1, 665, 667, 899} <= areas
    assert min(areas) == 1
    assert max(areas) == 899


def test_ip_addresses_parse(rng: random.Random) -> None:
    versions = {ipaddress.ip_address(pv.ip_address(rng)).version for _ in range(100)}
    assert versions == {4, 6}


def test_emails_and_phones_look_right(rng: random.Random) -> None:
    assert all(
        re.fullmatch(r"[a-z0-9._+-]+@[a-z0-9.-]+\.[a-z]+", pv.email(rng)) for _ in range(200)
    )
    phones = {pv.phone(rng) for _ in range(300)}
    assert any(p.startswith("+44") for p in phones)
    assert any(p.startswith("(") for p in phones)
    assert all(7 <= sum(c.isdigit() for c in p) <= 15 for p in phones)
    assert "#" not in "".join(phones)
    assert any(p.startswith("+49") for p in phones)
    assert any(p.startswith("0") for p in phones)


def test_names_are_diverse(rng: random.Random) -> None:
    assert len(pv.FIRST_NAMES) >= 60
    assert len(pv.LAST_NAMES) >= 50
    assert any(not n.isascii() for n in pv.FIRST_NAMES + pv.LAST_NAMES)


def test_every_entity_type_has_a_generator(rng: random.Random) -> None:
    assert set(pv.GENERATORS) == {
        "EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "IBAN_CODE", "IP_ADDRESS", "US_SSN",
        "URL", "PERSON", "LOCATION", "ORDER_ID",
    }  # fmt: skip
    for generate in pv.GENERATORS.values():
        assert generate(rng)


def test_plant_records_exact_spans(rng: random.Random) -> None:
    planted = pv.plant("Hi {PERSON:1}, flight {flight}; mail {EMAIL_ADDRESS}. Bye {PERSON:1}", rng)
    assert [s.entity_type for s in planted.spans] == ["PERSON", "EMAIL_ADDRESS", "PERSON"]
    for span in planted.spans:
        assert planted.text[span.start : span.end] == span.value
    assert planted.spans[0].value == planted.spans[2].value
    assert "{" not in planted.text


def test_plant_takes_given_values(rng: random.Random) -> None:
    planted = pv.plant("Dear {PERSON}, {amount}", rng, values={"PERSON": "Ana Ruiz"})
    assert planted.text.startswith("Dear Ana Ruiz, ")
    assert planted.spans == [pv.PlantedSpan(5, 13, "PERSON", "Ana Ruiz")]


def test_plant_rejects_unknown_slots(rng: random.Random) -> None:
    with pytest.raises(KeyError, match="unknown slot"):
        pv.plant("{NOPE}", rng)


def test_same_seed_same_texts() -> None:
    first = [pv.planted_ticket(random.Random(9)) for _ in range(5)]
    second = [pv.planted_ticket(random.Random(9)) for _ in range(5)]
    assert first == second


def test_every_template_fills() -> None:
    rng = random.Random(3)
    for template in pv.TICKET_TEMPLATES:
        planted = pv.plant(template, rng)
        assert "{" not in planted.text, template
        assert all(planted.text[s.start : s.end] == s.value for s in planted.spans)
