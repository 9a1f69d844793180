"""What a drafting call returns and records: a draft with citations, or a fallback with reasons."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from ticketpilot.drafting.checks import CheckOutcome
from ticketpilot.retrieval.documents import Hit

Outcome = Literal["draft", "fallback"]


@dataclass(frozen=True)
class Citation:
    """A past ticket the draft was drawn from, and how well it matched this one."""

    ticket_id: str
    score: float
    used: bool = False  # the provider says it took text from this one

    def as_dict(self) -> dict[str, Any]:
        return {"ticket_id": self.ticket_id, "score": round(self.score, 4), "used": self.used}


@dataclass(frozen=True)
class DraftResult:
    """One drafting call: outcome, text (PII restored for this ticket only) and what it cost.

    ``redacted_text`` is the draft as the provider wrote it (placeholders, not PII): it is
    what the database keeps. ``reasons`` lists why a fallback happened (blocking checks,
    provider error codes); ``flags`` lists failed non-blocking checks an agent should see.
    """

    ticket_id: str | None
    outcome: Outcome
    reasons: tuple[str, ...]
    text: str | None
    redacted_text: str | None
    citations: tuple[Citation, ...]
    checks: tuple[CheckOutcome, ...]
    provider: str
    model: str
    prompt_version: str
    input_tokens: int
    output_tokens: int
    cost: float | None
    latency_ms: float
    retrieval_ms: float
    generation_ms: float
    attempts: int
    created_at: datetime
    top_score: float | None = None
    flags: tuple[str, ...] = field(default=())
    #: the past tickets retrieval returned, unmasked: for the replay's baselines, never shown
    hits: tuple[Hit, ...] = field(default=(), compare=False, repr=False)
    #: the scope (brand...) retrieval stayed in; ``None``: no partition, or none for the ticket
    scope: str | None = None

    @property
    def is_draft(self) -> bool:
        return self.outcome == "draft"

    @property
    def reason(self) -> str:
        """The first reason, or ``"ok"`` for a draft."""
        return self.reasons[0] if self.reasons else "ok"

    def as_dict(self) -> dict[str, Any]:
        return {
            "ticket_id": self.ticket_id,
            "outcome": self.outcome,
            "reasons": list(self.reasons),
            "flags": list(self.flags),
            "text": self.text,
            "citations": [c.as_dict() for c in self.citations],
            "checks": [check_dict(c) for c in self.checks],
            "provider": self.provider,
            "model": self.model,
            "prompt_version": self.prompt_version,
            "input_tokens": self.input_tokens,
            "output_tokens": self.output_tokens,
            "cost": self.cost,
            "latency_ms": round(self.latency_ms, 2),
            "retrieval_ms": round(self.retrieval_ms, 2),
            "generation_ms": round(self.generation_ms, 2),
            "attempts": self.attempts,
            "top_score": self.top_score,
            "scope": self.scope,
            "created_at": self.created_at.isoformat(),
        }


def check_dict(outcome: CheckOutcome) -> dict[str, Any]:
    return {
        "check": outcome.check,
        "passed": outcome.passed,
        "severity": outcome.severity,
        "reason": outcome.reason,
        "evidence": outcome.evidence[:5],
    }
