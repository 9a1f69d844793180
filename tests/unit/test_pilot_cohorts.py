"""Cohort assignment: pinned, stable, at the charter's shares, control as large as the cohort."""

from __future__ import annotations

import hashlib
from collections import Counter

import pytest

from ticketpilot.charter import parse_charter
from ticketpilot.errors import CharterError, PilotError
from ticketpilot.pilot import CohortDesign, bucket

DESIGN = CohortDesign(salt="acme-2026", treatment_share=0.1, control_share=0.1)


@pytest.mark.parametrize(
    ("ticket_id", "position", "arm"),
    [
        ("T-1001", 0.2748723041764044, "outside"),
        ("T-1002", 0.08884341967759857, "treatment"),
        ("zendesk:998877", 0.034847512088320355, "treatment"),
        ("T-0", 0.9799803080453969, "control"),
        ("T-29", 0.9060347395248981, "control"),
        ("é-ticket", 0.6611669302729527, "outside"),
    ],
)
def test_assignment_is_pinned(ticket_id: str, position: float, arm: str) -> None:
    """These values must never change: a changed hash would move tickets between arms mid-pilot."""
    assert bucket("acme-2026", ticket_id) == position
    assert DESIGN.arm(ticket_id) == arm


def test_bucket_is_the_documented_sha256_prefix() -> None:
    digest = hashlib.sha256(b"acme-2026:T-1002").digest()
    assert bucket("acme-2026", "T-1002") == int.from_bytes(digest[:8], "big") / 2**64


def test_shares_hold_on_100k_ids_and_control_matches_the_cohort() -> None:
    counts = Counter(DESIGN.arms(f"T-{i}" for i in range(100_000)))
    # 100k Bernoulli(0.1): sd 95 tickets; 4 sd of tolerance
    assert abs(counts["treatment"] - 10_000) < 380
    assert abs(counts["control"] - 10_000) < 380
    assert abs(counts["treatment"] - counts["control"]) < 540
    assert counts["outside"] == 100_000 - counts["treatment"] - counts["control"]


def test_the_salt_reshuffles_and_a_ramp_keeps_the_treated_and_the_control() -> None:
    ids = [f"T-{i}" for i in range(5_000)]
    other = CohortDesign("other-salt", 0.1, 0.1)
    agree = sum(a == b for a, b in zip(DESIGN.arms(ids), other.arms(ids), strict=True))
    assert agree < 0.75 * len(ids)  # independent salts agree on ~68% (mostly "outside")
    ramped = CohortDesign("acme-2026", 0.3, 0.1)
    for ticket_id, before, after in zip(ids, DESIGN.arms(ids), ramped.arms(ids), strict=True):
        if before != "outside":
            assert after == before, ticket_id


def test_design_from_charter_defaults_the_control_to_the_cohort_size() -> None:
    charter = parse_charter('[pilot]\ncohort_share = 0.2\nsalt = "s1"\n')
    assert CohortDesign.from_charter(charter.pilot) == CohortDesign("s1", 0.2, 0.2)
    charter = parse_charter('[pilot]\ncohort_share = 0.2\ncontrol_share = 0.5\nsalt = "s1"\n')
    assert CohortDesign.from_charter(charter.pilot).shares == {"treatment": 0.2, "control": 0.5}


def test_overlapping_cohorts_are_refused_with_the_numbers() -> None:
    with pytest.raises(
        CharterError, match=r"cohort_share \+ control_share = 1.2 must not exceed 1"
    ):
        parse_charter("[pilot]\ncohort_share = 0.6\n")
    with pytest.raises(PilotError, match="exceed 1"):
        CohortDesign("s", 0.7, 0.4)
    with pytest.raises(PilotError, match="control_share = 0"):
        CohortDesign("s", 0.1, 0.0)
    with pytest.raises(PilotError, match="salt"):
        CohortDesign("", 0.1, 0.1)
