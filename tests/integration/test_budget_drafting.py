"""The budget inside the drafting engine, against a real chat-completions server on loopback:
paid drafts are reserved and settled, degrade to the cheaper model, then go to a human."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from chat_server import ChatServer
from test_drafting_engine import TICKET, _workspace

from ticketpilot.cost.guard import BudgetGuard
from ticketpilot.cost.guardrails import BudgetPolicy
from ticketpilot.cost.ledger import Hold
from ticketpilot.cost.prices import UnknownModelError, load_price_table
from ticketpilot.drafting.service import drafting_engine
from ticketpilot.errors import CharterError
from ticketpilot.store.budget import SqlLedger
from ticketpilot.store.drafts import DraftLog


def _edits(
    server: ChatServer, name: str = "gpt-4o", degrade: str = "gpt-4o-mini"
) -> dict[str, str]:
    return {
        'provider = "extractive"': 'provider = "openai"',
        'name = "extractive"': f'name = "{name}"',
        '# base_url = "http://127.0.0.1:8000/v1"': f'base_url = "{server.base_url}"',
        "max_retries = 2": "max_retries = 0",
        '# degrade_model = "gpt-4o-mini"': f'degrade_model = "{degrade}"',
    }


def test_paid_drafts_are_settled_then_degraded_then_refused(
    tmp_path: Path, db_url: str, server: ChatServer
) -> None:
    runtime = _workspace(tmp_path / "ws", db_url, _edits(server))
    try:
        prices = load_price_table()
        ledger = SqlLedger(runtime.engine)
        policy = BudgetPolicy.from_charter(runtime.charter.budget, has_degrade_model=True)
        period = policy.period_key(runtime.clock())
        with drafting_engine(runtime) as engine:
            first = engine.draft(TICKET)
            assert (first.outcome, first.model) == ("draft", "gpt-4o")
            assert "budget_degraded" not in first.flags
            cost = prices.price("gpt-4o").units(first.input_tokens, first.output_tokens)
            assert isinstance(engine.guard, BudgetGuard)
            engine.guard.flush()  # a settle that lowers the charge is written after the call
            spend = ledger.spend(period)
            assert (spend.settled, spend.reserved, spend.requests) == (cost, 0, 1)
            # another worker has moved the period to the cheaper lane
            now = runtime.clock()
            ledger.reserve(Hold(period, 0, policy.hard, 1, policy.hard, "gpt-4o-mini", now,
                                now + timedelta(minutes=1)))  # fmt: skip
            second = engine.draft(TICKET)
            assert second.outcome == "draft", second.reasons
            assert (second.model, second.flags[-1]) == ("gpt-4o-mini", "budget_degraded")
            assert server.seen[-1]["model"] == "gpt-4o-mini"
            ledger.exhaust(period, policy.hard)
            calls = len(server.seen)
            third = engine.draft(TICKET)
            assert (third.outcome, third.reasons) == ("fallback", ("budget_exhausted",))
            assert len(server.seen) == calls  # no call was made
        rows = DraftLog(runtime.engine).rows()
        assert [(r["model"], "budget_degraded" in r["flags"], r["reasons"]) for r in rows] == [
            ("gpt-4o", False, []),
            ("gpt-4o-mini", True, []),
            ("gpt-4o", False, ["budget_exhausted"]),
        ]
        assert [a.kind for a in ledger.alerts(period)] == ["degraded", "exhausted"]
    finally:
        runtime.close()


def test_the_free_default_has_no_guard_and_unpriced_models_are_named(
    tmp_path: Path, db_url: str, server: ChatServer
) -> None:
    runtime = _workspace(tmp_path / "free", db_url)
    try:
        with drafting_engine(runtime) as engine:
            assert engine.guard is None
    finally:
        runtime.close()
    runtime = _workspace(tmp_path / "local", db_url, _edits(server, name="llama-3.1-8b-local"))
    try:
        with pytest.raises(UnknownModelError, match=r"'llama-3\.1-8b-local'.*Known: claude"):
            drafting_engine(runtime)
    finally:
        runtime.close()
    runtime = _workspace(
        tmp_path / "dear", db_url, _edits(server, name="gpt-4o-mini", degrade="gpt-4o")
    )
    try:
        with pytest.raises(CharterError, match="degrade_model = 'gpt-4o' is not cheaper"):
            drafting_engine(runtime)
    finally:
        runtime.close()
