"""Retrieval feasibility (audit layer 3): latency percentiles and neighbour agreement.

Each query is run end to end as the drafter would run it (embedded live, searched, hits read
back), timed, and its neighbours compared with its own label: match@1 (the best neighbour shares
the category), match@k (one of the top k does) and precision@k (the share of the top k that do).
Queries are held-out tickets; `exclude_ticket_id` leaves a query's own ticket out of its
neighbours when it is also in the index (leave-one-out).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ticketpilot.retrieval.documents import Hit, SearchMode
from ticketpilot.retrieval.filters import SearchFilters
from ticketpilot.retrieval.index import RetrievalIndex

#: The playbook's retrieval budget per query.
LATENCY_BUDGET_MS = 500.0


@dataclass(frozen=True, slots=True)
class LabelledQuery:
    """A held-out ticket used as a query: its text, its label and its actual reply if known."""

    text: str
    category: str | None = None
    exclude_ticket_id: str | None = None
    reply: str | None = None


@dataclass(frozen=True, slots=True)
class LatencyReport:
    """Per-query latency in milliseconds over `n` queries, against `budget_ms` (p99 within)."""

    n: int
    mode: str
    k: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    mean_ms: float
    max_ms: float
    budget_ms: float = LATENCY_BUDGET_MS

    @property
    def within_budget(self) -> bool:
        """Whether the 99th percentile fits the budget."""
        return self.p99_ms <= self.budget_ms

    @property
    def method(self) -> str:
        """How the figures were computed, for reports."""
        return (
            f"{self.n} queries, each embedded and searched end to end ({self.mode}, k={self.k}),"
            " timed one at a time with a monotonic clock"
        )


@dataclass(frozen=True, slots=True)
class QualityReport:
    """Neighbour agreement over the `n` labelled queries (None when no query had a label)."""

    n: int
    mode: str
    k: int
    match_at_1: float | None
    match_at_k: float | None
    precision_at_k: float | None
    reply_similarity: float | None = None

    @property
    def method(self) -> str:
        """How the figures were computed, for reports."""
        return (
            f"{self.n} labelled held-out queries, top {self.k} neighbours ({self.mode});"
            " a neighbour matches when its category equals the query's; reply similarity is"
            " the mean cosine between the query's reply and the best neighbour's"
        )


@dataclass(frozen=True, slots=True)
class FeasibilityReport:
    """Latency and quality measured in the same pass, on an index of `index_size` tickets."""

    index_size: int
    model: str
    latency: LatencyReport
    quality: QualityReport


def percentiles_ms(seconds: Sequence[float]) -> tuple[float, float, float]:
    """p50, p95 and p99 of `seconds`, in milliseconds."""
    p50, p95, p99 = np.percentile(np.asarray(seconds, dtype=np.float64) * 1000, [50, 95, 99])
    return float(p50), float(p95), float(p99)


def is_held_out(ticket_id: str, fraction: float = 0.1) -> bool:
    """A stable pseudo-random split: the same ticket is always on the same side."""
    digest = hashlib.sha256(ticket_id.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") < fraction * 2**64


def run_queries(
    index: RetrievalIndex, queries: Sequence[LabelledQuery], k: int, mode: SearchMode,
    filters: SearchFilters | None,
) -> tuple[list[float], list[list[Hit]]]:  # fmt: skip
    if queries:
        index.search(queries[0].text, k=k, mode=mode)  # warm-up: loads the model, maps files
    seconds, results = [], []
    for query in queries:
        fetch = k + 1 if query.exclude_ticket_id is not None else k
        started = time.perf_counter()
        hits = index.search(query.text, k=fetch, filters=filters, mode=mode)
        seconds.append(time.perf_counter() - started)
        results.append([h for h in hits if h.ticket_id != query.exclude_ticket_id][:k])
    return seconds, results


def _latency(seconds: list[float], mode: str, k: int, budget_ms: float) -> LatencyReport:
    if not seconds:
        return LatencyReport(0, mode, k, 0.0, 0.0, 0.0, 0.0, 0.0, budget_ms)
    p50, p95, p99 = percentiles_ms(seconds)
    mean, worst = float(np.mean(seconds) * 1000), float(np.max(seconds) * 1000)
    return LatencyReport(len(seconds), mode, k, p50, p95, p99, mean, worst, budget_ms)


def _reply_similarity(
    index: RetrievalIndex, queries: Sequence[LabelledQuery], results: list[list[Hit]]
) -> float | None:
    pairs = [(q.reply, hits[0].reply) for q, hits in zip(queries, results, strict=True)
             if q.reply and hits and hits[0].reply]  # fmt: skip
    if not pairs:
        return None
    ours = index.embedder.embed([a for a, _ in pairs])
    theirs = index.embedder.embed([b for _, b in pairs])
    return float(np.mean(np.sum(ours * theirs, axis=1)))


def quality_of(
    index: RetrievalIndex, queries: Sequence[LabelledQuery], results: list[list[Hit]],
    mode: str, k: int, with_replies: bool,
) -> QualityReport:  # fmt: skip
    at_1, at_k, precision = [], [], []
    for query, hits in zip(queries, results, strict=True):
        if query.category is None:
            continue
        same = [h.category == query.category for h in hits]
        at_1.append(bool(same[:1]) and same[0])
        at_k.append(any(same))
        precision.append(sum(same) / k)
    replies = _reply_similarity(index, queries, results) if with_replies else None
    if not at_1:
        return QualityReport(0, mode, k, None, None, None, replies)
    return QualityReport(len(at_1), mode, k, float(np.mean(at_1)), float(np.mean(at_k)),
                         float(np.mean(precision)), replies)  # fmt: skip


def measure_latency(
    index: RetrievalIndex,
    queries: Sequence[str],
    k: int = 5,
    mode: SearchMode = "hybrid",
    filters: SearchFilters | None = None,
    budget_ms: float = LATENCY_BUDGET_MS,
) -> LatencyReport:
    """p50/p95/p99 latency of `queries`, each embedded and searched end to end."""
    seconds, _ = run_queries(index, [LabelledQuery(q) for q in queries], k, mode, filters)
    return _latency(seconds, mode, k, budget_ms)


def measure_quality(
    index: RetrievalIndex,
    queries: Sequence[LabelledQuery],
    k: int = 5,
    mode: SearchMode = "hybrid",
    with_replies: bool = False,
) -> QualityReport:
    """Neighbour-category agreement of labelled queries (and reply similarity if asked)."""
    _, results = run_queries(index, queries, k, mode, None)
    return quality_of(index, queries, results, mode, k, with_replies)


def evaluate_feasibility(
    index: RetrievalIndex,
    queries: Sequence[LabelledQuery],
    k: int = 5,
    mode: SearchMode = "hybrid",
    budget_ms: float = LATENCY_BUDGET_MS,
) -> FeasibilityReport:
    """Latency and quality of held-out `queries` in one pass: the audit's layer 3 figures."""
    seconds, results = run_queries(index, queries, k, mode, None)
    return FeasibilityReport(
        index_size=len(index),
        model=index.manifest.model,
        latency=_latency(seconds, mode, k, budget_ms),
        quality=quality_of(index, queries, results, mode, k, with_replies=True),
    )
