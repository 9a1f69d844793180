"""The acceptance detector against the playbook's drop, on simulated pilots (SPEC S7).

Volume: a 10% pilot at the playbook's 100,000 tickets a month, about 330 feedback events a day
(weekday pattern of the demo history). Each 100-run check simulates all runs as arrays and
watches them with :func:`watch_drop`, the code the detector runs; the single-run checks go
through the registered detector, attribution included. Figures: ``docs/monitoring.md``.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

from ticketpilot.monitor.detectors import AcceptanceDrop, DriftInputs
from ticketpilot.monitor.drop import DropSettings, watch_drop
from ticketpilot.monitor.scenario import FeedbackScenario

RUNS = 100
DRIFT_DAY = 90  # after the third month, as in the playbook


def _watch(scenario: FeedbackScenario, seed: int) -> tuple[np.ndarray, np.ndarray]:
    n, accepted = scenario.simulate(RUNS, seed).totals()
    watched = watch_drop(n, accepted, DropSettings())
    return watched.first_alarm(), watched.change_start()


def test_no_drift_six_month_pilots_raise_at_most_five_false_alarms() -> None:
    alarm, _ = _watch(FeedbackScenario(drift_day=None), seed=11)
    assert (alarm >= 0).sum() <= 5


def test_playbook_drop_is_caught_within_a_week_and_dated_within_three_days() -> None:
    alarm, start = _watch(FeedbackScenario(drift_day=DRIFT_DAY), seed=12)
    days_of_data = alarm - DRIFT_DAY + 1
    assert (alarm >= DRIFT_DAY).all(), "no run may alarm before the drop or miss it"
    assert (days_of_data <= 7).all()
    assert (np.abs(start - DRIFT_DAY) <= 3).all()


def test_two_week_ramp_is_caught_within_ten_days_in_most_runs() -> None:
    alarm, _ = _watch(FeedbackScenario(drift_day=DRIFT_DAY, ramp_days=14), seed=13)
    caught = (alarm >= DRIFT_DAY) & (alarm - DRIFT_DAY + 1 <= 10)
    assert caught.sum() >= 80


def test_detector_names_the_category_the_prompt_and_the_start() -> None:
    scenario = FeedbackScenario(drift_day=DRIFT_DAY)
    frame = scenario.simulate(1, seed=5).frame(0)
    verdict = AcceptanceDrop().run(DriftInputs(feedback=frame))
    drift_date = scenario.start + timedelta(days=DRIFT_DAY)
    assert verdict.status == "drift"
    [alert] = verdict.alerts
    assert alert.started is not None
    assert abs((alert.started - drift_date).days) <= 3
    assert (alert.detected - drift_date).days + 1 <= 7
    assert alert.details["category"] == "technical_issue"
    assert alert.details["prompt"] == "reply-v3"
    assert alert.message.startswith(
        f"acceptance fell in category technical_issue after prompt reply-v3, from "
        f"{alert.started:%Y-%m-%d}"
    )
    assert 0.46 < alert.details["rate_after"] < 0.50
    assert "n=" in verdict.window and "reference" in verdict.window


def test_no_drift_run_through_the_detector_is_ok_and_says_what_it_watched() -> None:
    frame = FeedbackScenario(drift_day=None).simulate(1, seed=6).frame(0)
    verdict = AcceptanceDrop().run(DriftInputs(feedback=frame))
    assert verdict.status == "ok"
    assert verdict.alerts == ()
    assert verdict.threshold is not None and verdict.statistic is not None
    assert verdict.statistic < verdict.threshold
    assert "per year" in verdict.false_alarm
    series = verdict.details["series"]
    assert series[0]["day"] == date(2024, 1, 1).isoformat()
    assert series[0]["statistic"] is None and series[-1]["statistic"] is not None
