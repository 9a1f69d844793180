"""Layer 3: can relevant past tickets be retrieved within the playbook's 500 ms?

Measured over the index ``ticketpilot index`` built, on a stable 10% held-out sample of tickets
(at most :data:`MAX_QUERIES`), each searched end to end with itself left out of its neighbours.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np

from ticketpilot.audit.data import AuditData
from ticketpilot.audit.model import CheckResult, Finding, Severity
from ticketpilot.audit.replies import reply_problem
from ticketpilot.indexing import index_exists, open_index
from ticketpilot.retrieval import LabelledQuery, RetrievalIndex
from ticketpilot.retrieval.evaluation import is_held_out, percentiles_ms

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
        if data.index_dir is None or not index_exists(data.index_dir):
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
        index = open_index(data.index_dir)
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
        probe = probe_index(index, queries)
        p50, p95, p99 = percentiles_ms(probe.seconds)
        labelled = [m for m in probe.matches if m is not None]
        enough = len(labelled) >= MIN_LABELLED
        match_1 = sum(m[0] for m in labelled) / len(labelled) if enough else None
        match_k = sum(m[1] for m in labelled) / len(labelled) if enough else None
        latency_score = 100.0 if p95 <= budget else max(0.0, 100.0 * budget / p95)
        quality = match_k / GOOD_MATCH_AT_K if match_k is not None else probe.useful_share
        result.score = (latency_score + 100.0 * min(1.0, quality)) / 2
        result.figures = {
            "index_size": len(index),
            "model": index.manifest.model,
            "queries": len(queries),
            "p50_ms": p50,
            "p95_ms": p95,
            "p99_ms": p99,
            "budget_ms": budget,
            "latencies_ms": [round(x * 1000, 3) for x in probe.seconds],
            "labelled_queries": len(labelled),
            "match_at_1": match_1,
            "match_at_5": match_k,
            "useful_nearest_reply_share": probe.useful_share,
            "reply_similarity": probe.reply_similarity,
        }
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
                        "labelled_queries": len(labelled),
                        "match_at_1": match_1,
                        "match_at_5": match_k,
                    },
                    fix="Improve tagging consistency, de-duplicate, and add knowledge articles for thin "
                    "categories; re-run after `ticketpilot index`.",
                )
            )
        return result


@dataclass(slots=True)
class Probe:
    """Per query: the search time, (top-1 match, top-k match) where labelled, reply usefulness."""

    seconds: list[float] = field(default_factory=list)
    matches: list[tuple[bool, bool] | None] = field(default_factory=list)
    useful_share: float = 0.0
    reply_similarity: float | None = None


def probe_index(index: RetrievalIndex, queries: list[LabelledQuery]) -> Probe:
    """Search each query end to end, timed one at a time, leaving its own ticket out."""
    probe = Probe()
    index.search(queries[0].text, k=1)  # warm-up: loads the model and maps the files
    useful = 0
    pairs: list[tuple[str, str]] = []
    for query in queries:
        started = time.perf_counter()
        found = index.search(query.text, k=K + 1)
        probe.seconds.append(time.perf_counter() - started)
        hits = [h for h in found if h.ticket_id != query.exclude_ticket_id][:K]
        if query.category is not None:
            same = [h.category == query.category for h in hits]
            probe.matches.append((bool(same) and same[0], any(same)))
        else:
            probe.matches.append(None)
        best = hits[0].reply if hits else None
        if best and reply_problem(best) is None:
            useful += 1
        if best and query.reply:
            pairs.append((query.reply, best))
    probe.useful_share = useful / len(queries)
    if pairs:
        ours = index.embedder.embed([a for a, _ in pairs])
        theirs = index.embedder.embed([b for _, b in pairs])
        probe.reply_similarity = float(np.mean(np.sum(ours * theirs, axis=1)))
    return probe
