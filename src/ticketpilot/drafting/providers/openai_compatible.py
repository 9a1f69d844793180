"""Any OpenAI-compatible chat-completions endpoint over httpx: OpenAI, Azure, vLLM, Ollama,
llama.cpp server.

The ``transport`` argument is the seam for tests (``httpx.MockTransport``) and for unusual
deployments. The API key is read from the environment variable named by ``api_key_env`` and is
only ever put in a request header; it is never logged or shown in ``repr``. When the endpoint
reports no usage, tokens are counted here with the model family's tokenizer.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Generator, Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from ticketpilot.drafting import tokens
from ticketpilot.drafting.providers.base import (
    EmptyResponse,
    Generation,
    GenerationRequest,
    MalformedResponse,
    ProviderError,
    ProviderRejected,
    ProviderServerError,
    ProviderTimeout,
    ProviderUnavailable,
    RateLimited,
)

DEFAULT_BASE_URL = "https://api.openai.com/v1"


class OpenAICompatibleProvider:
    """Chat completions against ``{base_url}/chat/completions``, whole or streamed (SSE)."""

    def __init__(
        self,
        *,
        model: str,
        base_url: str | None = None,
        api_key_env: str = "OPENAI_API_KEY",
        timeout_s: float = 20.0,
        name: str = "openai-compatible",
        transport: httpx.BaseTransport | None = None,
        environ: Mapping[str, str] | None = None,
        auth_header: str = "Authorization",
        query: Mapping[str, str] | None = None,
        stream_usage: bool = True,
    ) -> None:
        self._name = name
        self._model = model
        self.timeout_s = timeout_s
        self.stream_usage = stream_usage
        headers: dict[str, str] = {}
        key = (os.environ if environ is None else environ).get(api_key_env)
        if key:  # local servers (Ollama, vLLM, llama.cpp) usually need none
            headers[auth_header] = f"Bearer {key}" if auth_header == "Authorization" else key
        self._client = httpx.Client(
            base_url=(base_url or DEFAULT_BASE_URL).rstrip("/"),
            headers=headers,
            params=dict(query or {}),
            transport=transport,
            timeout=timeout_s,
        )

    @property
    def name(self) -> str:
        return self._name

    @property
    def model(self) -> str:
        return self._model

    def __repr__(self) -> str:
        return f"OpenAICompatibleProvider(name={self._name!r}, model={self._model!r}, base_url={str(self._client.base_url)!r})"

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> OpenAICompatibleProvider:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def generate(self, request: GenerationRequest) -> Generation:
        started = time.perf_counter()
        with self._errors():
            response = self._client.post(
                "/chat/completions",
                json=self._body(request, stream=False),
                timeout=self._timeout(request),
            )
        self._check_status(response)
        data = self._json(response.text)
        choices = data.get("choices")
        if not isinstance(choices, list):
            raise self._malformed("no 'choices' list in the response")
        if not choices:
            raise EmptyResponse(
                "the response has no choices", provider=self._name, model=self._model
            )
        first = choices[0]
        message = first.get("message") if isinstance(first, dict) else None
        if not isinstance(message, dict):
            raise self._malformed("the first choice has no 'message'")
        text = message.get("content")
        if text is not None and not isinstance(text, str):
            raise self._malformed("the message content is not text")
        if not text or not text.strip():
            raise EmptyResponse("the reply is empty", provider=self._name, model=self._model)
        return self._generation(
            request, text, data.get("usage"), first.get("finish_reason"), data.get("model"), started
        )

    def stream(self, request: GenerationRequest) -> Generator[str, None, Generation]:
        """Yield text deltas; the generator's return value is the full :class:`Generation`."""
        started = time.perf_counter()
        parts: list[str] = []
        usage: Any = None
        finish_reason: Any = None
        served_model: Any = None
        with (
            self._errors(),
            self._client.stream(
                "POST",
                "/chat/completions",
                json=self._body(request, stream=True),
                timeout=self._timeout(request),
            ) as response,
        ):
            if response.status_code >= 400:
                response.read()
                self._check_status(response)
            for chunk in self._events(response.iter_lines()):
                usage = chunk.get("usage") or usage
                served_model = chunk.get("model") or served_model
                for choice in chunk.get("choices") or []:
                    delta = choice.get("delta") if isinstance(choice, dict) else None
                    piece = delta.get("content") if isinstance(delta, dict) else None
                    finish_reason = choice.get("finish_reason") or finish_reason
                    if isinstance(piece, str) and piece:
                        parts.append(piece)
                        yield piece
        text = "".join(parts)
        if not text.strip():
            raise EmptyResponse(
                "the streamed reply is empty", provider=self._name, model=self._model
            )
        return self._generation(request, text, usage, finish_reason, served_model, started)

    def _body(self, request: GenerationRequest, *, stream: bool) -> dict[str, Any]:
        body: dict[str, Any] = {
            "model": self._model,
            "messages": [{"role": m.role, "content": m.content} for m in request.messages],
            "max_tokens": request.max_tokens,
            "temperature": request.temperature,
            "stream": stream,
        }
        if stream and self.stream_usage:
            body["stream_options"] = {"include_usage": True}
        return body

    def _timeout(self, request: GenerationRequest) -> float:
        return self.timeout_s if request.timeout_s is None else request.timeout_s

    def _errors(self) -> _ErrorMapper:
        return _ErrorMapper(self._name, self._model)

    def _check_status(self, response: httpx.Response) -> None:
        status = response.status_code
        if status < 400:
            return
        detail = f"HTTP {status} from {self._name}: {_error_message(response.text)}"
        if status == 429:
            retry_after = parse_retry_after(response.headers.get("Retry-After"))
            raise RateLimited(
                detail, retry_after_s=retry_after, provider=self._name, model=self._model
            )
        if status >= 500:
            raise ProviderServerError(detail, status=status, provider=self._name, model=self._model)
        raise ProviderRejected(detail, status=status, provider=self._name, model=self._model)

    def _json(self, text: str) -> dict[str, Any]:
        try:
            data = json.loads(text)
        except ValueError:
            raise self._malformed("the response is not JSON") from None
        if not isinstance(data, dict):
            raise self._malformed("the response is not a JSON object")
        if isinstance(data.get("error"), dict):
            raise ProviderServerError(
                f"error from {self._name}: {_error_message(text)}",
                status=500,
                provider=self._name,
                model=self._model,
            )
        return data

    def _events(self, lines: Any) -> Generator[dict[str, Any], None, None]:
        for line in lines:
            if not line.startswith("data:"):
                continue  # blank separators, comments (":"), "event:" and "id:" fields
            payload = line[len("data:") :].strip()
            if payload == "[DONE]":
                return
            yield self._json(payload)

    def _generation(
        self,
        request: GenerationRequest,
        text: str,
        usage: Any,
        finish: Any,
        served: Any,
        started: float,
    ) -> Generation:
        prompt = usage.get("prompt_tokens") if isinstance(usage, dict) else None
        completion = usage.get("completion_tokens") if isinstance(usage, dict) else None
        reported = isinstance(prompt, int) and isinstance(completion, int)
        if not (isinstance(prompt, int) and isinstance(completion, int)):
            prompt = tokens.count_messages(request.messages, self._model)
            completion = tokens.count_text(text, self._model)
        return Generation(
            text=text,
            model=served if isinstance(served, str) and served else self._model,
            provider=self._name,
            input_tokens=int(prompt),
            output_tokens=int(completion),
            latency_s=time.perf_counter() - started,
            finish_reason=finish if isinstance(finish, str) else None,
            usage_reported=reported,
        )

    def _malformed(self, what: str) -> MalformedResponse:
        return MalformedResponse(f"{what} ({self._name})", provider=self._name, model=self._model)


