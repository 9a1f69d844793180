"""A drafting worker process for the budget tests: many paid calls through one BudgetGuard.

Each call is what the engine does around a generation: ``admit`` the request, call the model the
admission names (a stand-in for the LLM's HTTP API, the edge we do not own), ``settle``. Every
call is reported with its reservation id, so the test can check no generation went unpaid-for.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from ticketpilot.cost.guard import BudgetGuard
from ticketpilot.cost.guardrails import BudgetPolicy
from ticketpilot.cost.ledger import Reservation
from ticketpilot.cost.prices import load_price_table
from ticketpilot.drafting.providers import ChatMessage, Generation, GenerationRequest
from ticketpilot.runtime import utc_now
from ticketpilot.store import create_engine_for
from ticketpilot.store.budget import SqlLedger

PRIMARY, CHEAPER = "gpt-4o", "gpt-4o-mini"
MAX_TOKENS = 400
WORDS = [
    "parcel",
    "refund",
    "order",
    "delayed",
    "courier",
    "tracking",
    "invoice",
    "account",
    "password",
    "reset",
]


def count_words(messages: list[ChatMessage], model: str) -> int:
    """Tokens as words: the guard's counter here (these tests are about the ledger, and loading
    the real tokenizer takes seconds per process); the stand-in model bills the same way."""
    return sum(len(m.content.split()) for m in messages) + 3


class Model:
    """The LLM stand-in: bills the prompt as counted and a random reply length up to max_tokens."""

    def __init__(self, model: str, seed: int) -> None:
        self.name = "openai"
        self.model = model
        self.rng = random.Random(seed)

    def generate(self, request: GenerationRequest) -> Generation:
        prompt = count_words(request.messages, self.model)
        output = self.rng.randint(20, request.max_tokens)
        return Generation("ok", self.model, self.name, prompt, output, 0.0)

    def stream(self, request: GenerationRequest) -> Any:
        raise NotImplementedError


@dataclass(frozen=True)
class Plan:
    url: str
    worker: int
    calls: int
    policy: BudgetPolicy
    calls_after_cut: int = 0  # > 0: hold one call in flight, wait for the cut, then go on


def one_call(guard: BudgetGuard, primary: Model, rng: random.Random) -> dict[str, Any]:
    text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(20, 400)))
    request = GenerationRequest([ChatMessage("user", text)], max_tokens=MAX_TOKENS)
    admission = guard.admit(request, primary)
    generation = admission.provider.generate(request) if admission.provider else None
    guard.settle(admission, generation)
    return _record(admission.hold, admission.reason, generation)


PRICES = load_price_table()


def _record(hold: object, reason: str | None, generation: Generation | None) -> dict[str, Any]:
    prices = PRICES
    return {
        "reservation": hold.id if isinstance(hold, Reservation) else None,
        "reserved": hold.amount if isinstance(hold, Reservation) else None,
        "reason": reason,
        "model": generation.model if generation else None,
        "actual": prices.price(generation.model).units(
            generation.input_tokens, generation.output_tokens
        )
        if generation
        else 0,
    }


def run(plan: Plan, barrier: Any = None, resume: Any = None) -> list[dict[str, Any]]:
    """The worker's calls in order; with a cut planned, one call straddles it."""
    engine = create_engine_for(plan.url)
    primary, cheaper = Model(PRIMARY, plan.worker), Model(CHEAPER, plan.worker + 100)
    guard = BudgetGuard(
        plan.policy, SqlLedger(engine), load_price_table(), [PRIMARY],
        degraded=cheaper, degrade_model=CHEAPER, clock=utc_now, count=count_words,
    )  # fmt: skip
    rng = random.Random(plan.worker)
    records = [one_call(guard, primary, rng) for _ in range(plan.calls)]
    if plan.calls_after_cut:
        request = GenerationRequest(
            [ChatMessage("user", "where is my parcel")], max_tokens=MAX_TOKENS
        )
        admission = guard.admit(request, primary)
        generation = admission.provider.generate(request) if admission.provider else None
        barrier.wait(timeout=60)  # the store goes down while this call is in flight
        resume.wait(timeout=60)
        guard.settle(admission, generation)
        records.append(_record(admission.hold, admission.reason, generation) | {"in_flight": True})
        records += [one_call(guard, primary, rng) for _ in range(plan.calls_after_cut)]
    guard.close()  # writes the settles still queued
    engine.dispose()
    return records


def main(plan: Plan, out: Any, barrier: Any = None, resume: Any = None) -> None:
    out.put((plan.worker, run(plan, barrier, resume)))
