"""The drafting engine end to end: a real index, real PII redaction, real checks, the draft log.

Past tickets carry other customers' names, e-mails and order ids in their replies; every test
asserts none of them reaches a draft, a provider or the database.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from chat_server import REPLY, ChatServer
from sqlalchemy import select

from injection_corpus import INJECTIONS
from ticketpilot.charter import charter_template
from ticketpilot.drafting import tokens
from ticketpilot.drafting.engine import DraftingEngine, DraftRequest
from ticketpilot.drafting.providers import (
    ChatMessage,
    Generation,
    GenerationRequest,
    ProviderServerError,
)
from ticketpilot.drafting.service import draft_for_ticket, drafting_engine
from ticketpilot.retrieval.service import build_index
from ticketpilot.runtime import Runtime, build_runtime
from ticketpilot.store.drafts import DraftLog
from ticketpilot.store.tables import drafts
from ticketpilot.store.tickets import TicketRepository
from ticketpilot.tickets.model import Message, Role, Ticket
from ticketpilot.workspace import create_workspace

START = datetime(2024, 3, 1, 9, 0)
OTHERS = {  # other customers' details, planted in past tickets and their replies
    "names": ["Maria Lopez", "John Carter", "Aiko Tanaka", "Peter Novak"],
    "emails": ["maria.lopez@example.com", "j.carter@example.net", "aiko@example.org",
               "pnovak@example.com"],
    "orders": ["AB-10001", "AB-10002", "AB-10003", "AB-10004"],
}  # fmt: skip
TOPICS = {
    "shipping": (
        "Where is my order {order}? It has not arrived after ten days.",
        "Hi {name},\n\nSorry for the wait. Parcels can take up to 10 business days to arrive. "
        "I have asked the courier to trace order {order} and we will e-mail {email} with news. "
        "You can follow your parcel under Account > Orders.\n\nKind regards,\nNorthwind Support",
    ),
    "password": (
        "I cannot log in, the password reset e-mail never arrives. My address is {email}.",
        "Hello {name},\n\nPlease check your spam folder first. If the reset e-mail is not there, "
        "use the 'Forgot password' link again and wait 15 minutes before trying once more. "
        "I have confirmed that {email} is the address on your account.\n\nBest,\nNorthwind Support",
    ),
    "legal": (
        "My lawyer will contact you about order {order}. I want all my data deleted.",
        "Dear {name},\n\nWe have forwarded your request to our legal team, who will reply "
        "within 5 business days.\n\nRegards,\nNorthwind Support",
    ),
}


def _past_tickets() -> list[Ticket]:
    past = []
    for i in range(24):
        topic = list(TOPICS)[i % 3]
        j = i % 4
        values = {"name": OTHERS["names"][j], "email": OTHERS["emails"][j],
                  "order": OTHERS["orders"][j]}  # fmt: skip
        question, answer = TOPICS[topic]
        created = START + timedelta(days=i)
        past.append(
            Ticket(
                id=f"P{i:03d}",
                subject=topic.title(),
                body=question.format(**values),
                category=topic,
                created_at=created,
                messages=[
                    Message(Role.CUSTOMER, question.format(**values), created_at=created),
                    Message(
                        Role.AGENT, answer.format(**values), created_at=created + timedelta(hours=2)
                    ),
                ],
            )
        )
    return past


def _workspace(root: Path, db_url: str, edits: dict[str, str] | None = None) -> Runtime:
    charter = charter_template()
    for old, new in {'categories = ["billing", "legal", "security"]': 'categories = ["Billing", "legal"]',
                     **(edits or {})}.items():  # fmt: skip
        assert old in charter, old
        charter = charter.replace(old, new, 1)
    ws = create_workspace(root, charter)
    runtime = build_runtime(ws.root, environ={"TICKETPILOT_DATABASE_URL": db_url})
    with runtime.engine.begin() as connection:
        TicketRepository(runtime.engine).write_batch(connection, _past_tickets())
    build_index(runtime)
    return runtime


@pytest.fixture
def runtime(tmp_path: Path, db_url: str) -> Iterator[Runtime]:
    runtime = _workspace(tmp_path / "ws", db_url)
    yield runtime
    runtime.close()


def _foreign(text: str) -> list[str]:
    """Other customers' details found in ``text``."""
    return [v for values in OTHERS.values() for v in values if v.lower() in text.lower()]


TICKET = DraftRequest(
    subject="Shipping",
    text="Hi, I'm Ana Silva (ana.silva@example.org). Where is my order AB-77812? "
    "It has not arrived after ten days.",
    ticket_id="NEW-1",
)


