"""The OpenAI-compatible provider against a real chat-completions server on loopback.

The server computes ``usage`` with the same tokenizer (``tokens.count_messages``), as OpenAI
does; in the ``success_no_usage`` scenario it sends none and the client counts the tokens
itself. Either way the recorded input tokens must equal ``tokens.count_messages(...)``.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import pytest

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
    create_provider,
)
from ticketpilot.drafting.resilience import (
    CircuitBreaker,
    FallbackChain,
    ResilientProvider,
    RetryPolicy,
)

REPLY = "Your parcel left our warehouse today; tracking follows by email."
MESSAGES = [
    ChatMessage("system", "You draft polite support replies."),
    ChatMessage("user", "Where is my order 12345? It was due on Monday."),
]
REQUEST = GenerationRequest(MESSAGES, max_tokens=128, timeout_s=0.5)


class ChatServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), ChatHandler)
        self.script: list[str] = []
        self.seen: list[dict[str, Any]] = []
        self.clients: list[Any] = []  # providers to close at teardown

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v1"

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that timed out and hung up is part of the script


class ChatHandler(BaseHTTPRequestHandler):
    server: ChatServer
    protocol_version = "HTTP/1.1"
    SCENARIOS: ClassVar[set[str]] = {
        "success",
        "success_no_usage",
        "stream",
        "rate_limited",
        "server_error",
        "timeout",
        "malformed",
        "empty_choice",
    }

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.seen.append(body)
        scenario = self.server.script.pop(0) if self.server.script else "success"
        messages = [ChatMessage(m["role"], m["content"]) for m in body["messages"]]
        usage = {
            "prompt_tokens": tokens.count_messages(messages, body["model"]),
            "completion_tokens": tokens.count_text(REPLY, body["model"]),
        }
        if scenario == "stream":
            self._stream(body, usage)
        elif scenario == "rate_limited":
            self._send(429, {"error": {"message": "slow down"}}, {"Retry-After": "1"})
        elif scenario == "server_error":
            self._send(500, {"error": {"message": "boom"}})
        elif scenario == "timeout":
            time.sleep(1.5)
            self._send(200, self._completion(body, usage))
        elif scenario == "malformed":
            self._raw(200, b'{"choices": [', "application/json")
        elif scenario == "empty_choice":
            self._send(200, {"model": body["model"], "choices": []})
        else:
            completion = self._completion(body, usage)
            if scenario == "success_no_usage":
                del completion["usage"]
            self._send(200, completion)

    def _completion(self, body: dict[str, Any], usage: dict[str, int]) -> dict[str, Any]:
        message = {"role": "assistant", "content": REPLY}
        return {
            "model": body["model"],
            "choices": [{"index": 0, "message": message, "finish_reason": "stop"}],
            "usage": usage,
        }

    def _stream(self, body: dict[str, Any], usage: dict[str, int]) -> None:
        words = REPLY.split(" ")
        chunks = [
            {
                "model": body["model"],
                "choices": [{"delta": {"content": w + " " * (i < len(words) - 1)}}],
            }
            for i, w in enumerate(words)
        ]
        chunks[-1]["choices"][0]["finish_reason"] = "stop"
        if body.get("stream_options", {}).get("include_usage"):
            chunks.append({"model": body["model"], "choices": [], "usage": usage})
        payload = "".join(f"data: {json.dumps(c)}\n\n" for c in chunks) + "data: [DONE]\n\n"
        self._raw(200, payload.encode(), "text/event-stream")

    def _send(self, status: int, data: object, headers: dict[str, str] | None = None) -> None:
        self._raw(status, json.dumps(data).encode(), "application/json", headers)

    def _raw(
        self, status: int, payload: bytes, kind: str, headers: dict[str, str] | None = None
    ) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(payload)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(payload)
        except OSError:
            pass  # the client gave up (the timeout scenario)


@pytest.fixture
def server() -> Iterator[ChatServer]:
    for model in ("gpt-4o-mini", "gpt-4"):
        tokens.count_text("warm up", model)  # load both encodings before any client timeout runs
    chat = ChatServer()
    thread = threading.Thread(target=chat.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield chat
    for client in chat.clients:
        client.close()
    chat.shutdown()
    chat.server_close()
    thread.join(timeout=5)


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
    llm = wrapped(server, [], retry=RetryPolicy(max_retries=0))
    try:
        result: Generation | ProviderError = (
            _drain(llm.stream(REQUEST)) if scenario == "stream" else llm.generate(REQUEST)
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
