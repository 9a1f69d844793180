"""Retries, circuit breaker and fallback, over the real provider with a faked HTTP edge."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import httpx
import pytest

from ticketpilot.drafting.providers import (
    ChatMessage,
    CircuitOpen,
    EmptyResponse,
    Generation,
    GenerationRequest,
    MalformedResponse,
    ProviderRejected,
    ProviderServerError,
    ProviderTimeout,
    ProviderUnavailable,
    RateLimited,
)
from ticketpilot.drafting.providers.openai_compatible import (
    OpenAICompatibleProvider,
    parse_retry_after,
)
from ticketpilot.drafting.providers.registry import create_provider, default_providers
from ticketpilot.drafting.resilience import (
    CircuitBreaker,
    CircuitState,
    FallbackChain,
    ResilientProvider,
    RetryPolicy,
)

REQUEST = GenerationRequest([ChatMessage("user", "Where is my parcel?")], timeout_s=1.0)
Handler = Callable[[httpx.Request], httpx.Response]


def ok(text: str = "It ships today.") -> httpx.Response:
    body = {
        "model": "gpt-4o-mini",
        "choices": [{"message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 12, "completion_tokens": 4},
    }
    return httpx.Response(200, json=body)


def scripted(*responses: httpx.Response | Exception) -> Handler:
    queue = list(responses)

    def handle(request: httpx.Request) -> httpx.Response:
        item = queue.pop(0)
        if isinstance(item, Exception):
            raise item
        return item

    return handle


def provider(
    handler: Handler, model: str = "gpt-4o-mini", **kw: object
) -> OpenAICompatibleProvider:
    return OpenAICompatibleProvider(
        model=model, base_url="http://llm.test/v1", transport=httpx.MockTransport(handler), **kw
    )


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def resilient(handler: Handler, sleeps: list[float], **kw: object) -> ResilientProvider:
    return ResilientProvider(provider(handler), sleep=sleeps.append, rand=lambda: 0.5, **kw)  # type: ignore[arg-type]


def test_success_carries_usage_and_sends_key_and_body() -> None:
    seen: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return ok()

    env = {"MY_KEY": "sk-secret"}
    llm = provider(handle, api_key_env="MY_KEY", environ=env)
    generation = llm.generate(REQUEST)
    assert (generation.text, generation.input_tokens, generation.output_tokens) == (
        "It ships today.",
        12,
        4,
    )
    assert generation.usage_reported and generation.finish_reason == "stop"
    assert seen[0].headers["Authorization"] == "Bearer sk-secret"
    assert json.loads(seen[0].content)["messages"] == [
        {"role": "user", "content": "Where is my parcel?"}
    ]
    assert "sk-secret" not in repr(llm)


@pytest.mark.parametrize(
    ("response", "error"),
    [
        (httpx.Response(429, headers={"Retry-After": "3"}), RateLimited),
        (httpx.Response(503, text="busy"), ProviderServerError),
        (httpx.Response(401, json={"error": {"message": "bad key"}}), ProviderRejected),
        (httpx.Response(200, text="<html>oops"), MalformedResponse),
        (httpx.Response(200, json={"id": "x"}), MalformedResponse),
        (httpx.Response(200, json={"choices": []}), EmptyResponse),
        (httpx.Response(200, json={"choices": [{"message": {"content": None}}]}), EmptyResponse),
        (httpx.ReadTimeout("slow"), ProviderTimeout),
        (httpx.ConnectError("refused"), ProviderUnavailable),
    ],
)
def test_http_failures_map_to_typed_errors(
    response: httpx.Response | Exception, error: type[Exception]
) -> None:
    with pytest.raises(error):
        provider(scripted(response)).generate(REQUEST)


def test_retry_after_seconds_and_http_date() -> None:
    now = datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after("Thu, 01 Jan 2026 12:00:05 GMT", now=lambda: now) == 5.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


def test_stream_assembles_to_the_text_and_returns_usage() -> None:
    events = [
        {"choices": [{"delta": {"content": "It "}}]},
        {"choices": [{"delta": {"content": "ships."}, "finish_reason": "stop"}]},
        {"choices": [], "usage": {"prompt_tokens": 9, "completion_tokens": 2}},
    ]
    body = "".join(f"data: {json.dumps(e)}\n\n" for e in events) + "data: [DONE]\n\n"
    llm = provider(scripted(httpx.Response(200, text=body)))
    returned: list[object] = []

    def collect() -> Iterator[str]:
        returned.append((yield from llm.stream(REQUEST)))

    assert "".join(collect()) == "It ships."
    generation = returned[0]
    assert isinstance(generation, Generation)
    assert (generation.input_tokens, generation.finish_reason) == (9, "stop")


def test_retries_honour_retry_after_then_succeed() -> None:
    sleeps: list[float] = []
    llm = resilient(
        scripted(httpx.Response(429, headers={"Retry-After": "2"}), httpx.Response(500), ok()),
        sleeps,
        retry=RetryPolicy(max_retries=2, base_delay_s=1.0, multiplier=2.0),
    )
    generation = llm.generate(REQUEST)
    # Retry-After as sent; then jittered backoff: ceiling 2.0, rand 0.5 -> 1.0 + 0.5 * 1.0
    assert sleeps == [2.0, 1.5]
    assert generation.attempts == 3
    assert [a.outcome for a in generation.history] == ["rate_limited", "server_error", "ok"]


def test_retry_after_beyond_the_cap_is_not_waited_for() -> None:
    sleeps: list[float] = []
    llm = resilient(
        scripted(httpx.Response(429, headers={"Retry-After": "120"})),
        sleeps,
        retry=RetryPolicy(max_delay_s=10),
    )
    with pytest.raises(RateLimited) as caught:
        llm.generate(REQUEST)
    assert sleeps == [] and caught.value.retry_after_s == 120 and caught.value.attempts == 1


def test_backoff_grows_and_is_capped() -> None:
    policy = RetryPolicy(base_delay_s=1.0, multiplier=2.0, max_delay_s=5.0)
    error = ProviderServerError("x", status=500)
    assert [policy.delay(n, error, lambda: 1.0) for n in range(5)] == [1, 2, 4, 5, 5]
    assert policy.delay(2, error, lambda: 0.0) == 2.0


def test_non_retryable_errors_fail_at_once() -> None:
    sleeps: list[float] = []
    llm = resilient(scripted(httpx.Response(400)), sleeps)
    with pytest.raises(ProviderRejected) as caught:
        llm.generate(REQUEST)
    assert sleeps == [] and caught.value.attempts == 1


def test_circuit_opens_then_half_opens_after_cool_down() -> None:
    clock = Clock()
    breaker = CircuitBreaker(failure_threshold=3, reset_after_s=30, clock=clock)
    sleeps: list[float] = []
    llm = resilient(
        scripted(*[httpx.Response(500)] * 3, ok(), httpx.Response(500)),
        sleeps,
        retry=RetryPolicy(max_retries=5),
        breaker=breaker,
    )
    with pytest.raises(CircuitOpen) as caught:
        llm.generate(REQUEST)
    assert caught.value.attempts == 3 and breaker.state is CircuitState.OPEN
    with pytest.raises(CircuitOpen):
        llm.generate(REQUEST)  # no call made while open
    clock.now = 30
    assert breaker.state is CircuitState.HALF_OPEN
    assert llm.generate(REQUEST).text == "It ships today."
    assert breaker.state is CircuitState.CLOSED


def test_a_failed_trial_reopens_the_circuit() -> None:
    clock = Clock()
    breaker = CircuitBreaker(failure_threshold=1, reset_after_s=10, clock=clock)
    breaker.record_failure()
    clock.now = 10
    assert breaker.allow()
    breaker.record_failure()
    assert breaker.state is CircuitState.OPEN


def test_fallback_model_answers_when_the_primary_fails() -> None:
    sleeps: list[float] = []
    primary = resilient(scripted(*[httpx.Response(502)] * 3), sleeps)
    fallback = ResilientProvider(provider(scripted(ok("From the fallback.")), model="gpt-4.1-mini"))
    generation = FallbackChain([primary, fallback]).generate(REQUEST)
    assert generation.text == "From the fallback."
    assert generation.attempts == 4
    assert [a.model for a in generation.history] == ["gpt-4o-mini"] * 3 + ["gpt-4.1-mini"]


def test_fallback_chain_raises_the_last_error_with_all_attempts() -> None:
    chain = FallbackChain(
        [
            resilient(scripted(httpx.Response(500), httpx.Response(500), httpx.Response(500)), []),
            resilient(scripted(httpx.Response(200, json={"choices": []})), []),
        ]
    )
    with pytest.raises(EmptyResponse) as caught:
        chain.generate(REQUEST)
    assert caught.value.attempts == 4


class _Canned:
    """A provider registered through the real registry, as a plugin would be."""

    def __init__(self, model: str, text: str) -> None:
        self.name, self.model, self.text = "canned", model, text

    def generate(self, request: GenerationRequest) -> Generation:
        return Generation(self.text, self.model, self.name, 1, 1, 0.0)


def test_registry_builds_builtins_and_plugins() -> None:
    providers = default_providers()
    assert {"openai", "openai-compatible"} <= set(providers.names())
    built = create_provider("openai-compatible", model="llama3", base_url="http://127.0.0.1:1/v1")
    assert built.model == "llama3"
    providers.register("canned", _Canned)
    assert create_provider("canned", providers, model="m", text="hi").generate(REQUEST).text == "hi"
    with pytest.raises(ValueError, match="already registered"):
        providers.register("canned", _Canned)
    providers.unregister("canned")
    with pytest.raises(ValueError, match="unknown provider 'canned'"):
        create_provider("canned", providers)
    assert "canned" not in default_providers()
