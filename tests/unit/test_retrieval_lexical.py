"""BM25: tokenising, ranking order, incremental adds and persistence."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from ticketpilot.retrieval.lexical import BM25Index, tokenise

CORPUS = [
    "my bag was lost on the flight to paris",
    "the flight was delayed by three hours",
    "lost my phone at the gate, bag was fine",
    "refund for my cancelled booking please",
]


def test_tokenise_lowercases_drops_stopwords_and_plurals() -> None:
    assert tokenise("My Bags were LOST at the Gates!") == ["bag", "lost", "gate"]
    assert tokenise("glass class") == ["glass", "class"]  # "ss" is not a plural


def test_ranking_prefers_rarer_and_more_terms() -> None:
    index = BM25Index()
    index.add(CORPUS)
    scores = index.scores("lost bag paris")
    assert list(np.argsort(-scores)[:2]) == [0, 2]
    assert scores[3] == 0.0
    assert scores[0] > scores[2] > scores[1] == 0.0


def test_unknown_terms_and_empty_index_score_zero() -> None:
    assert len(BM25Index().scores("anything")) == 0
    index = BM25Index()
    index.add(CORPUS)
    assert not index.scores("zebra xylophone").any()


def test_incremental_adds_score_as_one_bulk_build() -> None:
    bulk = BM25Index()
    bulk.add(CORPUS * 3)
    grown = BM25Index()
    for text in CORPUS * 3:
        grown.add([text])
    for query in ("lost bag", "flight delayed", "refund booking paris"):
        np.testing.assert_allclose(grown.scores(query), bulk.scores(query), rtol=1e-6)


def test_tail_folds_into_base_without_changing_scores() -> None:
    texts = [f"ticket {i} about order {i % 7} and item {i % 13}" for i in range(3000)]
    unfolded = BM25Index()
    unfolded.add(texts)
    folded = BM25Index()
    for start in range(0, len(texts), 500):
        folded.add(texts[start : start + 500])
    folded._fold_tail()
    assert folded._tail_chunks == []
    np.testing.assert_allclose(folded.scores("order 3 item 5"), unfolded.scores("order 3 item 5"))


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    index = BM25Index(k1=1.5, b=0.5)
    index.add(CORPUS)
    index.save(tmp_path / "lexical.npz")
    loaded = BM25Index.load(tmp_path / "lexical.npz")
    assert (loaded.k1, loaded.b, len(loaded)) == (1.5, 0.5, len(CORPUS))
    np.testing.assert_allclose(loaded.scores("lost bag"), index.scores("lost bag"))
    loaded.add(["another lost bag"])
    assert int(np.argmax(loaded.scores("another"))) == len(CORPUS)


@pytest.mark.parametrize("query", ["", "the and of"])
def test_queries_of_only_stopwords_match_nothing(query: str) -> None:
    index = BM25Index()
    index.add(CORPUS)
    assert not index.scores(query).any()


def test_scores_for_rows_equal_the_full_scores() -> None:
    index = BM25Index()
    texts = [f"order {i} lost in transit parcel" if i % 3 else f"login reset password {i}"
             for i in range(300)]  # fmt: skip
    index.add(texts[:200])
    index.add(texts[200:])  # some postings in the tail
    rows = np.array([299, 5, 0, 150, 7, 201], dtype=np.int64)
    for query in ("lost parcel 150", "password reset", "nothing matches", "order 7"):
        assert index.scores_for(query, rows) == pytest.approx(index.scores(query)[rows], abs=1e-5)


def test_rare_candidates_come_from_rare_terms_only() -> None:
    index = BM25Index()
    index.add([f"parcel lost order {i}" for i in range(500)] + ["parcel lost zx81773"])
    assert index.rare_candidates("parcel lost").tolist() == []  # only common words
    assert index.rare_candidates("lost parcel zx81773").tolist() == [500]
    assert index.rare_candidates("order 42 parcel").tolist() == [42]
