"""Cost figures from draft rows: per request, ticket, resolved ticket, category, prompt; rates."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from ticketpilot.cost.prices import load_price_table
from ticketpilot.cost.rates import measure_rates
from ticketpilot.cost.usage import DraftUsage, summarize, token_sample

T0 = datetime(2026, 11, 2, 9, 0)
PRICES = load_price_table()


def row(i: int, **kw: object) -> DraftUsage:
    base = DraftUsage(
        created_at=T0 + timedelta(hours=i), ticket_id=f"T{i}", replay=False, provider="openai",
        model="gpt-4o-mini", prompt_version="reply-v1+abc", input_tokens=1_000, output_tokens=200,
        attempts=1, category="shipping", resolved=True,
    )  # fmt: skip
    return replace(base, **kw)  # type: ignore[arg-type]


def test_costs_per_request_ticket_resolved_category_and_prompt_version() -> None:
    rows = [
        row(0),
        row(1, ticket_id="T0"),  # the same ticket drafted again
        row(2, category="billing", resolved=False, prompt_version="reply-v2+def", model="gpt-4o"),
        row(3, input_tokens=0, output_tokens=0),  # a fallback before any model: not a request
        row(4, ticket_id=None, category=None, resolved=None),  # drafted from --text
    ]
    report = summarize(rows, PRICES)
    mini = 1_000 * 0.15e-6 + 200 * 0.6e-6
    gpt = 1_000 * 2.5e-6 + 200 * 10e-6
    figures = report.figures
    assert figures["cost_total"].value == pytest.approx(3 * mini + gpt)
    assert figures["cost_per_request"].value == pytest.approx((3 * mini + gpt) / 4)
    assert figures["cost_per_request"].n == 4
    assert figures["cost_per_ticket"].value == pytest.approx((2 * mini + gpt) / 2)
    # all spend on drafted tickets over those resolved: T0 (resolved), T2 (not)
    assert figures["cost_per_resolved_ticket"].value == pytest.approx(2 * mini + gpt)
    assert figures["cost_per_resolved_ticket"].n == 1
    assert {b.key: b.requests for b in report.by_category} == {
        "billing": 1,
        "shipping": 2,
        "(untagged)": 1,
    }
    assert [b.key for b in report.by_prompt_version] == ["reply-v2+def", "reply-v1+abc"]
    assert figures["tokens_total_p50"].value == 1_200 and figures["tokens_input_p99"].n == 4
    assert report.source == "5 drafting calls (0 replay, 5 live), 2026-11-02..2026-11-02"
    what_if = summarize(rows, PRICES, "gpt-4o")
    assert what_if.figures["cost_total"].value == pytest.approx(4 * gpt)
    assert "priced at gpt-4o" in what_if.figures["cost_total"].method


def test_token_sample_prefers_paid_requests_and_says_when_extractive_stands_in() -> None:
    extractive = [
        row(i, provider="extractive", model="extractive", input_tokens=900 + i) for i in range(3)
    ]
    only = token_sample(extractive)
    assert only.input == (900, 901, 902) and "extractive drafts" in only.source
    mixed = token_sample([*extractive, row(9, input_tokens=1_500)])
    assert mixed.input == (1_500,) and "1 paid requests (models: gpt-4o-mini)" in mixed.source
    assert token_sample([]).n == 0


def test_rates_measured_from_the_draft_log() -> None:
    rows = [
        row(0, attempts=2), row(1, model="gpt-4"), row(2), row(3, input_tokens=0),
        row(4, ticket_id="T0"), row(5, replay=True),
    ]  # fmt: skip
    rates = measure_rates(rows, "gpt-4")
    assert rates.reach.value == pytest.approx(5 / 6)
    assert rates.retry_rate.value == pytest.approx(1 / 5)
    assert rates.fallback_share.value == pytest.approx(1 / 5)
    assert rates.requests_per_ticket.value == pytest.approx(4 / 3)  # T0 twice, T1, T2 (live only)
    empty = measure_rates([], None)
    assert (empty.reach.value, empty.retry_rate.value, empty.requests_per_ticket.value) == (
        1.0,
        0.0,
        1.0,
    )
    assert "assumed" in empty.reach.source
