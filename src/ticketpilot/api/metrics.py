"""Prometheus metrics of the service: request latency by route, drafts by outcome, fallbacks by
reason, tokens, spend, drafting process restarts, feedback events.

Each app owns its collectors (no module-level registry, so tests build many apps). Under
``ticketpilot serve`` the environment names a folder in ``PROMETHEUS_MULTIPROC_DIR`` before any
worker starts; prometheus-client then keeps every worker's values in memory-mapped files there,
and ``/metrics`` adds up all workers (its multiprocess mode), whichever worker answers.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.multiprocess import MultiProcessCollector
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ticketpilot.drafting.result import DraftResult

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
_LATENCY_BUCKETS = (0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class ServiceMetrics:
    """The service's collectors, and the exposition of this process or of all workers."""

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        env = os.environ if environ is None else environ
        self.multiprocess_dir = env.get(MULTIPROC_ENV) or None
        self.registry = CollectorRegistry()
        registry = self.registry
        self.requests = Histogram(
            "ticketpilot_http_request_duration_seconds",
            "HTTP request latency in seconds, by method, route template and status code.",
            ["method", "route", "status"], buckets=_LATENCY_BUCKETS, registry=registry,
        )  # fmt: skip
        self.drafts = Counter(
            "ticketpilot_drafts", "Drafting calls by outcome (draft or fallback).", ["outcome"],
            registry=registry,
        )  # fmt: skip
        self.fallbacks = Counter(
            "ticketpilot_draft_fallbacks", "Human fallbacks by reason (one per reason).",
            ["reason"], registry=registry,
        )  # fmt: skip
        self.tokens = Counter(
            "ticketpilot_draft_tokens", "Model tokens by direction (input, output).",
            ["direction"], registry=registry,
        )  # fmt: skip
        self.spend = Counter(
            "ticketpilot_draft_spend", "Model spend in the program currency (priced drafts).",
            registry=registry,
        )  # fmt: skip
        self.draft_latency = Histogram(
            "ticketpilot_draft_latency_seconds", "Drafting latency in seconds (the engine's).",
            buckets=_LATENCY_BUCKETS, registry=registry,
        )  # fmt: skip
        self.draft_restarts = Counter(
            "ticketpilot_draft_process_restarts",
            "Drafting process pools replaced after a process stopped (killed, out of memory).",
            registry=registry,
        )  # fmt: skip
        self.events = Counter(
            "ticketpilot_feedback_events",
            "Feedback events by kind and result (recorded, or duplicate: not counted again).",
            ["kind", "result"], registry=registry,
        )  # fmt: skip

    def observe_draft(self, result: DraftResult) -> None:
        """Count one drafting call."""
        self.drafts.labels(result.outcome).inc()
        for reason in result.reasons:
            self.fallbacks.labels(_reason_label(reason)).inc()
        self.tokens.labels("input").inc(result.input_tokens)
        self.tokens.labels("output").inc(result.output_tokens)
        if result.cost:
            self.spend.inc(result.cost)
        self.draft_latency.observe(result.latency_ms / 1000)

    def observe_event(self, kind: str, *, duplicate: bool) -> None:
        """Count one feedback event."""
        self.events.labels(kind, "duplicate" if duplicate else "recorded").inc()

    def exposition(self) -> tuple[bytes, str]:
        """The text exposition (all workers' values in multiprocess mode) and its content type."""
        if self.multiprocess_dir is None:
            return generate_latest(self.registry), CONTENT_TYPE_LATEST
        registry = CollectorRegistry()
        MultiProcessCollector(registry, path=self.multiprocess_dir)  # type: ignore[no-untyped-call]
        return generate_latest(registry), CONTENT_TYPE_LATEST


def _reason_label(reason: str) -> str:
    """A bounded label: ``provider_crashed: KeyError`` becomes ``provider_crashed``."""
    return reason.split(":", 1)[0].strip()[:64] or "unknown"


class RequestTimer:
    """ASGI middleware: each HTTP request's latency into the histogram, by route *template*
    (``/api/v1/tickets/{ticket_id}``, so ids never become labels); unrouted paths are
    ``unmatched``."""

    def __init__(self, app: ASGIApp, metrics: ServiceMetrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_status)
        finally:
            route = scope.get("route")
            template = getattr(route, "path", None) or "unmatched"
            if template.startswith("/static"):
                template = "/static"
            self.metrics.requests.labels(scope["method"], template, str(status)).observe(
                time.perf_counter() - started
            )
