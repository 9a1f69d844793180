"""The budget guard over a real ledger: tiers, reasons, alerts once, webhook, fail closed or open."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import Engine, event

from ticketpilot.cost.alerts import WebhookNotifier
from ticketpilot.cost.guard import BudgetGuard
from ticketpilot.cost.guardrails import BudgetPolicy
from ticketpilot.cost.prices import load_price_table
from ticketpilot.drafting.guard import Admission
from ticketpilot.drafting.providers import ChatMessage, Generation, GenerationRequest
from ticketpilot.drafting.tokens import count_messages
from ticketpilot.store import create_engine_for, migrate
from ticketpilot.store.budget import SqlLedger

UNIT = 10**9
PRICES = load_price_table()
REQUEST = GenerationRequest([ChatMessage("user", "Where is my parcel? " * 40)], max_tokens=400)
PROMPT = count_messages(REQUEST.messages, "gpt-4o")


class Model:
    """The LLM's stand-in (the provider edge): a name and a model, nothing else is called."""

    def __init__(self, model: str) -> None:
        self.name, self.model = "openai", model

    def generate(self, request: GenerationRequest) -> Generation:
        return Generation("ok", self.model, self.name, PROMPT, 100, 0.0)

    def stream(self, request: GenerationRequest) -> Iterator[str]:
        yield "ok"


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 12, 3, 9, 0)

    def __call__(self) -> datetime:
        return self.now


PRIMARY, CHEAPER = Model("gpt-4o"), Model("gpt-4o-mini")
RESERVE_PRIMARY = PRICES.price("gpt-4o").units(PROMPT, 400)
COST_PRIMARY = PRICES.price("gpt-4o").units(PROMPT, 100)
COST_CHEAPER = PRICES.price("gpt-4o-mini").units(PROMPT, 100)
RESERVE_CHEAPER = PRICES.price("gpt-4o-mini").units(PROMPT, 400)


def _guard(engine: Engine, policy: BudgetPolicy, clock: Clock, **kwargs: Any) -> BudgetGuard:
    return BudgetGuard(
        policy, SqlLedger(engine), PRICES, ["gpt-4o"], degraded=CHEAPER, degrade_model="gpt-4o-mini",
        clock=clock, **kwargs,
    )  # type: ignore[arg-type]  # fmt: skip


def _call(guard: BudgetGuard) -> Admission:
    admission = guard.admit(REQUEST, PRIMARY)  # type: ignore[arg-type]
    provider = admission.provider
    guard.settle(admission, provider.generate(REQUEST) if provider else None)
    return admission


def test_tiers_degrade_then_refuse_with_reasons_and_alert_once(engine: Engine) -> None:
    # room for exactly three gpt-4o calls under the degrade limit, then cheaper ones to the hard one
    degrade = 2 * COST_PRIMARY + RESERVE_PRIMARY
    hard = 3 * COST_PRIMARY + 2 * COST_CHEAPER + RESERVE_CHEAPER
    policy = BudgetPolicy(budget=hard, soft=COST_PRIMARY, degrade=degrade, hard=hard)
    posted: list[dict[str, Any]] = []

    def hook(request: httpx.Request) -> httpx.Response:
        posted.append(json.loads(request.content))
        return httpx.Response(204)

    notify = WebhookNotifier("https://hooks.example.com/x", transport=httpx.MockTransport(hook))
    clock = Clock()
    guard = _guard(engine, policy, clock, notify=notify)
    outcomes = [_call(guard) for _ in range(9)]
    models = [(a.provider.model if a.provider else None, a.reason) for a in outcomes]
    assert (
        models
        == [("gpt-4o", None)] * 3
        + [("gpt-4o-mini", "budget_degraded")] * 3
        + [(None, "budget_exhausted")] * 3
    )
    ledger = SqlLedger(engine)
    spend = ledger.spend("2026-12")
    assert spend.settled == 3 * COST_PRIMARY + 3 * COST_CHEAPER <= hard
    assert (spend.reserved, spend.lane) == (0, 2)
    # a second worker finds the lanes closed and records no alert again
    other = _guard(engine, policy, clock, notify=notify)
    assert _call(other).reason == "budget_exhausted"
    alerts = ledger.alerts("2026-12")
    assert [a.kind for a in alerts] == ["soft_limit", "degraded", "exhausted"]
    assert all(a.delivery == "sent: HTTP 204" for a in alerts)
    assert [p["kind"] for p in posted] == ["soft_limit", "degraded", "exhausted"]
    assert posted[0]["text"].startswith("ticketpilot budget 2026-12: soft_limit")
    # the next month starts over on the expensive model
    clock.now = datetime(2027, 1, 1, 0, 5)
    assert _call(guard).provider is PRIMARY
    guard.flush()  # the settle lowered the charge: written after the call returned
    assert ledger.spend("2027-01").settled == COST_PRIMARY


