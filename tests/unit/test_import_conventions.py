"""Numeric dates in a file's order, CSAT scales, message-list threads and the final checks."""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

import pytest

from ticketpilot.errors import ImportFileError
from ticketpilot.tickets.checks import TimeWindow, has_nul, problem, strip_nul
from ticketpilot.tickets.conventions import Profiler, ReadNotes
from ticketpilot.tickets.csat import RatingOutOfRangeError, rating
from ticketpilot.tickets.dates import AmbiguousDateError, DateParseError, parse_datetime
from ticketpilot.tickets.model import Message, Role, Ticket
from ticketpilot.tickets.thread import message_list


@pytest.mark.parametrize(
    ("value", "order", "expected"),
    [
        ("03/05/2024", "dmy", datetime(2024, 5, 3)),
        ("03/05/2024", "mdy", datetime(2024, 3, 5)),
        ("13/05/2024 14:30", None, datetime(2024, 5, 13, 14, 30)),
        ("05/13/2024 2:30 PM", None, datetime(2024, 5, 13, 14, 30)),
        ("31.12.24", "dmy", datetime(2024, 12, 31)),
        ("2024/12/31 09:05:07", None, datetime(2024, 12, 31, 9, 5, 7)),
        ("24/12/31", "ymd", datetime(2024, 12, 31)),
        ("12-31-2024 23:59:59.5", "mdy", datetime(2024, 12, 31, 23, 59, 59, 500_000)),
    ],
)
def test_numeric_dates_read_in_the_given_order(
    value: str, order: str | None, expected: datetime
) -> None:
    assert parse_datetime(value, order) == expected


def test_a_date_both_orders_read_is_never_guessed() -> None:
    with pytest.raises(AmbiguousDateError, match="--date-order") as caught:
        parse_datetime("03/05/2024 10:00")
    assert caught.value.code == "ambiguous_date"
    with pytest.raises(DateParseError, match="not a valid date read day first"):
        parse_datetime("12/31/2024", "dmy")
    with pytest.raises(DateParseError, match="cannot read '05/06/2024 25:00'"):
        parse_datetime("05/06/2024 25:00")


def _profile(dates: list[str], ratings: list[Any] = ()) -> tuple[Profiler, ReadNotes]:  # type: ignore[assignment]
    profiler = Profiler(("created",), ("score",))
    for line, value in enumerate(dates, start=2):
        profiler.observe({"created": value}.get, line)
    for value in ratings:
        profiler.observe({"score": value}.get, 99)
    return profiler, ReadNotes()


def test_the_date_order_is_told_by_the_unambiguous_dates() -> None:
    profiler, notes = _profile(["01/02/2024", "12/25/2024", "2024-01-01T00:00:00Z"])
    assert profiler.settle(None, None, notes).date_order == "mdy"
    assert notes.date_order is not None
    assert notes.date_order.evidence == (
        "1 (first '12/25/2024' at line 3) in the first 3 records read only month first (mdy); "
        "1 more read either way"
    )
    profiler, notes = _profile(["01/02/2024"])
    with pytest.raises(ImportFileError, match="none of the 1 numeric dates"):
        profiler.settle(None, None, notes)
    assert profiler.settle("dmy", None, notes).date_order == "dmy"
    profiler, notes = _profile(["2024-01-01"])
    assert profiler.settle(None, None, notes).date_order is None


@pytest.mark.parametrize(
    ("values", "scale"),
    [
        ([1, 2, 3, 4, 5] * 8 + [7, -2, 70, math.inf], "1-5"),  # the damage on 1..5
        ([10, 9, 8, 7, 6, 2, 1], "1-10"),
        (["85", "100", "40", "0", "72"], "0-100"),
        ([0, 1, 1, 0], "good-bad"),
        (["good", "bad"], "good-bad"),
        ([1, 1, 1], "1-5"),  # only one-star ratings are not a good/bad survey
    ],
)
def test_the_csat_scale_is_told_by_the_bulk_of_the_ratings(values: list[Any], scale: str) -> None:
    profiler, notes = _profile([], values)
    assert profiler.settle(None, None, notes).csat_scale == scale
    assert notes.csat_scale is not None and notes.csat_scale.value == scale


def test_ratings_are_stored_on_one_to_five_and_damage_is_refused() -> None:
    assert [rating(v, "1-10") for v in (1, 10, "5.5")] == [1.0, 5.0, 3.0]
    assert [rating(v, "0-100") for v in (0, 100, 50)] == [1.0, 5.0, 3.0]
    assert [rating(v, "good-bad") for v in (0, 1, "good", "bad")] == [1.0, 5.0, 5.0, 1.0]
    for value, scale in ((7, "1-5"), (-2, "1-5"), ("inf", "1-5"), (float("nan"), "1-10")):
        with pytest.raises(RatingOutOfRangeError):
            rating(value, scale)
    with pytest.raises(ValueError, match="not a number or good/bad"):
        rating("great", "1-5")


def _date(value: Any, where: str) -> datetime | None:
    return parse_datetime(value)


def test_message_objects_by_their_common_names() -> None:
    thread = message_list(
        [
            {"sender_type": "Client", "sender": {"id": 7}, "timestamp": 1714557600, "body": "hi"},
            {"inbound": False, "user": "@brand", "content": "<p>hello</p>", "private": True},
            {"role": "customer", "text": None},
        ],
        "messages",
        _date,
    )
    assert [(m.role, m.author_ref, m.public, m.created_at, m.body) for m in thread] == [
        (Role.CUSTOMER, "7", True, datetime(2024, 5, 1, 10), "hi"),
        (Role.AGENT, "@brand", False, None, "hello"),
    ]
    with pytest.raises(ValueError, match=r"messages\[0\] has no text"):
        message_list([{"role": "agent"}], "messages", _date)
    with pytest.raises(ValueError, match=r"messages\[0\] has no role"):
        message_list([{"text": "who?"}], "messages", _date)


def test_every_ticket_passes_the_checks_or_says_which_fails() -> None:
    window = TimeWindow.at(datetime(2025, 1, 1))
    ticket = Ticket("T1\x00", "subj\x00", "body", category="a\x00", tags=("x\x00", "\x00"),
                    created_at=datetime(2024, 5, 1), csat=4.0,
                    messages=[Message(Role.AGENT, "hi\x00", author_ref="\x00")])  # fmt: skip
    assert has_nul(ticket)
    strip_nul(ticket)
    assert (ticket.id, ticket.subject, ticket.category, ticket.tags) == ("T1", "subj", "a", ("x",))
    assert (ticket.messages[0].body, ticket.messages[0].author_ref) == ("hi", None)
    assert not has_nul(ticket) and problem(ticket, window) is None
    ticket.messages[0].created_at = datetime(2026, 1, 1)
    assert problem(ticket, window) == (
        "out_of_range",
        "messages[0].created_at 2026-01-01 00:00:00 is more than 1 day after the import's clock "
        "(2025-01-01 00:00:00)",
    )
    ticket.messages[0].created_at, ticket.csat = None, math.nan
    assert problem(ticket, window) == (
        "out_of_range",
        "csat nan is not a rating on 1..5, the stored scale",
    )
    ticket.csat, ticket.first_response_at = None, datetime(2024, 4, 30)
    assert problem(ticket, window) is not None
    assert problem(ticket, window)[0] == "time_order"  # type: ignore[index]
