"""Audit layer 3 measurements: latency percentiles and neighbour-category agreement."""

from __future__ import annotations

from pathlib import Path

import pytest

from ticketpilot import retrieval
from ticketpilot.retrieval import (
    IndexedDoc,
    LabelledQuery,
    RetrievalIndex,
    evaluate_feasibility,
    measure_latency,
    measure_quality,
)
from ticketpilot.retrieval.evaluation import is_held_out, percentiles_ms

DOCS = [
    IndexedDoc("B1", "lost bag at the airport", "BAGGAGE", reply="we will trace your bag"),
    IndexedDoc("B2", "my bag is lost, still waiting", "BAGGAGE", reply="we are tracing the bag"),
    IndexedDoc("D1", "flight delayed by two hours", "DELAY", reply="sorry for the delay"),
    IndexedDoc("D2", "delayed flight again, two hours late", "DELAY", reply="apologies, delay"),
    IndexedDoc("X1", "unlabelled text about seats", None),
]


@pytest.fixture
def index(tmp_path: Path) -> RetrievalIndex:
    index = RetrievalIndex.open(tmp_path / "index", embedder="hashing")
    index.add(DOCS)
    return index


def test_leave_one_out_quality(index: RetrievalIndex) -> None:
    queries = [LabelledQuery(d.text, d.category, d.ticket_id, d.reply) for d in DOCS]
    report = measure_quality(index, queries, k=1, mode="lexical")
    assert report.n == 4  # the unlabelled query is left out of the figures
    assert report.match_at_1 == 1.0
    assert report.match_at_k == 1.0
    assert "4 labelled" in report.method


def test_a_wrong_neighbour_counts_against(index: RetrievalIndex) -> None:
    report = measure_quality(index, [LabelledQuery("lost bag airport", "DELAY")], k=2)
    assert (report.match_at_1, report.match_at_k, report.precision_at_k) == (0.0, 0.0, 0.0)


def test_no_labels_gives_no_figures(index: RetrievalIndex) -> None:
    report = measure_quality(index, [LabelledQuery("lost bag")], k=3)
    assert report.n == 0
    assert report.match_at_1 is None


def test_latency_report(index: RetrievalIndex) -> None:
    report = measure_latency(index, ["lost bag", "delayed flight"] * 10, k=3)
    assert report.n == 20
    assert 0 < report.p50_ms <= report.p95_ms <= report.p99_ms <= report.max_ms
    assert report.within_budget
    assert "20 queries" in report.method


def test_feasibility_measures_latency_quality_and_replies(index: RetrievalIndex) -> None:
    queries = [LabelledQuery(d.text, d.category, d.ticket_id, d.reply) for d in DOCS[:4]]
    report = evaluate_feasibility(index, queries, k=1)
    assert (report.index_size, report.model) == (5, "hashing")
    assert report.latency.n == 4
    assert report.quality.match_at_1 == 1.0
    assert report.quality.reply_similarity is not None
    assert 0 < report.quality.reply_similarity <= 1.0


def test_percentiles_and_held_out_split() -> None:
    assert percentiles_ms([0.001] * 99 + [0.101]) == pytest.approx((1.0, 1.0, 2.0))
    ids = [f"ticket-{i}" for i in range(5000)]
    held = [i for i in ids if is_held_out(i, 0.1)]
    assert 400 < len(held) < 600
    assert held == [i for i in ids if is_held_out(i, 0.1)]  # stable


def test_public_api_is_exported() -> None:
    for name in retrieval.__all__:
        assert hasattr(retrieval, name), name
    assert "RetrievalIndex" in retrieval.__all__