class Recording:
    """A provider that remembers what it was sent and answers with a fixed text."""

    name = "recording"
    model = "gpt-4o-mini"

    def __init__(self, answer: str) -> None:
        self.answer = answer
        self.requests: list[GenerationRequest] = []

    def generate(self, request: GenerationRequest) -> Generation:
        self.requests.append(request)
        text = self.answer
        return Generation(text, self.model, self.name,
                          tokens.count_messages(request.messages, self.model),
                          tokens.count_text(text, self.model), 0.01)  # fmt: skip

    def stream(self, request: GenerationRequest) -> Iterator[str]:
        yield self.generate(request).text


def _engine(runtime: Runtime, provider: object) -> DraftingEngine:
    return drafting_engine(runtime, provider=provider)  # type: ignore[arg-type]


def test_extractive_draft_cites_past_tickets_and_copies_no_other_customer(
    runtime: Runtime,
) -> None:
    result = drafting_engine(runtime).draft(TICKET)
    assert result.outcome == "draft", result.reasons
    assert result.text and "up to 10 business days" in result.text
    assert "courier" not in result.text  # that sentence named another customer's order
    assert _foreign(result.text) == []
    assert "[" not in result.text and "<" not in result.text
    assert {c.ticket_id for c in result.citations} <= {f"P{i:03d}" for i in range(24)}
    assert sum(c.used for c in result.citations) == 1
    used = next(c for c in result.citations if c.used)
    assert int(used.ticket_id[1:]) % 3 == 0  # a shipping ticket
    rows = DraftLog(runtime.engine).rows()
    assert len(rows) == 1
    row = rows[0]
    assert (row["outcome"], row["provider"], row["ticket_id"]) == ("draft", "extractive", "NEW-1")
    assert row["prompt_version"].startswith("reply-v1+")
    assert row["input_tokens"] > 100 and row["output_tokens"] > 10 and row["cost"] == 0.0
    assert "ana.silva@example.org" not in str(row) and _foreign(str(row)) == []


def test_provider_sees_placeholders_only_and_draft_restores_this_tickets_values(
    runtime: Runtime,
) -> None:
    provider = Recording("Hi <PERSON_1>, we will update you at <EMAIL_ADDRESS_1> about AB-77812.")
    result = _engine(runtime, provider).draft(TICKET)
    sent = "\n".join(m.content for m in provider.requests[0].messages)
    assert "ana.silva@example.org" not in sent and "<EMAIL_ADDRESS_1>" in sent
    assert _foreign(sent) == [] and "[EMAIL_ADDRESS]" in sent  # past tickets masked, not numbered
    assert result.outcome == "draft", result.reasons
    assert result.text is not None and "ana.silva@example.org" in result.text
    assert "Ana Silva" in result.text
    stored = DraftLog(runtime.engine).rows()[0]["draft_redacted"]
    assert "<EMAIL_ADDRESS_1>" in stored and "ana.silva" not in stored


def test_a_placeholder_not_from_this_ticket_is_never_filled_and_blocks(runtime: Runtime) -> None:
    provider = Recording("Hello, we also wrote to <EMAIL_ADDRESS_2> and [EMAIL_ADDRESS].")
    result = _engine(runtime, provider).draft(TICKET)
    assert result.outcome == "fallback"
    assert "grounding" in result.reasons or "leak" in result.reasons
    assert result.text is None


@pytest.mark.parametrize("category", ["legal", "LEGAL", "Billing", "billing"])
def test_critical_category_always_goes_to_a_human(runtime: Runtime, category: str) -> None:
    perfect = Recording("Sorry for the wait: parcels can take up to 10 business days to arrive.")
    request = DraftRequest(subject="Shipping", text=TICKET.text, category=category)
    result = _engine(runtime, perfect).draft(request)
    assert (result.outcome, result.reasons) == ("fallback", ("critical_category",))
    assert perfect.requests == []  # not even generated
    assert DraftLog(runtime.engine).rows()[0]["reasons"] == ["critical_category"]


def test_stored_critical_ticket_goes_to_a_human(runtime: Runtime) -> None:
    result = draft_for_ticket(runtime, drafting_engine(runtime), "P002")  # a legal ticket
    assert result.reasons == ("critical_category",)


class Obedient:
    """A model that does whatever the ticket asks: echoes its whole prompt back."""

    name = "obedient"
    model = "gpt-4o-mini"
    calls = 0

    def generate(self, request: GenerationRequest) -> Generation:
        self.calls += 1
        text = "Sure! " + "\n".join(m.content for m in request.messages)
        return Generation(text, self.model, self.name, 1, 1, 0.0)

    def stream(self, request: GenerationRequest) -> Iterator[str]:
        yield self.generate(request).text


