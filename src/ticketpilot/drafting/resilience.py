"""Retries, a circuit breaker per provider, and a fallback model before the human.

:class:`ResilientProvider` wraps one provider: it retries retryable failures with jittered
exponential backoff (a server's Retry-After wins over the computed delay), and its
:class:`CircuitBreaker` stops calling a provider that keeps failing (closed -> open after N
consecutive failures -> half-open after a cool-down: one trial call decides). A
:class:`FallbackChain` tries each wrapped provider in turn and returns the first
:class:`Generation`, or raises the last :class:`ProviderError`, with every attempt recorded in
``history`` either way. Sleep, randomness and the clock are injectable for tests.

>>> chain = FallbackChain([ResilientProvider(primary), ResilientProvider(fallback)])  # doctest: +SKIP
>>> chain.generate(request).attempts  # doctest: +SKIP
1
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from enum import Enum

from ticketpilot.drafting.providers.base import (
    Attempt,
    CircuitOpen,
    Generation,
    GenerationRequest,
    Provider,
    ProviderError,
    RateLimited,
)


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to wait: ``max_retries`` retries after the first call.

    The n-th retry waits a uniformly jittered delay in ``[d/2, d]`` with
    ``d = min(max_delay_s, base_delay_s * multiplier**n)``. A Retry-After is honoured as sent;
    one longer than ``max_delay_s`` is not waited for (the call fails at once, so a human gets the
    ticket instead of an agent waiting on a throttled provider).
    """

    max_retries: int = 2
    base_delay_s: float = 0.5
    multiplier: float = 2.0
    max_delay_s: float = 10.0

    def delay(self, retry: int, error: ProviderError, rand: Callable[[], float]) -> float | None:
        """Seconds to wait before retry number ``retry`` (0-based), or None to give up."""
        if isinstance(error, RateLimited) and error.retry_after_s is not None:
            return error.retry_after_s if error.retry_after_s <= self.max_delay_s else None
        ceiling = min(self.max_delay_s, self.base_delay_s * self.multiplier**retry)
        return ceiling / 2 + rand() * ceiling / 2


class CircuitState(Enum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


class CircuitBreaker:
    """Open after ``failure_threshold`` consecutive failures; allow a trial after ``reset_after_s``."""

    def __init__(
        self,
        failure_threshold: int = 5,
        reset_after_s: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if failure_threshold < 1:
            raise ValueError("failure_threshold must be at least 1")
        self.failure_threshold = failure_threshold
        self.reset_after_s = reset_after_s
        self._clock = clock
        self._failures = 0
        self._opened_at: float | None = None

    @property
    def state(self) -> CircuitState:
        if self._opened_at is None:
            return CircuitState.CLOSED
        if self._clock() - self._opened_at >= self.reset_after_s:
            return CircuitState.HALF_OPEN
        return CircuitState.OPEN

    def allow(self) -> bool:
        """Whether a call may go through now (always when closed; a trial when half-open)."""
        return self.state is not CircuitState.OPEN

    def record_success(self) -> None:
        self._failures = 0
        self._opened_at = None

    def record_failure(self) -> None:
        self._failures += 1
        if self.state is CircuitState.HALF_OPEN or self._failures >= self.failure_threshold:
            self._opened_at = self._clock()


class ResilientProvider:
    """A provider with retries and its own circuit breaker; itself a :class:`Provider`."""

    def __init__(
        self,
        provider: Provider,
        *,
        retry: RetryPolicy | None = None,
        breaker: CircuitBreaker | None = None,
        sleep: Callable[[float], None] = time.sleep,
        rand: Callable[[], float] = random.random,
        clock: Callable[[], float] = time.perf_counter,
    ) -> None:
        self.provider = provider
        self.retry = retry or RetryPolicy()
        self.breaker = breaker or CircuitBreaker()
        self._sleep = sleep
        self._rand = rand
        self._clock = clock

    @property
    def name(self) -> str:
        return self.provider.name

    def close(self) -> None:
        """Close the wrapped provider's connections, if it holds any."""
        close_provider(self.provider)

    @property
    def model(self) -> str:
        return self.provider.model

    def generate(self, request: GenerationRequest) -> Generation:
        history: list[Attempt] = []
        slept = 0.0
        for retry in range(self.retry.max_retries + 1):
            self._check_circuit(history)
            started = self._clock()
            try:
                generation = self.provider.generate(request)
            except ProviderError as error:
                history.append(self._attempt(error.reason, started, slept))
                self.breaker.record_failure()
                slept = self._backoff(retry, error, history)
                continue
            self.breaker.record_success()
            history.append(self._attempt("ok", started, slept))
            return replace(generation, attempts=len(history), history=tuple(history))
        raise AssertionError("unreachable: the last retry raises")  # pragma: no cover

    def _check_circuit(self, history: list[Attempt]) -> None:
        if self.breaker.allow():
            return
        history.append(Attempt(self.name, self.model, CircuitOpen.reason, 0.0))
        error = CircuitOpen(
            f"circuit open for {self.name}/{self.model} after repeated failures",
            provider=self.name,
            model=self.model,
        )
        error.history = tuple(history)
        raise error

    def _backoff(self, retry: int, error: ProviderError, history: list[Attempt]) -> float:
        wait = self.retry.delay(retry, error, self._rand)
        if not error.retryable or retry >= self.retry.max_retries or wait is None:
            error.history = tuple(history)
            raise error
        self._sleep(wait)
        return wait

    def _attempt(self, outcome: str, started: float, slept: float) -> Attempt:
        return Attempt(self.name, self.model, outcome, self._clock() - started, slept)


class FallbackChain:
    """Try each provider in order; the first generation wins, else the last error is raised."""

    def __init__(self, providers: Sequence[Provider]) -> None:
        if not providers:
            raise ValueError("a fallback chain needs at least one provider")
        self.providers = list(providers)

    @property
    def name(self) -> str:
        return "fallback(" + ", ".join(p.name for p in self.providers) + ")"

    @property
    def model(self) -> str:
        return self.providers[0].model

    def close(self) -> None:
        for provider in self.providers:
            close_provider(provider)

    def generate(self, request: GenerationRequest) -> Generation:
        history: list[Attempt] = []
        last: ProviderError | None = None
        for provider in self.providers:
            try:
                generation = provider.generate(request)
            except ProviderError as error:
                history.extend(
                    error.history or (Attempt(provider.name, provider.model, error.reason, 0.0),)
                )
                last = error
                continue
            history.extend(
                generation.history
                or (Attempt(provider.name, provider.model, "ok", generation.latency_s),)
            )
            calls = sum(1 for a in history if a.outcome != CircuitOpen.reason)
            return replace(generation, attempts=calls, history=tuple(history))
        assert last is not None
        last.history = tuple(history)
        raise last


def close_provider(provider: object) -> None:
    """Call ``provider.close()`` where there is one (HTTP clients); others hold nothing."""
    close = getattr(provider, "close", None)
    if callable(close):
        close()
