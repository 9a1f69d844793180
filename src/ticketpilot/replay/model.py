"""What a replay measures: one row per held-out ticket and system, and the figures over them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ticketpilot.replay.metrics import Calibration, wilson

#: the drafter and the two baselines it must beat, in report order
SYSTEMS = ("default", "nearest_reply", "random_reply")
SYSTEM_LABELS = {
    "default": "default drafter",
    "nearest_reply": "nearest past reply, verbatim",
    "random_reply": "random past reply",
}


@dataclass
class Attempted:
    """One system's answer to one held-out ticket."""

    system: str
    ticket_id: str
    category: str | None
    delivered: bool  # the system handed an agent a text (False: human fallback)
    text: str | None
    grounding_failed: bool  # its text stated something ungrounded or another person's detail
    latency_ms: float
    reason: str = "ok"
    similarity: float | None = None
    fact_overlap: float | None = None
    accepted: bool = False


@dataclass(frozen=True)
class SystemFigures:
    """One system's figures over the sample; each rate says what it was computed from."""

    system: str
    n: int
    delivered: int
    accepted: int
    acceptance: float
    acceptance_low: float
    acceptance_high: float
    similarity_mean: float | None
    fact_overlap_mean: float | None
    grounding_failures: int
    grounding_failure_rate: float
    fallback_share: float
    latency_p50_ms: float
    latency_p95_ms: float

    def as_dict(self) -> dict[str, Any]:
        return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in self.__dict__.items()}


def figures_of(system: str, rows: Sequence[Attempted]) -> SystemFigures:
    n = len(rows)
    delivered = sum(r.delivered for r in rows)
    accepted = sum(r.accepted for r in rows)
    low, high = wilson(accepted, n)
    sims = [r.similarity for r in rows if r.similarity is not None]
    facts = [r.fact_overlap for r in rows if r.fact_overlap is not None]
    failures = sum(r.grounding_failed for r in rows)
    with_text = sum(r.text is not None for r in rows)
    latencies = [r.latency_ms for r in rows] or [0.0]
    p50, p95 = (float(v) for v in np.percentile(latencies, [50, 95]))
    return SystemFigures(
        system=system, n=n, delivered=delivered, accepted=accepted,
        acceptance=accepted / n if n else 0.0, acceptance_low=low, acceptance_high=high,
        similarity_mean=float(np.mean(sims)) if sims else None,
        fact_overlap_mean=float(np.mean(facts)) if facts else None,
        grounding_failures=failures,
        grounding_failure_rate=failures / with_text if with_text else 0.0,
        fallback_share=(n - delivered) / n if n else 0.0,
        latency_p50_ms=p50, latency_p95_ms=p95,
    )  # fmt: skip


@dataclass
class ReplayReport:
    """A whole replay: the figures per system and per category, and how it was measured."""

    replay_id: int
    sample: int
    qualifying: int
    history: int
    calibration: Calibration
    systems: dict[str, SystemFigures]
    categories: dict[str, dict[str, SystemFigures]]
    fallback_reasons: dict[str, int]
    prompt_version: str
    provider: str
    model: str
    seconds: float
    examples: list[dict[str, Any]] = field(default_factory=list)

    @property
    def default_beats_baselines(self) -> bool:
        ours = self.systems["default"].acceptance
        return all(ours > self.systems[s].acceptance for s in SYSTEMS[1:])

    def method(self) -> str:
        return (
            f"{self.sample:,} held-out tickets (of {self.qualifying:,} with a customer message and "
            f"an agent reply; {self.history:,} tickets in history), each drafted from the rest of "
            "history (older tickets only, where tickets are dated) and compared with the reply "
            "the agent actually sent. A draft is "
            "accepted when it reached the agent, stated nothing ungrounded and its embedding "
            f"similarity to the real reply is at least {self.calibration.threshold:.2f}; "
            "acceptance is over all held-out tickets (a human fallback is not accepted), with a "
            "95% Wilson interval."
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "replay_id": self.replay_id,
            "method": self.method(),
            "sample": self.sample,
            "qualifying": self.qualifying,
            "history": self.history,
            "calibration": self.calibration.as_dict(),
            "systems": {name: fig.as_dict() for name, fig in self.systems.items()},
            "default_beats_baselines": self.default_beats_baselines,
            "categories": {
                cat: {name: fig.as_dict() for name, fig in figs.items()}
                for cat, figs in self.categories.items()
            },
            "fallback_reasons": self.fallback_reasons,
            "prompt_version": self.prompt_version,
            "provider": self.provider,
            "model": self.model,
            "seconds": round(self.seconds, 2),
            "examples": self.examples,
        }