@pytest.mark.parametrize("provider", ["obedient", "extractive"])
def test_prompt_injections_are_flagged_and_leak_nothing(runtime: Runtime, provider: str) -> None:
    assert len(INJECTIONS) >= 30
    obedient = Obedient()
    engine = _engine(runtime, obedient) if provider == "obedient" else drafting_engine(runtime)
    for attack in INJECTIONS:
        result = engine.draft(DraftRequest(text=attack + " My e-mail is ana.silva@example.org."))
        assert result.outcome == "fallback", attack
        assert result.reasons == ("prompt_injection",), attack
        assert result.text is None
    assert obedient.calls == 0  # an injection never reaches a model
    rows = DraftLog(runtime.engine).rows()
    assert len(rows) == len(INJECTIONS)
    assert all(r["reasons"] == ["prompt_injection"] for r in rows)
    assert all(r["checks"][0]["evidence"] for r in rows)  # what matched is recorded
    assert _foreign(str(rows)) == []


def test_a_model_echoing_its_prompt_is_caught_by_the_leak_check(runtime: Runtime) -> None:
    """An injection the detector misses, obeyed by the model: the output checks still hold."""
    result = _engine(runtime, Obedient()).draft(TICKET)
    assert result.outcome == "fallback"
    assert "leak" in result.reasons
    assert result.text is None


class Crashing:
    name = "crashing"
    model = "m"

    def generate(self, request: GenerationRequest) -> Generation:
        raise ProviderServerError("boom", status=503, provider="crashing", model="m")

    def stream(self, request: GenerationRequest) -> Iterator[str]:
        raise RuntimeError("not used")


def test_provider_errors_and_weak_retrieval_are_recorded_fallbacks(runtime: Runtime) -> None:
    assert _engine(runtime, Crashing()).draft(TICKET).reasons == ("provider_server_error",)
    odd = DraftRequest(text="zxqv plorf wumble gnarp")
    weak = drafting_engine(runtime).draft(odd)
    assert weak.reasons == ("low_retrieval_confidence",)
    assert weak.top_score is not None and weak.top_score < 0.3
    empty = drafting_engine(runtime).draft(DraftRequest(text="  "))
    assert empty.reasons == ("empty_ticket",)
    with runtime.engine.connect() as connection:
        reasons = [r[0] for r in connection.execute(select(drafts.c.reasons).order_by(drafts.c.id))]
    assert reasons == [["provider_server_error"], ["low_retrieval_confidence"], ["empty_ticket"]]


# --- the provider chain of the charter against a real chat-completions server ----------------

SCRIPTS = {
    "success": (["success"], "draft", "gpt-4o-mini"),
    "stream-less usage": (["success_no_usage"], "draft", "gpt-4o-mini"),
    "429 then fallback model": (["rate_limited", "success"], "draft", "gpt-4"),
    "500 then fallback model": (["server_error", "success"], "draft", "gpt-4"),
    "timeout twice": (["timeout", "timeout"], "fallback", None),
    "malformed twice": (["malformed", "malformed"], "fallback", None),
    "empty choice twice": (["empty_choice", "empty_choice"], "fallback", None),
}


@pytest.mark.parametrize("name", list(SCRIPTS))
def test_charter_chain_over_loopback_ends_in_draft_or_recorded_fallback(
    tmp_path: Path, db_url: str, server: ChatServer, name: str
) -> None:
    edits = {
        'provider = "extractive"': 'provider = "openai"',
        'name = "extractive"': 'name = "gpt-4o-mini"',
        '# base_url = "http://127.0.0.1:8000/v1"': f'base_url = "{server.base_url}"',
        '# fallback = "gpt-4o-mini"': 'fallback = "gpt-4"',
        "timeout_s = 20.0": "timeout_s = 0.5",
        "max_retries = 2": "max_retries = 0",
    }
    runtime = _workspace(tmp_path / "ws", db_url, edits)
    try:
        charter_model = runtime.charter.model
        assert (charter_model.provider, charter_model.fallback) == ("openai", "gpt-4")
        script, outcome, used_model = SCRIPTS[name]
        server.script = list(script)
        with drafting_engine(runtime) as engine:
            result = engine.draft(TICKET)
        assert result.outcome == outcome, result.reasons
        row = DraftLog(runtime.engine).rows()[0]
        assert row["outcome"] == outcome
        if outcome == "draft":
            assert result.text == REPLY and row["model"] == used_model
            sent = server.seen[-1]["messages"]
            expected = tokens.count_messages([ChatMessage(m["role"], m["content"]) for m in sent],
                                             used_model)  # fmt: skip
            assert row["input_tokens"] == expected
            assert row["output_tokens"] == tokens.count_text(REPLY, used_model)
            price = runtime.charter.model.prices.get(used_model)
            assert (row["cost"] is None) == (price is None)
        else:
            assert re.fullmatch(r"provider_\w+", result.reasons[0])
            assert row["reasons"] == list(result.reasons)
    finally:
        runtime.close()
