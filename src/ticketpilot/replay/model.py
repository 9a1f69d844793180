"""What a replay measures: one row per held-out ticket and system, and the figures over them.

Every rate is a :class:`Rate`: its numerator, its denominator and what the denominator counts,
so "grounding failures 3.2%" always reads "3 of 94 texts produced". The denominators differ on
purpose: acceptance and fallback are over held-out tickets; grounding failures over the texts a
system produced (before checks: a text the checks stopped was produced, not delivered); links
outside the scope over the texts delivered.
"""

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


#: what each figure is computed from, for the reports (JSON ``definitions``, the HTML, the CLI)
DEFINITIONS = {
    "acceptance": "accepted / held-out tickets. Accepted: the system handed the agent a text, "
    "the text failed no grounding or leak check, links no site outside the ticket's scope, and "
    "its similarity to the real reply is at least the threshold (95% Wilson interval)",
    "grounding_failures": "texts that failed the grounding or leak check / texts produced "
    "(before checks; the drafter's failed texts go to a human, the baselines' are delivered)",
    "fallback": "held-out tickets the system gave no text for / held-out tickets",
    "links_outside_scope": "delivered texts that link or name a web domain never named in the "
    "agent replies of the ticket's own scope (nor in the ticket) / delivered texts of tickets "
    "with a scope value",
    "sources_outside_scope": "delivered texts built from a past ticket of another scope (the "
    "drafter's cited tickets; the nearest reply's ticket) / delivered texts of scoped tickets",
}


@dataclass(frozen=True)
class Rate:
    """``numerator`` of ``denominator`` (what the denominator counts is ``of``)."""

    numerator: int
    denominator: int
    of: str

    @property
    def value(self) -> float | None:
        """The share; ``None`` when the denominator is 0 (no rate, rather than 0%)."""
        return self.numerator / self.denominator if self.denominator else None

    def __str__(self) -> str:
        share = "n/a" if self.value is None else f"{self.value:.1%}"
        return f"{share} ({self.numerator:,} of {self.denominator:,} {self.of})"

    def as_dict(self) -> dict[str, Any]:
        value = self.value
        return {"numerator": self.numerator, "denominator": self.denominator, "of": self.of,
                "value": None if value is None else round(value, 4)}  # fmt: skip


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
    produced: bool = False  # the system produced a text, before checks (delivered or not)
    #: the delivered text names a domain its scope's replies never did (None: not measured)
    outside_links: bool | None = None
    #: the delivered text came from another scope's ticket (None: not measured)
    outside_sources: bool | None = None


@dataclass(frozen=True)
class SystemFigures:
    """One system's figures over the sample; each rate says what it was computed from."""

    system: str
    n: int
    delivered: int
    produced: int
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
    links_outside_scope: Rate | None = None
    sources_outside_scope: Rate | None = None

    def rates(self) -> dict[str, Rate]:
        """Every rate of this system with its numerator and denominator."""
        rates = {
            "acceptance": Rate(self.accepted, self.n, "held-out tickets"),
            "grounding_failures": Rate(self.grounding_failures, self.produced, "texts produced"),
            "fallback": Rate(self.n - self.delivered, self.n, "held-out tickets"),
        }
        if self.links_outside_scope is not None:
            rates["links_outside_scope"] = self.links_outside_scope
        if self.sources_outside_scope is not None:
            rates["sources_outside_scope"] = self.sources_outside_scope
        return rates

    def as_dict(self) -> dict[str, Any]:
        plain = {k: (round(v, 4) if isinstance(v, float) else v) for k, v in self.__dict__.items()
                 if k not in _RATE_FIELDS}  # fmt: skip
        return {**plain, "rates": {name: rate.as_dict() for name, rate in self.rates().items()}}


_RATE_FIELDS = frozenset({"links_outside_scope", "sources_outside_scope"})


def _share(rows: Sequence[Attempted], flag: str) -> Rate | None:
    measured = [getattr(r, flag) for r in rows if r.delivered and getattr(r, flag) is not None]
    if not any(getattr(r, flag) is not None for r in rows):
        return None
    return Rate(sum(measured), len(measured), "texts delivered")


def figures_of(system: str, rows: Sequence[Attempted]) -> SystemFigures:
    n = len(rows)
    delivered = sum(r.delivered for r in rows)
    accepted = sum(r.accepted for r in rows)
    low, high = wilson(accepted, n)
    sims = [r.similarity for r in rows if r.similarity is not None]
    facts = [r.fact_overlap for r in rows if r.fact_overlap is not None]
    failures = sum(r.grounding_failed for r in rows)
    produced = sum(r.produced for r in rows)
    latencies = [r.latency_ms for r in rows] or [0.0]
    p50, p95 = (float(v) for v in np.percentile(latencies, [50, 95]))
    return SystemFigures(
        system=system, n=n, delivered=delivered, produced=produced, accepted=accepted,
        acceptance=accepted / n if n else 0.0, acceptance_low=low, acceptance_high=high,
        similarity_mean=float(np.mean(sims)) if sims else None,
        fact_overlap_mean=float(np.mean(facts)) if facts else None,
        grounding_failures=failures,
        grounding_failure_rate=failures / produced if produced else 0.0,
        fallback_share=(n - delivered) / n if n else 0.0,
        latency_p50_ms=p50, latency_p95_ms=p95,
        links_outside_scope=_share(rows, "outside_links"),
        sources_outside_scope=_share(rows, "outside_sources"),
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
    partition: str | None = None  # the charter's [scope] partition
    link_field: str | None = None  # the field links were checked against (None: not measured)
    scopes: int = 0  # distinct values of link_field in history

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
            "accepted when it reached the agent, stated nothing ungrounded, linked no site "
            "outside the ticket's scope and its embedding "
            f"similarity to the real reply is at least {self.calibration.threshold:.2f}; "
            "acceptance is over all held-out tickets (a human fallback is not accepted), with a "
            "95% Wilson interval." + self._scope_sentence()
        )

    def _scope_sentence(self) -> str:
        if self.partition:
            return (
                f" History is partitioned by {self.partition} ([scope] partition): each ticket "
                f"was drafted from tickets of its own {self.partition} only, and the random "
                f"reply drawn from it; links are checked against the {self.scopes:,} "
                f"{self.partition} values' own replies."
            )
        if self.link_field:
            return (
                f" No [scope] partition is set: every ticket was drafted from all "
                f"{self.scopes:,} {self.link_field} values' history; links are checked against "
                f"each ticket's own {self.link_field}'s replies."
            )
        return ""

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
            "scope": {
                "partition": self.partition,
                "links_checked_by": self.link_field,
                "values": self.scopes,
            },
            "definitions": DEFINITIONS,
        }
