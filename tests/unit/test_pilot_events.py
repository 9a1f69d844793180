"""Event records: typed, validated, and round-tripped through plain records."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from ticketpilot.errors import PilotError
from ticketpilot.pilot import (
    EVENT_TYPES,
    Assigned,
    Edited,
    Flagged,
    Shown,
    Withheld,
    edited,
    event_from_record,
    event_record,
)

AT = datetime(2026, 3, 2, 9, 30)


@pytest.mark.parametrize(
    "event",
    [
        Assigned("T-1", AT, "billing"),
        Assigned("T-1", AT),
        Shown("T-1", AT, "reply-v2", 812.5, detected=True),
        Withheld("T-1", AT, "critical_category"),
        Edited("T-1", AT, distance=12, draft_chars=300, sent_chars=305, seconds=95.0),
        Flagged("T-1", AT, "critical"),
    ],
)
def test_round_trip_through_plain_records(event: object) -> None:
    record = event_record(event)  # type: ignore[arg-type]
    assert record["kind"] == type(event).kind  # type: ignore[attr-defined]
    assert event_from_record(record) == event


def test_every_kind_is_registered_once_in_life_order() -> None:
    assert list(EVENT_TYPES) == ["assigned", "shown", "withheld", "accepted", "edited", "rejected",
                                 "handled", "flagged", "resolved", "rated"]  # fmt: skip


def test_records_from_json_are_coerced_and_times_become_naive_utc() -> None:
    event = event_from_record(
        {
            "kind": "edited",
            "ticket_id": "T-9",
            "at": "2026-03-02T11:30:00+02:00",
            "distance": "7",
            "draft_chars": 100,
            "sent_chars": 98.0,
            "seconds": 41,
        }
    )
    assert event == Edited("T-9", AT, 7, 100, 98, 41.0)
    aware = Shown("T-9", AT.replace(tzinfo=timezone(timedelta(hours=-5))))
    assert aware.at == AT + timedelta(hours=5)
    assert Shown("T-9", AT.replace(tzinfo=UTC)).at == AT


def test_edited_computes_the_distance_from_the_texts() -> None:
    event = edited("T-2", AT, "Your refund is on its way.", "Your refund is on the way!", 60.0)
    assert (event.distance, event.draft_chars, event.sent_chars) == (4, 26, 26)


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"kind": "clicked"}, "unknown pilot event kind 'clicked'; known: assigned"),
        ({"kind": "shown", "ticket_id": "T-1"}, "shown event: missing at"),
        ({"kind": "shown", "ticket_id": "T-1", "at": AT, "colour": "red"},
         "unknown field\\(s\\) colour"),
        ({"kind": "flagged", "ticket_id": "T-1", "at": AT, "severity": "huge"},
         "severity 'huge' is not one of minor, major, critical"),
        ({"kind": "edited", "ticket_id": "T-1", "at": AT, "distance": 2.5},
         "distance = 2.5: not a whole number"),
        ({"kind": "edited", "ticket_id": "T-1", "at": AT, "distance": 50, "draft_chars": 10,
          "sent_chars": 12}, "distance 50 exceeds both lengths"),
        ({"kind": "accepted", "ticket_id": "T-1", "at": AT, "seconds": -3},
         "seconds = -3.0 must be >= 0"),
        ({"kind": "shown", "ticket_id": "T-1", "at": "yesterday"}, "at = 'yesterday'"),
        ({"kind": "shown", "ticket_id": "", "at": AT}, "ticket_id must not be empty"),
        ({"kind": "shown", "ticket_id": "T-1", "at": AT, "detected": "yes"}, "not a boolean"),
    ],
)  # fmt: skip
def test_bad_records_name_what_is_wrong(record: dict[str, object], message: str) -> None:
    with pytest.raises(PilotError, match=message):
        event_from_record(record)
