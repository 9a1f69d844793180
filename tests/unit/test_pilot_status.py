"""The status in words, on constructed pilots: continue, success, harm, unhealthy, and the rest."""

from __future__ import annotations

import json
import re
from datetime import timedelta

from pilot_scenarios import DESIGN, START, Scenario, events_of
from ticketpilot.pilot import PilotSettings, PilotStatus, pilot_metrics, status_of

SETTINGS = PilotSettings()
GOOD = {"acceptance": 0.72, "treatment_seconds": 400.0}  # well past both success thresholds


def _status(scenario: Scenario, settings: PilotSettings = SETTINGS) -> PilotStatus:
    now = START + timedelta(days=scenario.days)
    return status_of(pilot_metrics(events_of(scenario), DESIGN, settings, now=now))


def test_continue_with_days_left_early_in_the_pilot() -> None:
    status = _status(Scenario(days=2, per_arm_per_day=40))
    assert status.kind == "continue"
    assert re.fullmatch(r"continue, about \d+ days left", status.headline)
    assert status.days_left is not None and status.days_left > 2
    assert any(r.startswith("acceptance rate") and r.endswith("undecided") for r in status.reasons)
    acceptance = status.criteria[0]
    assert acceptance.sample is not None and acceptance.sample.sequential_n == 521
    # more tickets a day, fewer days left for the same plan
    busier = _status(Scenario(days=2, per_arm_per_day=80))
    assert busier.days_left is not None and busier.days_left < status.days_left


def test_success_threshold_met() -> None:
    status = _status(Scenario(days=10, per_arm_per_day=150, **GOOD))  # type: ignore[arg-type]
    assert (status.kind, status.headline) == ("success", "success threshold met")
    assert [c.state for c in status.criteria[:2]] == ["met", "met"]
    assert status.warnings == ()
    json.dumps(status.as_dict(), allow_nan=False)  # strict JSON for the service and pages


def test_success_waits_for_the_minimum_runtime() -> None:
    scenario = Scenario(days=4, per_arm_per_day=150, **GOOD)  # type: ignore[arg-type]
    metrics = pilot_metrics(events_of(scenario), DESIGN, SETTINGS, now=START + timedelta(days=4))
    assert 3.9 < metrics.overall.days < 4.0  # the first ticket came a little after START
    status = status_of(metrics)
    assert status.kind == "continue"
    assert status.headline == "continue, about 4 days left (minimum runtime of 7 days)"
    assert [c.state for c in status.criteria[:2]] == ["met", "met"]


def test_harm_detected_on_hallucinations_and_on_csat() -> None:
    status = _status(Scenario(days=6, per_arm_per_day=100, flag_rate=0.12))
    assert (status.kind, status.headline) == ("harm", "harm detected: hallucination rate (flagged)")
    assert "vs <= 3.0%: failed" in status.reasons[0]
    csat = _status(Scenario(days=10, per_arm_per_day=150, treatment_csat=3.3, **GOOD))  # type: ignore[arg-type]
    assert (csat.kind, csat.headline) == ("harm", "harm detected: CSAT change")


def test_unhealthy_on_sample_ratio_mismatch_before_anything_else() -> None:
    status = _status(Scenario(days=6, per_arm_per_day=100, treatment_logged=0.8, flag_rate=0.12))
    assert (status.kind, status.headline) == ("unhealthy", "unhealthy: sample ratio mismatch")
    assert status.reasons[0].startswith("sample ratio mismatch: ")
    assert status.criteria == ()  # nothing else is read


def test_stop_when_a_threshold_is_out_of_reach() -> None:
    status = _status(Scenario(days=6, per_arm_per_day=100, acceptance=0.3))
    assert (status.kind, status.headline) == (
        "futile",
        "stop: threshold out of reach (acceptance rate)",
    )


def test_inconclusive_when_the_planned_days_are_over() -> None:
    status = _status(Scenario(days=29, per_arm_per_day=5, acceptance=0.55, treatment_seconds=600.0))
    assert status.kind == "inconclusive"
    assert re.fullmatch(r"inconclusive: the planned 28 days are over; about \d+ days more needed",
                        status.headline)  # fmt: skip


def test_no_tickets_yet() -> None:
    status = status_of(pilot_metrics([], DESIGN, SETTINGS))
    assert (status.kind, status.headline) == ("continue", "continue: no pilot tickets yet")


def test_a_stricter_threshold_changes_the_verdict() -> None:
    """The same data, judged against a 75% acceptance threshold, is no longer a success."""
    scenario = Scenario(days=10, per_arm_per_day=150, **GOOD)  # type: ignore[arg-type]
    strict = PilotSettings(min_acceptance_rate=0.75, target_acceptance_rate=0.8)
    status = _status(scenario, strict)
    assert status.kind in ("futile", "continue")
    assert status.criteria[0].state != "met"
