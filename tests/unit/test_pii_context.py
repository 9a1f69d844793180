"""Context words move scores: boosts, penalties, the nearer word winning, sentence bounds."""

from __future__ import annotations

from ticketpilot.pii import ContextRule, TextScan, detect


def score_of(text: str, entity: str, min_score: float = 0.5) -> float | None:
    scores = [r.score for r in detect(text, min_score=min_score) if r.entity_type == entity]
    return max(scores) if scores else None


def test_card_context_raises_the_score() -> None:
    plain = score_of("4111 1111 1111 1111", "CREDIT_CARD")
    boosted = score_of("my visa card 4111 1111 1111 1111", "CREDIT_CARD")
    assert plain is not None
    assert boosted is not None
    assert boosted > plain


def test_bare_ssn_needs_its_context_word() -> None:
    assert score_of("number 123456789 on the form", "US_SSN") is None
    assert score_of("my ssn is 123456789", "US_SSN") is not None
    assert score_of("social security: 123 45 6789", "US_SSN") is not None


def test_nine_digits_next_to_flight_or_tracking_are_lowered() -> None:
    low = score_of("tracking 123-45-6789", "US_SSN", min_score=0.0)
    high = score_of("ssn 123-45-6789", "US_SSN", min_score=0.0)
    assert low is not None
    assert high is not None
    assert low < 0.5 < high
    assert score_of("tracking 123-45-6789", "US_SSN") is None  # dropped at the default 0.5
    assert score_of("flight 123 45 6789", "US_SSN") is None


def test_bare_phone_digits_need_call_me() -> None:
    assert score_of("ref 4155550132", "PHONE_NUMBER") is None
    assert score_of("call me at 4155550132", "PHONE_NUMBER") is not None


def test_the_nearer_word_wins() -> None:
    text = "my flight was cancelled, call me on 020 7946 0958"
    assert score_of(text, "PHONE_NUMBER") is not None
    assert score_of("tracking number 020 7946 0958", "PHONE_NUMBER") is None


def test_penalty_words_stop_at_the_sentence_end() -> None:
    assert score_of("Flight BA287 was cancelled. 020 7946 0958 is my number", "PHONE_NUMBER")
    assert score_of("Flight BA287 was cancelled 020 7946 0958", "PHONE_NUMBER") is None


def test_version_next_to_an_ipv4_lowers_it() -> None:
    assert score_of("server 10.2.0.1 is down", "IP_ADDRESS") is not None
    assert score_of("app version 10.2.0.1 crashes", "IP_ADDRESS") is None


def test_rule_adjust_directly() -> None:
    rule = ContextRule(boost_words=("iban",), penalty_words=("invoice",), boost=0.2, penalty=0.3)
    scan = TextScan("iban XX invoice YY")
    assert rule.adjust(scan, 5, 7, 0.5) == 0.7
    assert rule.adjust(scan, 16, 18, 0.5) == 0.2
    assert rule.adjust(TextScan("nothing here"), 0, 7, 0.5) == 0.5
    assert rule.adjust(TextScan("IBAN: AB"), 6, 8, 0.9) == 1.0  # capped
