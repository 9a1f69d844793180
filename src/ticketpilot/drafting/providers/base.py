"""What every provider speaks: requests, generations, and the errors a provider may raise.

A provider turns a :class:`GenerationRequest` into a :class:`Generation` (or a stream of text
pieces that assemble to the same text). Whatever goes wrong on the wire is raised as one of:

* ProviderError - anything a provider call can fail with; ``reason`` is a short code the engine
  records when it hands the ticket to a human.
  + ProviderTimeout - no (complete) answer within the timeout.
  + ProviderUnavailable - the endpoint could not be reached (connection refused, DNS, TLS).
  + RateLimited - HTTP 429; ``retry_after_s`` is the server's Retry-After, if it sent one.
  + ProviderServerError - HTTP 5xx; ``status`` holds the code.
  + ProviderRejected - any other HTTP 4xx (bad key, bad model, request too large); not retried.
  + MalformedResponse - not JSON, or JSON without the fields the protocol promises.
  + EmptyResponse - no choices, or a choice with no text.
    + NoUsableReply - no past reply fits (the extractive provider); recorded as ``no_usable_reply``.
  + CircuitOpen - raised by the resilience layer without calling the provider at all.

``retryable`` says whether trying the same provider again may help.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Protocol, runtime_checkable

from ticketpilot.drafting.sources import Source
from ticketpilot.errors import TicketpilotError

Role = Literal["system", "user", "assistant"]


@dataclass(frozen=True)
class ChatMessage:
    """One chat turn, already redacted: nothing here may carry raw PII."""

    role: Role
    content: str


@dataclass(frozen=True)
class GenerationRequest:
    """What to generate; ``timeout_s`` of ``None`` means the provider's own default.

    ``ticket`` and ``sources`` are the structured inputs the messages were rendered from (the
    redacted ticket and the masked past replies). Chat models read the messages; the extractive
    provider, which has no model, works on these directly.
    """

    messages: list[ChatMessage]
    max_tokens: int = 512
    temperature: float = 0.2
    timeout_s: float | None = None
    ticket: str = ""
    sources: tuple[Source, ...] = ()


@dataclass(frozen=True)
class Attempt:
    """One call to one provider, as the resilience layer saw it."""

    provider: str
    model: str
    outcome: str  # "ok" or a ProviderError.reason
    latency_s: float
    slept_s: float = 0.0


@dataclass(frozen=True)
class Generation:
    """A generated reply with what it cost: tokens, latency and the attempts it took.

    ``usage_reported`` is False when the provider sent no usage and the tokens were counted here
    with the model family's tokenizer.
    """

    text: str
    model: str
    provider: str
    input_tokens: int
    output_tokens: int
    latency_s: float
    finish_reason: str | None = None
    attempts: int = 1
    usage_reported: bool = True
    history: tuple[Attempt, ...] = field(default=())
    #: False when nobody bills for these tokens (the extractive provider runs no model)
    billable: bool = True
    #: ids of the past tickets the text was drawn from, when the provider knows (extractive)
    cited: tuple[str, ...] = ()


@runtime_checkable
class Provider(Protocol):
    """A text generator behind one interface; built-ins and plugins alike register one."""

    @property
    def name(self) -> str: ...

    @property
    def model(self) -> str: ...

    def generate(self, request: GenerationRequest) -> Generation:
        """Generate the whole reply or raise a :class:`ProviderError`."""
        ...


class ProviderError(TicketpilotError):
    """Base of every provider failure (see the module docstring for the tree)."""

    reason = "provider_error"
    retryable = False

    def __init__(self, message: str, *, provider: str = "", model: str = "") -> None:
        super().__init__(message)
        self.provider = provider
        self.model = model
        self.history: tuple[Attempt, ...] = ()

    @property
    def fallback_reason(self) -> str:
        """What the engine records when this failure sends the ticket to a human."""
        return f"provider_{self.reason}"

    @property
    def attempts(self) -> int:
        """How many calls the resilience layer made before giving up (0 if it was not used)."""
        return sum(1 for attempt in self.history if attempt.outcome != "circuit_open")


class ProviderTimeout(ProviderError):  # noqa: N818 - httpx-style names
    reason = "timeout"
    retryable = True


class ProviderUnavailable(ProviderError):  # noqa: N818 - httpx-style names
    reason = "unavailable"
    retryable = True


class RateLimited(ProviderError):  # noqa: N818 - httpx-style names
    reason = "rate_limited"
    retryable = True

    def __init__(
        self,
        message: str,
        *,
        retry_after_s: float | None = None,
        provider: str = "",
        model: str = "",
    ) -> None:
        super().__init__(message, provider=provider, model=model)
        self.retry_after_s = retry_after_s


class ProviderServerError(ProviderError):
    reason = "server_error"
    retryable = True

    def __init__(self, message: str, *, status: int, provider: str = "", model: str = "") -> None:
        super().__init__(message, provider=provider, model=model)
        self.status = status


class ProviderRejected(ProviderError):  # noqa: N818 - httpx-style names
    reason = "rejected"

    def __init__(self, message: str, *, status: int, provider: str = "", model: str = "") -> None:
        super().__init__(message, provider=provider, model=model)
        self.status = status


class MalformedResponse(ProviderError):  # noqa: N818 - httpx-style names
    reason = "malformed_response"


class EmptyResponse(ProviderError):  # noqa: N818 - httpx-style names
    reason = "empty_response"


class NoUsableReply(EmptyResponse):
    """A provider that adapts past replies found none that fits this ticket."""

    @property
    def fallback_reason(self) -> str:
        return "no_usable_reply"


class CircuitOpen(ProviderError):  # noqa: N818 - httpx-style names
    reason = "circuit_open"