class _ErrorMapper:
    """Turn httpx transport failures into the provider error tree."""

    def __init__(self, provider: str, model: str) -> None:
        self.provider = provider
        self.model = model

    def __enter__(self) -> None:
        return None

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, _: object
    ) -> None:
        if exc is None or isinstance(exc, ProviderError | GeneratorExit):
            return
        where = {"provider": self.provider, "model": self.model}
        if isinstance(exc, httpx.TimeoutException):
            raise ProviderTimeout(
                f"{self.provider} timed out: {type(exc).__name__}", **where
            ) from exc
        if isinstance(exc, httpx.ConnectError):
            raise ProviderUnavailable(f"cannot reach {self.provider}: {exc}", **where) from exc
        if isinstance(exc, httpx.TransportError):
            raise ProviderUnavailable(f"{self.provider} connection failed: {exc}", **where) from exc
        if isinstance(exc, httpx.DecodingError | UnicodeDecodeError):
            raise MalformedResponse(f"{self.provider} sent undecodable data", **where) from exc


def parse_retry_after(value: str | None, now: Callable[[], datetime] | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    current = now() if now is not None else datetime.now(UTC)
    return max(0.0, (when - current).total_seconds())


def _error_message(body: str) -> str:
    try:
        data = json.loads(body)
        message = data["error"]["message"]
    except (ValueError, KeyError, TypeError):
        return body[:200] or "(no body)"
    return str(message)[:200]


def register(
    register_provider: Callable[[str, Callable[..., OpenAICompatibleProvider]], object],
) -> None:
    """Plugin hook: add this provider to the registry under its names."""
    register_provider("openai-compatible", OpenAICompatibleProvider)
    register_provider("openai", OpenAICompatibleProvider)
