"""The registry, plugins and the NER hook, overlap resolution, the public API."""

from __future__ import annotations

import itertools
import re

import pytest

from ticketpilot import pii
from ticketpilot.pii import (
    Detector,
    NerRecognizer,
    RecognizerResult,
    RegexRecognizer,
    default_recognizers,
    entity_types,
    recognizer_registry,
    resolve_overlaps,
)


class EmployeeIdRecognizer(RegexRecognizer):
    name = "employee_id"
    entity_type = "EMPLOYEE_ID"
    pattern = re.compile(r"\bEMP-\d{6}\b")
    score = 0.9


def test_public_api_is_exported() -> None:
    for name in pii.__all__:
        assert hasattr(pii, name), name
    assert len(set(pii.__all__)) == len(pii.__all__)


def test_default_recognizers_hold_the_builtins() -> None:
    registry = default_recognizers()
    assert {"email", "phone", "credit_card", "iban", "us_ssn", "person_cue"} <= {
        r.name for r in registry
    }
    assert entity_types(registry) == {
        "EMAIL_ADDRESS",
        "PHONE_NUMBER",
        "CREDIT_CARD",
        "IBAN_CODE",
        "IP_ADDRESS",
        "US_SSN",
        "URL",
        "PERSON",
        "LOCATION",
        "ORDER_ID",
        "SOCIAL_HANDLE",
    }


def test_a_plugin_registers_like_a_builtin() -> None:
    registry = default_recognizers()
    registry.add(EmployeeIdRecognizer())
    results = Detector(registry).detect("badge EMP-123456, mail a@example.com")
    assert [(r.entity_type, r.recognizer) for r in results] == [
        ("EMPLOYEE_ID", "employee_id"),
        ("EMAIL_ADDRESS", "email"),
    ]


def test_names_are_unique_unless_replaced() -> None:
    registry = recognizer_registry([EmployeeIdRecognizer()])
    with pytest.raises(ValueError, match="already registered"):
        registry.add(EmployeeIdRecognizer())
    registry.add(EmployeeIdRecognizer(), replace=True)
    assert len(registry) == 1
    registry.unregister("employee_id")
    assert "employee_id" not in registry


def test_unregistering_a_builtin_turns_it_off() -> None:
    registry = default_recognizers()
    registry.unregister("email")
    assert Detector(registry).detect("a@example.com") == []


def test_ner_hook_runs_through_the_registry() -> None:
    def fake_model(text: str) -> list[tuple[int, int, str, float]]:
        start = text.find("Priya")
        return [(start, start + 5, "PERSON", 0.8), (0, 3, "MISC", 0.9)] if start >= 0 else []

    registry = default_recognizers()
    registry.add(NerRecognizer(fake_model, name="fake_ner"))
    results = Detector(registry).detect("Our agent told Priya it was fine")
    assert [(r.entity_type, r.recognizer) for r in results] == [("PERSON", "fake_ner")]


def test_overlaps_keep_the_higher_score_then_the_longer_span() -> None:
    a = RecognizerResult("PHONE_NUMBER", 0, 10, 0.6, "x")
    b = RecognizerResult("ORDER_ID", 2, 8, 0.9, "y")
    c = RecognizerResult("LOCATION", 12, 20, 0.5, "z")
    d = RecognizerResult("PERSON", 12, 16, 0.5, "w")
    assert resolve_overlaps([a, b, c, d]) == [b, c]
    assert resolve_overlaps([d, c, b, a]) == [b, c]  # order of input does not matter


def test_findings_never_overlap_on_real_text() -> None:
    text = (
        "Hi Maria, order number 123-4567890-1234567, card 4111-1111-1111-1111, "
        "call +1 (415) 555-0132, IBAN DE89370400440532013000, ip 10.0.0.1"
    )
    results = Detector().detect(text)
    for first, second in itertools.pairwise(results):
        assert first.end <= second.start
    assert len(results) == 6


def test_min_score_is_a_threshold() -> None:
    detector = Detector(min_score=0.95)
    assert [r.entity_type for r in detector.detect("a@example.com, (415) 555-0132")] == [
        "EMAIL_ADDRESS"
    ]
