"""The price table: shipped with its date, overridden by the charter, exact, never a silent $0."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from ticketpilot.charter import Price, parse_charter
from ticketpilot.cost.guardrails import BudgetPolicy, period_bounds, period_key
from ticketpilot.cost.prices import (
    UNITS_PER_CURRENCY,
    UnknownModelError,
    canonical_model,
    load_price_table,
)
from ticketpilot.errors import CharterError


def test_shipped_table_has_its_date_sources_and_the_major_models() -> None:
    table = load_price_table()
    assert table.as_of == date(2025, 8, 15)
    assert len(table.sources) == 3 and all(s.startswith("https://") for s in table.sources)
    for model in ("gpt-4o", "gpt-4o-mini", "gpt-4.1", "claude-sonnet-4", "gemini-2.5-flash"):
        assert not table.price(model).is_free, model
    assert table.price("extractive").is_free and table.price("local").is_free
    mini = table.price("gpt-4o-mini")
    assert (mini.input, mini.cached_input, mini.output) == (
        Decimal("0.00000015"), Decimal("0.000000075"), Decimal("0.0000006"),
    )  # fmt: skip


def test_costs_are_exact_and_ledger_units_round_up() -> None:
    mini = load_price_table().price("gpt-4o-mini")
    # 1,000 in + 200 out: 1000 x 0.15/1M + 200 x 0.60/1M = 0.00015 + 0.00012
    assert mini.exact(1_000, 200) == Decimal("0.00027")
    assert mini.cost(1_000, 200, cached_input_tokens=1_000) == pytest.approx(0.000195)
    assert mini.units(1_000, 200) == 270_000 == 0.00027 * UNITS_PER_CURRENCY
    custom = load_price_table({"odd": Price(input_per_1k=0.0000001, output_per_1k=0)}).price("odd")
    assert custom.units(1, 0) == 1  # 1e-10 currency rounds up to one unit, never down to zero
    with pytest.raises(ValueError, match="cannot exceed"):
        mini.exact(10, 0, cached_input_tokens=11)


def test_unknown_model_is_an_error_naming_it_and_the_known_ones() -> None:
    table = load_price_table()
    with pytest.raises(UnknownModelError) as info:
        table.price("llama3.1:8b")
    message = str(info.value)
    assert "'llama3.1:8b'" in message and '[model.prices."llama3.1:8b"]' in message
    assert "gpt-4o-mini" in message and "extractive" in message


def test_names_resolve_without_provider_prefix_or_snapshot_date() -> None:
    table = load_price_table()
    assert canonical_model("openai/gpt-4o-mini-2024-07-18") == "gpt-4o-mini"
    assert table.price("azure/gpt-4o-2024-08-06").model == "gpt-4o"
    assert table.price("claude-sonnet-4-20250514").model == "claude-sonnet-4"
    with pytest.raises(UnknownModelError):
        table.price("gpt-4o-audio-preview")  # another product, not a snapshot of gpt-4o


def test_charter_prices_override_and_add_per_1k_and_other_currencies_need_them() -> None:
    charter = parse_charter(
        '[program]\ncurrency = "EUR"\n'
        "[model.prices.gpt-4o]\ninput_per_1k = 0.003\noutput_per_1k = 0.012\n"
        '[model.prices."llama3.1:8b"]\ninput_per_1k = 0\noutput_per_1k = 0\n'
    )
    table = load_price_table(charter.model.prices, charter.program.currency)
    gpt = table.price("gpt-4o")
    assert (gpt.input, gpt.cached_input, gpt.source) == (
        Decimal("0.000003"), Decimal("0.000003"), "charter [model.prices]",
    )  # fmt: skip
    assert table.price("llama3.1:8b").is_free and table.price("extractive").is_free
    with pytest.raises(
        UnknownModelError, match="prices it in USD, not in the program currency EUR"
    ):
        table.price("gpt-4o-mini")


def test_budget_charter_keys_are_validated_with_clear_messages() -> None:
    charter = parse_charter(
        "[budget]\nmonthly = 3000\nsoft_limit_share = 0.5\ndegrade_limit_share = 0.9\n"
        'degrade_model = "gpt-4o-mini"\nrollout = [0.1, 0.5, 1.0]\ngrowth = 0.03\n'
        'redis_url = "redis://127.0.0.1:6379/0"\nwebhook_url = "https://hooks.example.com/a"\n'
    )
    assert charter.budget.rollout == [0.1, 0.5, 1.0]
    policy = BudgetPolicy.from_charter(charter.budget, has_degrade_model=True)
    unit = UNITS_PER_CURRENCY
    assert (policy.budget, policy.soft, policy.degrade, policy.hard) == (
        3000 * unit, 1500 * unit, 2700 * unit, 3000 * unit,
    )  # fmt: skip
    assert BudgetPolicy.from_charter(charter.budget, has_degrade_model=False).degrade == policy.hard
    for bad, needle in [
        ("degrade_limit_share = 0.5\nsoft_limit_share = 0.8", "must lie between soft_limit_share"),
        ("rollout = [0.1, 1.5]", "budget.rollout.1 = 1.5"),
        ("rollout = []", "budget.rollout = []"),
        ('period = "year"', "budget.period = 'year'"),
        ('webhook_url = "hooks.example.com"', "budget.webhook_url"),
        ('redis_url = "localhost:6379"', "budget.redis_url"),
        ("growth = 3", "budget.growth = 3"),
    ]:
        with pytest.raises(CharterError) as info:
            parse_charter(f"[budget]\n{bad}\n")
        assert needle in str(info.value), (bad, str(info.value))


def test_periods_and_prorated_budgets() -> None:
    moment = datetime(2026, 12, 31, 23, 59)
    assert period_key("month", moment) == "2026-12"
    assert period_key("week", moment) == "2026-W53"
    assert period_key("day", moment) == "2026-12-31"
    assert period_bounds("month", moment) == (datetime(2026, 12, 1), datetime(2027, 1, 1))
    assert period_bounds("week", moment) == (datetime(2026, 12, 28), datetime(2027, 1, 4))
    weekly = parse_charter('[budget]\nmonthly = 5200\nperiod = "week"\n').budget
    assert (
        BudgetPolicy.from_charter(weekly, has_degrade_model=False).budget
        == 1200 * UNITS_PER_CURRENCY
    )
