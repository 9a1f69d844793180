"""Pilot metrics from events: exact figures on a hand-built pilot, segments, health, SRM."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from pilot_scenarios import DESIGN, START, Scenario, arm_ids, events_of
from ticketpilot.pilot import (
    Accepted,
    Assigned,
    Edited,
    Flagged,
    Handled,
    PilotEvent,
    PilotSettings,
    Rated,
    Rejected,
    Resolved,
    Shown,
    Withheld,
    pilot_metrics,
    status_of,
)

SETTINGS = PilotSettings()


def _hand_built() -> list[PilotEvent]:
    t = arm_ids(DESIGN, "treatment", 6)
    c = arm_ids(DESIGN, "control", 4)
    outside = arm_ids(DESIGN, "outside", 1)[0]

    def at(hours: float) -> object:
        return START + timedelta(hours=hours)

    events: list[PilotEvent] = [
        Assigned(t[0], at(0), "billing"), Shown(t[0], at(0), "v1", 500.0),
        Accepted(t[0], at(1), 100.0), Accepted(t[0], at(2), 90.0),  # a repeat: the first counts
        Resolved(t[0], at(10), 10.0), Rated(t[0], at(11), 5.0),
        Assigned(t[1], at(1), "billing"), Shown(t[1], at(1), "v1", 600.0, detected=True),
        Edited(t[1], at(2), distance=40, draft_chars=200, sent_chars=220, seconds=200.0),
        Flagged(t[1], at(2), "minor"), Flagged(t[1], at(3), "major"),
        Assigned(t[2], at(2), "shipping"), Shown(t[2], at(2), "v2", 700.0),
        Rejected(t[2], at(3), 400.0),
        Assigned(t[3], at(3), "shipping"), Shown(t[3], at(3), "v2", 800.0),  # still pending
        Assigned(t[4], at(4), "shipping"),
        Withheld(t[4], at(4), "grounding", drafted=True, detected=True, latency_ms=300.0),
        Handled(t[4], at(5), 500.0),
        Assigned(t[5], at(5)), Withheld(t[5], at(5), "critical_category"), Handled(t[5], at(6), 450.0),
        Flagged("never-assigned", at(6), "critical"),
        Assigned(outside, at(6), "billing"),
        Shown(c[0], at(0), "v1", 650.0),  # a control ticket shown a draft: contamination
    ]  # fmt: skip
    for k, (ticket_id, seconds) in enumerate(zip(c, (600.0, 700.0, 800.0, 900.0), strict=True)):
        events += [Assigned(ticket_id, at(k), "shipping" if k % 2 else "billing"),
                   Handled(ticket_id, at(k + 1), seconds),
                   Resolved(ticket_id, at(k + 20), 20.0 + k), Rated(ticket_id, at(k + 21), 4.0)]  # fmt: skip
    return events


def test_hand_built_pilot_gives_exact_figures() -> None:
    metrics = pilot_metrics(_hand_built(), DESIGN, SETTINGS, now=START + timedelta(days=2))
    m = metrics.overall
    assert m.units == {"treatment": 6, "control": 4}
    assert m.srm is not None and m.srm.level == "too_few"
    assert (m.drafts_shown, m.pending) == (4, 1)
    assert (m.acceptance.successes, m.acceptance.n) == (1, 3)
    assert (m.edit_rate.successes, m.rejection_rate.successes) == (1, 1)
    assert m.edit_distance.stats.mean == 40.0
    assert m.kept_share.stats.mean == pytest.approx(1 - 40 / 220)
    assert (m.fallback_rate.successes, m.fallback_rate.n) == (2, 6)
    assert (m.hallucination_flagged.successes, m.hallucination_flagged.n) == (1, 4)
    assert m.hallucination_by_severity["major"].successes == 1
    assert m.hallucination_by_severity["minor"].successes == 0  # a ticket keeps its worst flag
    assert (m.hallucination_detected.successes, m.hallucination_detected.n) == (2, 5)
    assert m.latency_ms.n == 5
    assert m.latency_ms.values["p50"] == 600.0
    assert m.editing_time.treatment.stats.mean == pytest.approx((100 + 200 + 400 + 500 + 450) / 5)
    assert m.editing_time.control.stats.mean == 750.0
    assert m.editing_time.change == pytest.approx(330 / 750 - 1)
    assert m.days == 2.0
    assert metrics.health.orphan_tickets == 1
    assert metrics.health.outside_tickets == 1
    assert metrics.health.control_drafts == 1
    assert metrics.health.repeated_outcomes == 1
    json.dumps(metrics.as_dict(), allow_nan=False)  # every figure is plain data for the service
    json.dumps(status_of(metrics).as_dict(), allow_nan=False)


def test_segments_by_category_and_prompt_version() -> None:
    metrics = pilot_metrics(_hand_built(), DESIGN, SETTINGS)
    assert list(metrics.by_category) == ["shipping", "billing", "untagged"]  # by size
    billing = metrics.by_category["billing"]
    assert billing.units == {"treatment": 2, "control": 2}
    assert (billing.acceptance.successes, billing.acceptance.n) == (1, 2)
    assert set(metrics.by_prompt_version) == {"v1", "v2"}
    v2 = metrics.by_prompt_version["v2"]
    assert v2.units == {"treatment": 2, "control": 4}  # its treatment tickets vs the whole control
    assert v2.srm is None  # not a randomised split
    assert (v2.acceptance.successes, v2.acceptance.n) == (0, 1)
    assert metrics.until == max(e.at for e in _hand_built())


def test_no_events_is_an_empty_pilot_not_an_error() -> None:
    metrics = pilot_metrics([], DESIGN, SETTINGS)
    assert metrics.overall.units == {"treatment": 0, "control": 0}
    assert metrics.overall.acceptance.n == 0
    assert metrics.overall.editing_time.change is None
    assert metrics.start is None
    json.dumps(metrics.as_dict(), allow_nan=False)


def test_srm_runs_on_every_call_and_catches_lost_treatment_tickets() -> None:
    healthy = pilot_metrics(events_of(Scenario(days=5, per_arm_per_day=60)), DESIGN, SETTINGS)
    assert healthy.overall.srm is not None and healthy.overall.srm.level == "ok"
    lossy = events_of(Scenario(days=5, per_arm_per_day=60, treatment_logged=0.8))
    srm = pilot_metrics(lossy, DESIGN, SETTINGS).overall.srm
    assert srm is not None and srm.level == "fail"
    assert srm.p_value is not None and srm.p_value < 0.001


def test_treatment_vs_control_estimates_the_true_change() -> None:
    scenario = Scenario(
        days=10, per_arm_per_day=150, treatment_seconds=540.0, control_seconds=720.0
    )
    m = pilot_metrics(events_of(scenario), DESIGN, SETTINGS).overall
    comparison = m.editing_time
    assert comparison.change == pytest.approx(-0.25, abs=0.05)
    assert comparison.fixed is not None and comparison.always_valid is not None
    assert comparison.fixed.contains(-0.25) and comparison.always_valid.contains(-0.25)
    assert comparison.always_valid.high - comparison.always_valid.low > (
        comparison.fixed.high - comparison.fixed.low
    )  # the price of looking every day
    assert comparison.p_value is not None and comparison.p_value < 1e-6
