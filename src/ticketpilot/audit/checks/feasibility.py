"""Layer 3: can relevant past tickets be retrieved within the playbook's 500 ms?

Measured over the index ``ticketpilot index`` built, on a stable 10% held-out sample of tickets
(at most :data:`MAX_QUERIES`), each searched end to end with itself left out of its neighbours.
"""

from __future__ import annotations

from typing import ClassVar

from ticketpilot.audit.data import AuditData
from ticketpilot.audit.figures.feasibility import FeasibilityFigures
from ticketpilot.audit.model import CheckResult, Finding, Severity
from ticketpilot.audit.replies import reply_problem
from ticketpilot.retrieval import Hit, LabelledQuery
from ticketpilot.retrieval.evaluation import (
    is_held_out,
    percentiles_ms,
    quality_of,
    run_queries,
)

MAX_QUERIES = 300
K = 5
GOOD_MATCH_AT_K = 0.8
MIN_LABELLED = 20
"""Fewer labelled queries than this and quality is judged by reply usefulness instead."""


class RetrievalFeasibility:
    name: ClassVar[str] = "retrieval_feasibility"
    layer: ClassVar[str] = "feasibility"
    title: ClassVar[str] = "Similar past tickets retrieved fast and on topic"
    weight: ClassVar[float] = 1.0

    def run(self, data: AuditData) -> CheckResult:
        budget = data.charter.audit.max_retrieval_p95_ms
        method = (
            f"held-out tickets (stable 10% hash split, at most {MAX_QUERIES}) searched end to "
            f"end (query embedded live, hybrid, k={K}) over the workspace index, each "
            "leaving itself out; latency p95 against the charter's audit.max_retrieval_p95_ms "
            f"{budget:g} ms; quality = neighbours sharing the query's category where labelled, "
            f"(with at least {MIN_LABELLED} labelled queries), else the share of queries whose best "
            "neighbour has a usable reply"
        )
        result = CheckResult(self.name, self.layer, self.title, None, self.weight, method)
        index = data.index
        if index is None:
            result.findings.append(
                Finding(
                    check=self.name,
                    severity=Severity.BLOCKER,
                    title="No retrieval index: retrieval feasibility is unmeasured",
                    evidence={"index_dir": str(data.index_dir)},
                    fix="Run `ticketpilot index` to build the index over the history, then audit again.",
                )
            )
            return result
        held = [t for t in data.tickets if is_held_out(t.id) and t.customer_text.strip()]
        held = held[:: max(1, len(held) // MAX_QUERIES)][:MAX_QUERIES]
        queries = [
            LabelledQuery(
                f"{t.subject}\n{t.customer_text}".strip(), t.category, t.id, t.first_reply or None
            )
            for t in held
        ]
        if not queries:
            result.findings.append(
                Finding(
                    check=self.name,
                    severity=Severity.WARNING,
                    title="No held-out tickets to query",
                    evidence={"tickets": len(data.tickets)},
                    fix="Import more history.",
                )
            )
            return result
        seconds, results = run_queries(index, queries, K, "hybrid", None)
        labels = quality_of(index, queries, results, "hybrid", K, with_replies=True)
        useful = sum(1 for hits in results if _usable_best(hits)) / len(queries)
        p50, p95, p99 = percentiles_ms(seconds)
        enough = labels.n >= MIN_LABELLED
        match_1 = labels.match_at_1 if enough else None
        match_k = labels.match_at_k if enough else None
        latency_score = 100.0 if p95 <= budget else max(0.0, 100.0 * budget / p95)
        quality = match_k / GOOD_MATCH_AT_K if match_k is not None else useful
        result.score = (latency_score + 100.0 * min(1.0, quality)) / 2
        result.figures = FeasibilityFigures(
            index_size=len(index),
            model=index.manifest.model,
            queries=len(queries),
            p50_ms=p50,
            p95_ms=p95,
            p99_ms=p99,
            budget_ms=budget,
            latencies_ms=tuple(round(x * 1000, 3) for x in seconds),
            labelled_queries=labels.n,
            match_at_1=match_1,
            match_at_5=match_k,
            useful_nearest_reply_share=useful,
            reply_similarity=labels.reply_similarity,
        )
        if p95 > budget:
            result.findings.append(
                Finding(
                    check=self.name,
                    severity=Severity.BLOCKER,
                    title=f"Retrieval p95 {p95:.0f} ms is over the {budget:g} ms budget",
                    evidence={
                        "p50_ms": round(p50, 1),
                        "p95_ms": round(p95, 1),
                        "p99_ms": round(p99, 1),
                        "queries": len(queries),
                    },
                    fix="Use the int8 ONNX embedder, enable the approximate index for large history, "
                    "or give the service more cores.",
                )
            )
        if match_k is not None and match_1 is not None and match_k < GOOD_MATCH_AT_K:
            result.findings.append(
                Finding(
                    check=self.name,
                    severity=Severity.WARNING,
                    title=f"Only {match_k:.0%} of labelled queries find a same-category ticket "
                    f"in their top {K} (top-1: {match_1:.0%})",
                    evidence={
                        "labelled_queries": labels.n,
                        "match_at_1": match_1,
                        "match_at_5": match_k,
                    },
                    fix="Improve tagging consistency, de-duplicate, and add knowledge articles for thin "
                    "categories; re-run after `ticketpilot index`.",
                )
            )
        return result


def _usable_best(hits: list[Hit]) -> bool:
    """Whether the best neighbour's reply could serve as an example for a draft."""
    return bool(hits and hits[0].reply and reply_problem(hits[0].reply) is None)
