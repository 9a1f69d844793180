"""The Bernoulli CUSUM, its threshold calibration and the feedback scenario."""

from __future__ import annotations

import math

import numpy as np
import pytest

from ticketpilot.errors import MonitorError
from ticketpilot.monitor.calibration import calibrate, fit_in_control, rate_level
from ticketpilot.monitor.cusum import drop_design, episodes, increments, llr_weights, run_cusum
from ticketpilot.monitor.drop import DropSettings, watch_drop
from ticketpilot.monitor.scenario import FeedbackScenario


def test_an_accepted_draft_lowers_the_statistic_and_a_rejected_one_raises_it() -> None:
    p0, p1 = drop_design(np.array([0.62]), 0.08)
    assert p1[0] == pytest.approx(0.54)
    w_accept, w_reject = llr_weights(p0, p1)
    assert w_accept[0] == pytest.approx(math.log(0.54 / 0.62))
    assert w_reject[0] == pytest.approx(math.log(0.46 / 0.38))
    x = increments(np.array([[10, 10]]), np.array([[10, 0]]), p0, p1)
    assert x[0, 0] == pytest.approx(10 * w_accept[0])
    assert x[0, 1] == pytest.approx(10 * w_reject[0])


def test_low_rates_are_halved_not_driven_below_zero() -> None:
    p0, p1 = drop_design(np.array([0.05, 0.0]), 0.08)
    assert p1[0] == pytest.approx(0.025)
    assert p0[1] == 0.01 and p1[1] == 0.005


def test_cusum_resets_at_zero_alarms_restarts_and_dates_the_change() -> None:
    x = np.array([[-1.0, 2.0, -5.0, 1.0, 2.0, 2.0, -1.0, 3.0, -9.0, 0.5]])
    trace = run_cusum(x, np.array([4.0]))
    assert trace.path[0].tolist() == [0.0, 2.0, 0.0, 1.0, 3.0, 5.0, 0.0, 3.0, 0.0, 0.5]
    assert trace.alarm[0].tolist() == [False] * 5 + [True] + [False] * 4
    assert trace.first_alarm().tolist() == [5]
    assert trace.change_start(trace.first_alarm()).tolist() == [3]


def test_alarms_with_no_reset_between_are_one_episode() -> None:
    x = np.array([[0.0, 5.0, 5.0, 1.0, 6.0, -20.0, 5.0]])
    trace = run_cusum(x, np.array([4.0]))
    found = episodes(trace.path[0], trace.alarm[0])
    assert [(e.start, e.first_alarm, e.last_alarm, e.ended) for e in found] == [
        (1, 1, 4, 5),
        (6, 6, 6, None),
    ]


def test_reference_fit_sees_day_to_day_spread_only_when_there_is_some() -> None:
    rng = np.random.default_rng(3)
    n = np.full((2, 28), 400)
    plain = rng.binomial(n[0], 0.6)
    wobbly = rng.binomial(n[1], np.clip(0.6 + rng.normal(0, 0.05, 28), 0, 1))
    model = fit_in_control(n, np.stack([plain, wobbly]))
    assert model.rate == pytest.approx([0.6, 0.6], abs=0.02)
    assert model.extra_var[0] < 0.0005
    assert 0.001 < model.extra_var[1] < 0.006  # true spread 0.05^2 = 0.0025


def test_rate_level_reads_an_exponential_tail() -> None:
    rng = np.random.default_rng(0)
    paths, keep = 2000, 4
    excursions = rng.exponential(1.0, size=(1, paths * keep))
    # P(E > h) = exp(-h): 0.01 alarms per path among 4 excursions each -> h = ln(4 / 0.01)
    level = rate_level(excursions, 0.01, keep)
    assert level[0] == pytest.approx(math.log(400), abs=0.35)


@pytest.mark.parametrize("day_noise", [0.0, 0.1])
def test_calibrated_threshold_keeps_false_alarms_at_or_under_target(day_noise: float) -> None:
    scenario = FeedbackScenario(drift_day=None, days=28 + 1460, day_noise=day_noise)
    n, accepted = scenario.simulate(40, seed=21).totals()
    watched = watch_drop(n, accepted, DropSettings(arl_days=730))
    alarms = int(watched.trace.alarm.sum())
    expected = 40 * 1460 / 730
    assert alarms <= 1.5 * expected
    assert alarms >= 1  # a threshold that never fires in 160 years is not calibrated either


def test_more_reference_spread_means_a_higher_threshold() -> None:
    rng = np.random.default_rng(4)
    n = np.full((2, 28), 300)
    a = np.stack(
        [
            rng.binomial(n[0], 0.62),
            rng.binomial(n[1], np.clip(0.62 + rng.normal(0, 0.04, 28), 0, 1)),
        ]
    )
    calibration = calibrate(fit_in_control(n, a), 0.08, 7300, np.random.default_rng(1))
    assert calibration.threshold[1] > calibration.threshold[0] > 5.0


def test_scenario_rates_land_on_the_playbook_figures() -> None:
    scenario = FeedbackScenario()
    before_mix, after_mix = scenario.mixes()
    assert float(before_mix @ scenario.rates(0.0)) == pytest.approx(0.62)
    assert float(after_mix @ scenario.rates(1.0)) == pytest.approx(0.48)
    changed = scenario.rates(1.0) != scenario.rates(0.0)
    assert [c for c, moved in zip(scenario.categories, changed, strict=True) if moved] == [
        "technical_issue"
    ]
    assert set(scenario.categories).isdisjoint({"billing", "legal", "security"})


def test_scenario_frame_holds_every_simulated_event() -> None:
    runs = FeedbackScenario(days=60, drift_day=40).simulate(2, seed=1)
    frame = runs.frame(1)
    assert len(frame) == int(runs.n[1].sum())
    assert int(frame.accepted.sum()) == int(runs.accepted[1].sum())
    n, a = frame.daily()
    assert (n[0] == runs.n[1].sum(axis=0)).all() and (a[0] == runs.accepted[1].sum(axis=0)).all()
    assert frame.prompts == ("reply-v2", "reply-v3")
    assert (frame.prompt[frame.day < frame.first_day + 40] == 0).all()
    weekdays = n[0].reshape(-1)[:56].reshape(8, 7).mean(axis=0)
    assert weekdays.max() > 1.8 * weekdays.min()  # Monday against Sunday, as in the demo


def test_scenario_refuses_a_drop_no_rate_can_make() -> None:
    with pytest.raises(MonitorError, match="no rate in feedback"):
        FeedbackScenario(category="feedback", drifted_rate=0.2).rates(1.0)
