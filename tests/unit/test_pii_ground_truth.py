"""Recall and precision against planted ground truth, and on the real airline tweets.

3,000 synthetic support tickets (``pii_values.planted_ticket``) with planted PII and distractor
numbers (flights, amounts, dates, times, tracking numbers, versions, IMEIs, e-tickets).
"""

from __future__ import annotations

import bz2
import csv
import random
from pathlib import Path

import pytest

from ticketpilot.demo.pii_values import planted_ticket
from ticketpilot.pii import Detector, EntityScore, GoldSpan, score_spans

STRUCTURED = (
    "EMAIL_ADDRESS",
    "PHONE_NUMBER",
    "CREDIT_CARD",
    "IBAN_CODE",
    "IP_ADDRESS",
    "US_SSN",
    "ORDER_ID",
)
AIRLINES = (
    Path(__file__).resolve().parents[2].parent
    / "shared/data/asapp_twitter_airlines/airlines_raw.csv.bz2"
)


@pytest.fixture(scope="module")
def scores() -> dict[str, EntityScore]:
    rng = random.Random(20240611)
    corpus = [planted_ticket(rng) for _ in range(3000)]
    detector = Detector()
    pairs = [
        ([GoldSpan(s.start, s.end, s.entity_type) for s in p.spans], detector.detect(p.text))
        for p in corpus
    ]
    return score_spans(pairs)


@pytest.mark.parametrize("entity", STRUCTURED)
def test_structured_types(scores: dict[str, EntityScore], entity: str) -> None:
    score = scores[entity]
    assert score.gold >= 100, "too few planted values to measure"
    assert score.recall >= 0.99, score
    assert score.precision >= 0.95, score
    assert score.exact_rate >= 0.95, score


def test_person_recall(scores: dict[str, EntityScore]) -> None:
    assert scores["PERSON"].gold >= 300
    assert scores["PERSON"].recall >= 0.90, scores["PERSON"]


def test_addresses_and_urls(scores: dict[str, EntityScore]) -> None:
    for entity in ("LOCATION", "URL"):
        assert scores[entity].recall >= 0.95, scores[entity]
        assert scores[entity].precision >= 0.95, scores[entity]


def test_score_spans_counts() -> None:
    gold = [GoldSpan(0, 5, "PERSON"), GoldSpan(10, 20, "PHONE_NUMBER")]
    predicted = [
        GoldSpan(0, 5, "PERSON"),
        GoldSpan(12, 20, "PHONE_NUMBER"),
        GoldSpan(30, 35, "URL"),
    ]
    scores = score_spans([(gold, predicted)])
    assert (scores["PERSON"].recall, scores["PERSON"].exact_rate) == (1.0, 1.0)
    assert (scores["PHONE_NUMBER"].recall, scores["PHONE_NUMBER"].exact_rate) == (1.0, 0.0)
    assert (scores["URL"].precision, scores["URL"].gold) == (0.0, 0)


@pytest.mark.realdata
@pytest.mark.skipif(not AIRLINES.exists(), reason="shared airline data not present")
def test_airline_tweets_agent_initials_are_not_names() -> None:
    with bz2.open(AIRLINES, "rt", encoding="utf-8") as handle:
        rows = [row for _, row in zip(range(3000), csv.DictReader(handle), strict=False)]
    detector = Detector()
    names: list[str] = []
    phones = 0
    for row in rows:
        text = row["context"]
        for result in detector.detect(text):
            value = result.value(text)
            if result.entity_type == "PERSON":
                names.append(value)
            phones += result.entity_type == "PHONE_NUMBER"
    assert names, "greetings such as 'Hi Natalie,' should give names"
    assert not [n for n in names if n.isupper()], "agent initials (*TMT, ^AB) are not names"
    assert phones > 10  # the airlines' service numbers
