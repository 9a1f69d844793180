"""The forecast against hand computations: the playbook's example, growth, rollout, bands."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date

import pytest

from ticketpilot.charter import Price
from ticketpilot.cost.forecast import ForecastInputs, cost_per_request, forecast
from ticketpilot.cost.prices import charter_price
from ticketpilot.cost.usage import TokenSample
from ticketpilot.cost.volume import VolumeModel, fit_volume

START = date(2027, 1, 1)
FLAT = VolumeModel(100_000, date(2026, 12, 1), 0.0, "declared")
X = 0.002  # the playbook's "$X per 1,000 tokens"
PLAYBOOK_PRICE = charter_price("playbook", Price(input_per_1k=X, output_per_1k=X))
PLAYBOOK_TOKENS = TokenSample((1_000,), (200,), "the playbook: 1,200 tokens a request")


def _inputs(**changes: object) -> ForecastInputs:
    base = ForecastInputs(START, 6, FLAT, (1.0,), PLAYBOOK_TOKENS, PLAYBOOK_PRICE)
    return replace(base, **changes)  # type: ignore[arg-type]


def test_the_playbooks_example_matches_the_hand_computation() -> None:
    result = forecast(_inputs())
    by_hand = 100_000 * 1_200 / 1_000 * X  # tickets x thousands of tokens x price = $240
    assert by_hand == pytest.approx(240.0)
    for month in result.months:
        assert month.bill == pytest.approx(by_hand)
        assert month.bill_low == month.bill_high == pytest.approx(by_hand)  # nothing measured
    assert result.bill[1] == pytest.approx(6 * by_hand)
    assert result.per_request.mean == pytest.approx(1_200 / 1_000 * X)


def test_declared_growth_compounds_from_the_month_before_the_start() -> None:
    growing = replace(FLAT, growth=0.03)
    result = forecast(_inputs(volume=growing))
    for k, month in enumerate(result.months, start=1):
        assert month.tickets == pytest.approx(100_000 * 1.03**k)
        assert month.bill == pytest.approx(100_000 * 1.03**k * 1.2 * X)


def test_rollout_schedule_scales_each_month_and_its_last_share_repeats() -> None:
    schedule = (0.1, 0.1, 0.25, 0.5)
    result = forecast(_inputs(rollout=schedule))
    assert [m.rollout for m in result.months] == [0.1, 0.1, 0.25, 0.5, 0.5, 0.5]
    assert [m.bill for m in result.months] == pytest.approx(
        [240 * s for s in (0.1, 0.1, 0.25, 0.5, 0.5, 0.5)]
    )


def test_bands_from_volume_prediction_and_the_mean_costs_confidence_interval() -> None:
    tokens = TokenSample((800, 1_200, 1_600), (0, 0, 0), "three measured requests")
    volume = VolumeModel(100_000, date(2026, 12, 1), 0.0, "fitted", sigma=0.1, n=10)
    result = forecast(_inputs(tokens=tokens, volume=volume, months=1))
    costs = [t / 1_000 * X for t in (800, 1_200, 1_600)]
    mean = sum(costs) / 3
    sd = math.sqrt(sum((c - mean) ** 2 for c in costs) / 2)
    half = 1.645 * sd / math.sqrt(3)
    spread = 1.645 * 0.1 * math.sqrt(1 + 1 / 10)
    (month,) = result.months
    assert month.bill == pytest.approx(100_000 * mean)
    assert month.bill_low == pytest.approx(100_000 * math.exp(-spread) * (mean - half))
    assert month.bill_high == pytest.approx(100_000 * math.exp(spread) * (mean + half))
    assert any("n=3 requests" in line for line in result.method)


def test_reach_retries_requests_per_ticket_fallback_and_cache_enter_the_bill() -> None:
    dearer = charter_price("dearer", Price(input_per_1k=2 * X, output_per_1k=2 * X))
    cheap = charter_price(
        "cached", Price(input_per_1k=X, output_per_1k=X, cached_input_per_1k=X / 2)
    )
    result = forecast(_inputs(reach=0.8, retry_rate=0.05, requests_per_ticket=1.25,
                              fallback_price=dearer, fallback_share=0.1, months=1))  # fmt: skip
    per = 0.9 * 1.2 * X + 0.1 * 2.4 * X
    assert result.months[0].requests == pytest.approx(100_000 * 0.8 * 1.25 * 1.05)
    assert result.months[0].bill == pytest.approx(100_000 * 0.8 * 1.25 * 1.05 * per)
    half_cached = cost_per_request(PLAYBOOK_TOKENS, cheap, _inputs(cached_input_share=0.5))
    assert half_cached.mean == pytest.approx((500 * X + 500 * X / 2 + 200 * X) / 1_000)
    capped = cost_per_request(PLAYBOOK_TOKENS, PLAYBOOK_PRICE, _inputs(max_tokens=100))
    assert capped.mean == pytest.approx(1_100 / 1_000 * X)


def test_value_net_value_cost_per_resolved_ticket_and_peak_hour() -> None:
    result = forecast(_inputs(rollout=(0.5,), reach=0.8, value_per_ticket=1.75,
                              resolution_rate=0.9, peak_hour_share=0.12, months=1))  # fmt: skip
    (month,) = result.months
    bill = 100_000 * 0.5 * 0.8 * 1.2 * X
    assert month.value == pytest.approx(1.75 * 100_000 * 0.5 * 0.8)
    assert month.net_value == pytest.approx(month.value - bill)
    assert month.cost_per_resolved_ticket == pytest.approx(bill / (100_000 * 0.5 * 0.9))
    assert month.peak_requests_per_hour == pytest.approx(100_000 * 0.5 * 0.8 / 31 * 0.12)
    assert month.peak_tokens_per_minute == pytest.approx(month.peak_requests_per_hour * 1_200 / 60)
    assert result.break_even_cost_per_ticket == 1.75
    assert result.cost_per_drafted_ticket == pytest.approx(1.2 * X)


def test_history_trend_and_seasonality_are_recovered() -> None:
    # 2% a month, December 30% busier; first and last months partial (dropped by the fit)
    monthly = {}
    for i in range(38):
        year, month = 2023 + i // 12, i % 12 + 1
        monthly[f"{year}-{month:02d}"] = round(5_000 * 1.02**i * (1.3 if month == 12 else 1.0))
    monthly["2023-01"] //= 3
    model = fit_volume(monthly, now=date(2026, 3, 10))
    assert model.growth == pytest.approx(0.02, abs=0.002)
    assert model.seasonal[11] / model.seasonal[5] == pytest.approx(1.3, abs=0.02)
    assert model.sigma < 0.01 and model.trend_fitted
    assert "with seasonality" in model.method and "36 full months" in model.method
    assert model.expected(date(2026, 12, 1)) == pytest.approx(5_000 * 1.02**47 * 1.3, rel=0.03)


def test_declared_volume_and_growth_win_and_short_history_has_no_band() -> None:
    months = {"2026-01": 100, "2026-02": 900, "2026-03": 1_000, "2026-04": 1_100, "2026-05": 50}
    declared = fit_volume(months, declared=20_000, growth=0.05, now=date(2026, 6, 15))
    assert declared.anchor == date(2026, 5, 1) and declared.growth == 0.05
    assert declared.expected(date(2026, 7, 1)) == pytest.approx(20_000 * 1.05**2)
    assert declared.sigma > 0 and "declared in [baseline] monthly_volume" in declared.method
    short = fit_volume({"2026-05": 300, "2026-06": 500}, now=date(2026, 6, 15))
    assert short.level == 400 and short.band(date(2026, 7, 1), 1.645) == (400, 400)
    with pytest.raises(Exception, match="declare \\[baseline\\] monthly_volume"):
        fit_volume({}, now=date(2026, 6, 15))
