"""Feedback frames and the mix/within split of a change in acceptance."""

from __future__ import annotations

from datetime import date, datetime

import numpy as np
import pytest

from ticketpilot.errors import MonitorError
from ticketpilot.monitor.attribution import attribute
from ticketpilot.monitor.frame import (
    FeedbackEvent,
    FeedbackFrame,
    day_date,
    day_number,
    month_label,
    month_of,
)


def _frame(rows: list[tuple[int, str, str, int, int]]) -> FeedbackFrame:
    """(day, category, prompt, accepted, rejected) groups as one frame."""
    days, cats, prompts, accepted = [], [], [], []
    for day, cat, prompt, yes, no in rows:
        for flag, count in ((True, yes), (False, no)):
            days += [day] * count
            cats += [cat] * count
            prompts += [prompt] * count
            accepted += [flag] * count
    return FeedbackFrame.from_labels(days, cats, prompts, accepted)


def test_events_become_columns_with_untagged_for_missing_categories() -> None:
    frame = FeedbackFrame.from_events(
        [
            FeedbackEvent(datetime(2024, 4, 9, 23, 59), True, "billing", "v1"),
            FeedbackEvent(datetime(2024, 4, 10, 0, 1), False, None, "v2"),
        ],
        measure="sent as drafted",
    )
    assert frame.categories == ("billing", "untagged")
    assert frame.day.tolist() == [day_number(date(2024, 4, 9)), day_number(date(2024, 4, 10))]
    assert day_date(int(frame.day[1])) == date(2024, 4, 10)
    assert frame.accepted.tolist() == [True, False]
    assert frame.measure == "sent as drafted"
    assert len(FeedbackFrame.from_events([])) == 0
    assert month_label(int(month_of(frame.day)[0])) == "2024-04"


def test_bad_columns_are_named() -> None:
    one = np.zeros(1, dtype=np.int32)
    with pytest.raises(MonitorError, match=r"differ in length: day=1, category=2"):
        FeedbackFrame(one, np.zeros(2, np.int32), one, np.ones(1, bool), ("a",), ("v",))
    with pytest.raises(MonitorError, match=r"category codes must lie in 0..0"):
        FeedbackFrame(one, one + 3, one, np.ones(1, bool), ("a",), ("v",))


def test_daily_counts_per_category() -> None:
    frame = _frame([(10, "a", "v", 2, 1), (12, "b", "v", 0, 4)])
    n, a = frame.daily(by_category=True)
    assert n.tolist() == [[3, 0, 0], [0, 0, 4]]
    assert a.tolist() == [[2, 0, 0], [0, 0, 0]]


def test_mix_and_within_effects_add_up_to_the_change() -> None:
    # before: a 50 events at 80%, b 50 at 40% -> 60%. after: a 20 at 80%, b 80 at 20% -> 32%.
    frame = _frame(
        [
            (1, "a", "v1", 40, 10),
            (1, "b", "v1", 20, 30),
            (9, "a", "v1", 16, 4),
            (9, "b", "v1", 16, 64),
        ]
    )
    why = attribute(frame, frame.day == 1, frame.day == 9, 9)
    assert why.rate_before == pytest.approx(0.60)
    assert why.rate_after == pytest.approx(0.32)
    assert why.mix_effect + why.within_effect == pytest.approx(why.change)
    # mix: (0.2-0.5)(0.8-0.6) + (0.8-0.5)(0.4-0.6) = -0.12; within: 0.8 * (0.2-0.4) = -0.16
    assert why.mix_effect == pytest.approx(-0.12)
    assert why.within_effect == pytest.approx(-0.16)
    assert why.culprit is not None and why.culprit.category == "b"
    assert why.headline(date(2024, 4, 9)) == "acceptance fell in category b, from 2024-04-09"
    assert "-28.0 points, -16.0 within categories and -12.0 from the category mix" in why.explain()


def test_a_drop_spread_evenly_names_no_category() -> None:
    frame = _frame(
        [
            (1, "a", "v", 60, 40),
            (1, "b", "v", 60, 40),
            (1, "c", "v", 60, 40),
            (5, "a", "v", 50, 50),
            (5, "b", "v", 50, 50),
            (5, "c", "v", 50, 50),
        ]
    )
    why = attribute(frame, frame.day == 1, frame.day == 5, 5)
    assert why.change == pytest.approx(-0.10)
    assert why.culprit is None
    assert why.headline(date(2024, 1, 5)) == "acceptance fell, from 2024-01-05"


def test_a_new_prompt_near_the_start_is_named_and_an_old_one_is_not() -> None:
    frame = _frame([(1, "a", "v2", 60, 40), (8, "a", "v3", 30, 70), (9, "a", "v3", 30, 70)])
    assert attribute(frame, frame.day == 1, frame.day >= 8, 8).prompt is not None
    why = attribute(frame, frame.day == 1, frame.day >= 8, 8)
    assert why.prompt is not None and why.prompt.version == "v3"
    assert why.prompt.first_day == day_date(8)
    assert attribute(frame, frame.day == 1, frame.day >= 8, 20).prompt is None  # too far back
    same = _frame([(1, "a", "v2", 60, 40), (8, "a", "v2", 30, 70)])
    assert attribute(same, same.day == 1, same.day == 8, 8).prompt is None


def test_a_category_new_since_the_reference_counts_as_within() -> None:
    frame = _frame([(1, "a", "v", 60, 40), (5, "a", "v", 30, 20), (5, "new", "v", 0, 50)])
    why = attribute(frame, frame.day == 1, frame.day == 5, 5)
    new = next(c for c in why.categories if c.category == "new")
    assert new.rate_before is None and new.mix_effect == pytest.approx(0.0)
    assert new.within_effect == pytest.approx(0.5 * (0.0 - 0.6))
    assert why.mix_effect + why.within_effect == pytest.approx(why.change)
