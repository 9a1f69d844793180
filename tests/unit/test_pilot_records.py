"""The write rules of pilot events: arms, fill-ins, stored rows, same-event, fingerprints."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from ticketpilot.errors import WrongArmError
from ticketpilot.pilot import (
    Accepted,
    Assigned,
    CohortDesign,
    Edited,
    Flagged,
    Handled,
    PilotEvent,
    Rated,
    Rejected,
    Resolved,
    Shown,
    Withheld,
)
from ticketpilot.pilot.records import (
    CONTROL_KINDS,
    Fingerprint,
    check_arm,
    event_of,
    payload_of,
    prompt_version_of,
    same_event,
    with_hours,
    with_seconds,
)

T = datetime(2026, 3, 2, 9, 0)
EVERY_KIND: list[PilotEvent] = [
    Assigned("t", T, "shipping"),
    Shown("t", T, "reply-v1+abc", 812.5, True),
    Withheld("t", T, "grounding", True, True, "reply-v1+abc", 900.0),
    Accepted("t", T, 120.0),
    Edited("t", T, 12, 400, 395, 300.0),
    Rejected("t", T, None),
    Handled("t", T, 640.0),
    Flagged("t", T, "critical"),
    Resolved("t", T, 17.5),
    Rated("t", T, 4.0),
]


@pytest.mark.parametrize("event", EVERY_KIND, ids=lambda e: e.kind)
def test_a_stored_row_gives_back_the_same_event(event: PilotEvent) -> None:
    payload = payload_of(event)
    assert not {"kind", "ticket_id", "at"} & set(payload)
    assert event_of(event.kind, event.ticket_id, event.at, payload) == event
    assert same_event(event.kind, event.ticket_id, payload, event)


def test_a_payload_of_another_shape_goes_the_checked_way() -> None:
    rebuilt = event_of("rated", "t", T, {"score": "4"})  # text, as a hand-written row might hold
    assert rebuilt == Rated("t", T, 4.0)
    with pytest.raises(ValueError, match="unknown field"):
        event_of("rated", "t", T, {"stars": 4})


@pytest.mark.parametrize("event", EVERY_KIND, ids=lambda e: e.kind)
def test_control_tickets_report_only_what_happens_without_a_draft(event: PilotEvent) -> None:
    check_arm(event, "treatment")
    if event.kind in CONTROL_KINDS:
        check_arm(event, "control")
    else:
        with pytest.raises(WrongArmError, match="control ticket"):
            check_arm(event, "control")
    with pytest.raises(WrongArmError, match="outside the pilot"):
        check_arm(event, "outside")


def test_seconds_and_hours_are_filled_only_where_missing() -> None:
    viewed = T - timedelta(seconds=95)
    assert with_seconds(Accepted("t", T), viewed) == Accepted("t", T, 95.0)
    assert with_seconds(Edited("t", T, 1, 5, 5), viewed).seconds == 95.0  # type: ignore[union-attr]
    assert with_seconds(Accepted("t", T, 12.0), viewed) == Accepted("t", T, 12.0)
    assert with_seconds(Accepted("t", T), None) == Accepted("t", T)
    assert with_seconds(Accepted("t", T), T + timedelta(seconds=5)).seconds == 0.0  # type: ignore[union-attr]
    assert with_seconds(Flagged("t", T), viewed) == Flagged("t", T)
    created = T - timedelta(hours=6)
    assert with_hours(Resolved("t", T), created) == Resolved("t", T, 6.0)
    assert with_hours(Resolved("t", T, 2.0), created) == Resolved("t", T, 2.0)
    assert with_hours(Resolved("t", T), None) == Resolved("t", T)


def test_same_event_ignores_time_and_fields_the_offer_leaves_empty() -> None:
    stored = payload_of(Accepted("t", T, 95.0))  # seconds filled in by the service
    assert same_event("accepted", "t", stored, Accepted("t", T + timedelta(minutes=1)))
    assert not same_event("accepted", "t", stored, Accepted("t", T, 96.0))
    assert not same_event("accepted", "t", stored, Accepted("u", T, 95.0))
    assert not same_event("accepted", "t", stored, Rejected("t", T, 95.0))
    assert same_event("rated", "t", {"score": 4}, Rated("t", T, 4.0))  # JSON gives 4 for 4.0


def test_prompt_versions_and_fingerprints() -> None:
    assert prompt_version_of(Shown("t", T, "reply-v2")) == "reply-v2"
    assert prompt_version_of(Withheld("t", T, prompt_version=None)) is None
    assert prompt_version_of(Accepted("t", T)) is None
    design = CohortDesign("acme-2026", 0.1, 0.1)
    fp = Fingerprint.of(design)
    assert fp == Fingerprint.of(CohortDesign("acme-2026", 0.1, 0.1))
    assert fp != Fingerprint.of(CohortDesign("acme-2027", 0.1, 0.1))
    assert fp != Fingerprint.of(CohortDesign("acme-2026", 0.2, 0.1))
    assert len(fp.salt_hash) == 16 and "acme" not in fp.salt_hash + fp.describe()
