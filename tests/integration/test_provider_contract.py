"""The OpenAI-compatible provider against a real chat-completions server on loopback.

The server computes ``usage`` with the same tokenizer (``tokens.count_messages``), as OpenAI
does; in the ``success_no_usage`` scenario it sends none and the client counts the tokens
itself. Either way the recorded input tokens must equal ``tokens.count_messages(...)``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from chat_server import REPLY, ChatHandler, ChatServer

from ticketpilot.drafting import tokens
from ticketpilot.drafting.providers import (
    ChatMessage,
    CircuitOpen,
    EmptyResponse,
    Generation,
    GenerationRequest,
    MalformedResponse,
    ProviderError,
    ProviderServerError,
    ProviderTimeout,
    RateLimited,
)
from ticketpilot.drafting.providers.registry import create_provider
from ticketpilot.drafting.resilience import (
    CircuitBreaker,
    FallbackChain,
    ResilientProvider,
    RetryPolicy,
)

MESSAGES = [
    ChatMessage("system", "You draft polite support replies."),
    ChatMessage("user", "Where is my order 12345? It was due on Monday."),
]
REQUEST = GenerationRequest(MESSAGES, max_tokens=128, timeout_s=0.5)


def openai(server: ChatServer, model: str = "gpt-4o-mini") -> Any:
    llm = create_provider("openai-compatible", model=model, base_url=server.base_url, timeout_s=5)
    server.clients.append(llm)
    return llm


def wrapped(server: ChatServer, sleeps: list[float], **kw: Any) -> ResilientProvider:
    return ResilientProvider(openai(server), sleep=sleeps.append, rand=lambda: 0.0, **kw)


@pytest.mark.parametrize("scenario", sorted(ChatHandler.SCENARIOS))
def test_every_scenario_ends_in_a_generation_or_a_typed_error(
    server: ChatServer, scenario: str
) -> None:
    server.script = [scenario]
    try:
        result: Generation | ProviderError = (
            _drain(openai(server).stream(REQUEST))
            if scenario == "stream"
            else wrapped(server, [], retry=RetryPolicy(max_retries=0)).generate(REQUEST)
        )
    except ProviderError as error:
        result = error
    expected = {
        "success": Generation,
        "success_no_usage": Generation,
        "stream": Generation,
        "rate_limited": RateLimited,
        "server_error": ProviderServerError,
        "timeout": ProviderTimeout,
        "malformed": MalformedResponse,
        "empty_choice": EmptyResponse,
    }[scenario]
    assert isinstance(result, expected)


@pytest.mark.parametrize("scenario", ["success", "success_no_usage", "stream"])
def test_recorded_input_tokens_equal_the_local_count(server: ChatServer, scenario: str) -> None:
    server.script = [scenario]
    llm = openai(server)
    generation = _drain(llm.stream(REQUEST)) if scenario == "stream" else llm.generate(REQUEST)
    assert generation.text == REPLY
    assert generation.input_tokens == tokens.count_messages(MESSAGES, "gpt-4o-mini")
    assert generation.output_tokens == tokens.count_text(REPLY, "gpt-4o-mini")
    assert generation.usage_reported is (scenario != "success_no_usage")


def test_stream_asks_for_usage(server: ChatServer) -> None:
    server.script = ["stream"]
    _drain(openai(server).stream(REQUEST))
    assert server.seen[0]["stream"] is True
    assert server.seen[0]["stream_options"] == {"include_usage": True}


def test_retries_honour_retry_after(server: ChatServer) -> None:
    server.script = ["rate_limited", "success"]
    sleeps: list[float] = []
    generation = wrapped(server, sleeps).generate(REQUEST)
    assert sleeps == [1.0]
    assert generation.attempts == 2


def test_timeouts_are_retried_then_answered(server: ChatServer) -> None:
    server.script = ["timeout", "success"]
    sleeps: list[float] = []
    generation = wrapped(server, sleeps, retry=RetryPolicy(base_delay_s=0.1)).generate(REQUEST)
    assert [a.outcome for a in generation.history] == ["timeout", "ok"]


def test_circuit_opens_after_repeated_server_errors(server: ChatServer) -> None:
    server.script = ["server_error"] * 3
    breaker = CircuitBreaker(failure_threshold=3, reset_after_s=60)
    llm = wrapped(server, [], retry=RetryPolicy(max_retries=5), breaker=breaker)
    with pytest.raises(CircuitOpen) as caught:
        llm.generate(REQUEST)
    assert caught.value.attempts == 3
    assert len(server.seen) == 3
    with pytest.raises(CircuitOpen):
        llm.generate(REQUEST)
    assert len(server.seen) == 3  # nothing sent while open


def test_fallback_model_is_used_when_the_primary_fails(server: ChatServer) -> None:
    server.script = ["server_error", "malformed", "success"]
    primary = ResilientProvider(openai(server), sleep=lambda _: None, retry=RetryPolicy(1))
    fallback = ResilientProvider(openai(server, "gpt-4.1-mini"), sleep=lambda _: None)
    generation = FallbackChain([primary, fallback]).generate(REQUEST)
    assert [body["model"] for body in server.seen] == ["gpt-4o-mini"] * 2 + ["gpt-4.1-mini"]
    assert generation.model == "gpt-4.1-mini"
    assert [a.outcome for a in generation.history] == [
        "server_error",
        "malformed_response",
        "ok",
    ]
    assert generation.input_tokens == tokens.count_messages(MESSAGES, "gpt-4.1-mini")


def _drain(stream: Iterator[str]) -> Generation:
    """Read a stream to the end and return its Generation (the generator's return value)."""
    returned: list[object] = []

    def collect() -> Iterator[str]:
        returned.append((yield from stream))

    pieces = list(collect())
    generation = returned[0]
    assert isinstance(generation, Generation)
    assert generation.text == "".join(pieces)
    return generation