def test_store_unreachable_fails_closed_and_records_it_when_back(tmp_path: Any) -> None:
    url = f"sqlite:///{tmp_path / 'gone' / 'budget.db'}"  # a folder that does not exist (yet)
    engine = create_engine_for(url)
    big = 10**6 * UNIT
    policy = BudgetPolicy(budget=big, soft=big, degrade=big, hard=big)
    clock = Clock()
    guard = _guard(engine, policy, clock)
    refused = guard.admit(REQUEST, PRIMARY)  # type: ignore[arg-type]
    assert (refused.provider, refused.reason) == (None, "budget_store_unreachable")
    (tmp_path / "gone").mkdir()
    migrate(engine)
    assert _call(guard).provider is PRIMARY
    (alert,) = SqlLedger(engine).alerts()
    assert alert.kind == "store_unreachable" and alert.detail["refused"] == 1
    engine.dispose()


def test_fail_open_drafts_unchecked_when_the_charter_says_so() -> None:
    engine = create_engine_for("postgresql+psycopg://postgres@127.0.0.1:1/test")
    policy = BudgetPolicy(budget=UNIT, soft=UNIT, degrade=UNIT, hard=UNIT, fail_open=True)
    guard = _guard(engine, policy, Clock())
    admission = guard.admit(REQUEST, PRIMARY)  # type: ignore[arg-type]
    assert (admission.provider, admission.reason, admission.hold) == (
        PRIMARY,
        "budget_unchecked",
        None,
    )
    guard.settle(admission, PRIMARY.generate(REQUEST))  # nothing to settle, nothing raised


def test_a_settle_that_cannot_be_written_is_retried_then_an_unsettled_hold_expires_in_full(
    engine: Engine,
) -> None:
    big = 10**6 * UNIT
    clock = Clock()
    guard = _guard(engine, BudgetPolicy(budget=big, soft=big, degrade=big, hard=big), clock,
                   ttl=timedelta(minutes=5))  # fmt: skip
    admission = guard.admit(REQUEST, PRIMARY)  # type: ignore[arg-type]
    ledger = SqlLedger(engine)
    assert ledger.spend("2026-12").reserved == RESERVE_PRIMARY
    guard.settle(admission, PRIMARY.generate(REQUEST))
    guard.flush()
    assert ledger.spend("2026-12").settled == COST_PRIMARY
    lost = guard.admit(REQUEST, PRIMARY)  # type: ignore[arg-type]  # its worker dies mid-call
    assert lost.hold is not None
    clock.now += timedelta(minutes=6)
    other = _guard(engine, BudgetPolicy(budget=big, soft=big, degrade=big, hard=big), clock)
    _call(other)
    other.close()  # writes its queued settle
    spend = ledger.spend("2026-12")
    assert (spend.settled, spend.reserved) == (2 * COST_PRIMARY + RESERVE_PRIMARY, 0)


def test_the_prompt_is_counted_once_per_tokenizer_across_the_chain_and_the_lanes(
    engine: Engine,
) -> None:
    counted: list[str] = []

    def count(messages: list[ChatMessage], model: str) -> int:
        counted.append(model)
        return count_messages(messages, model)

    # no room for the main chain under the degrade limit: the call goes down to gpt-4o-mini
    big = 10**6 * UNIT
    policy = BudgetPolicy(budget=big, soft=big, degrade=RESERVE_PRIMARY - 1, hard=big)
    guard = BudgetGuard(
        policy, SqlLedger(engine), PRICES, ["gpt-4o", "gpt-4", "claude-sonnet-4"], degraded=CHEAPER,
        degrade_model="gpt-4o-mini", clock=Clock(), count=count,
    )  # type: ignore[arg-type]  # fmt: skip
    admission = guard.admit(REQUEST, PRIMARY)  # type: ignore[arg-type]
    assert admission.provider is CHEAPER
    # gpt-4o, claude (counted with o200k_base, plus the margin) and gpt-4o-mini share one count
    assert counted == ["gpt-4o", "gpt-4"]
    assert SqlLedger(engine).spend("2026-12").reserved == RESERVE_CHEAPER


class Verbose(Model):
    """A provider that bills past ``max_tokens`` (it happens): the call costs more than was held."""

    def generate(self, request: GenerationRequest) -> Generation:
        return Generation("ok", self.model, self.name, PROMPT, 2 * request.max_tokens, 0.0)


def test_a_lowering_settle_is_written_after_the_call_a_raising_one_before_it_returns(
    engine: Engine,
) -> None:
    big = 10**6 * UNIT
    guard = _guard(engine, BudgetPolicy(budget=big, soft=big, degrade=big, hard=big), Clock())
    writers: list[str] = []  # the thread that writes each settle
    assert isinstance(guard.ledger, SqlLedger)
    hot = guard.ledger.hot_engine() if engine.dialect.name == "postgresql" else engine

    @event.listens_for(hot, "before_cursor_execute")
    def _writer(*args: Any) -> None:
        if "actual" in args[2]:
            writers.append(threading.current_thread().name)

    _call(guard)  # 100 output tokens of the 400 held
    raising = guard.admit(REQUEST, PRIMARY)  # type: ignore[arg-type]
    over = Verbose("gpt-4o").generate(REQUEST)
    guard.settle(raising, over)
    assert writers == ["budget-settler", threading.current_thread().name]
    ledger = SqlLedger(engine)
    cost_over = PRICES.price("gpt-4o").units(PROMPT, 800)
    assert ledger.spend("2026-12").settled == COST_PRIMARY + cost_over  # no flush needed
    assert [a.kind for a in ledger.alerts("2026-12")] == ["over_reservation"]
    guard.close()
