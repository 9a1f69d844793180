"""Drift reads the live pilot's verdicts when agents have judged drafts (on both databases)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Engine

from ticketpilot.monitor.frame import day_number
from ticketpilot.monitor.service import PILOT_MEASURE, feedback_from_pilot
from ticketpilot.store.pilot_events import EventRow, PilotEvents

START = datetime(2026, 3, 2, 9)


def _store(engine: Engine, rows: list[EventRow], pilot: str = "live") -> None:
    with engine.begin() as connection:
        PilotEvents(engine, pilot).insert(connection, rows, START)


def test_no_verdict_yet_gives_none(engine: Engine) -> None:
    _store(engine, [EventRow("a1", "assigned", "T1", START, {"category": "billing"})])
    assert feedback_from_pilot(engine) is None


def test_first_reply_per_ticket_counts_with_category_and_prompt(engine: Engine) -> None:
    day = timedelta(days=1)
    rows = [
        EventRow("a1", "assigned", "T1", START, {"category": "billing"}),
        EventRow("s1", "shown", "T1", START, {"prompt_version": "reply-v2"}),
        EventRow("r1", "accepted", "T1", START + day, {}),
        EventRow("r1b", "rejected", "T1", START + 2 * day, {}),  # a later reply never counts
        EventRow("a2", "assigned", "T2", START, {"category": None}),
        EventRow("s2", "shown", "T2", START, {"prompt_version": "reply-v3"}),
        EventRow(
            "r2",
            "edited",
            "T2",
            START + 2 * day,
            {"distance": 3, "draft_chars": 10, "sent_chars": 11},
        ),
        EventRow("a3", "assigned", "T3", START, {"category": "shipping"}),  # no reply yet
    ]
    _store(engine, rows)
    _store(engine, [EventRow("x", "accepted", "T9", START, {})], pilot="rehearsal")
    frame = feedback_from_pilot(engine)
    assert frame is not None and frame.measure == PILOT_MEASURE
    assert len(frame) == 2
    by_ticket = {
        frame.categories[int(c)]: (int(d), frame.prompts[int(p)], bool(a))
        for d, c, p, a in zip(frame.day, frame.category, frame.prompt, frame.accepted, strict=True)
    }
    assert by_ticket == {
        "billing": (day_number(START + day), "reply-v2", True),
        "untagged": (day_number(START + 2 * day), "reply-v3", False),
    }
