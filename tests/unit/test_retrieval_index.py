"""RetrievalIndex on real files in a temporary folder: ranking, filters, persistence, adds."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

import numpy as np
import pytest

from ticketpilot.retrieval import (
    IndexedDoc,
    RetrievalError,
    RetrievalIndex,
    RetrievalSettings,
    SearchFilters,
    default_embedders,
)
from ticketpilot.retrieval.embedder import FloatMatrix, ProgressFn
from ticketpilot.retrieval.hashing import HashingEmbedder

DOCS = [
    IndexedDoc("T1", "my bag was lost on the flight to paris", "BAGGAGE", "en",
               datetime(2024, 1, 5), "Sorry Ana, we are tracing your bag."),
    IndexedDoc("T2", "flight delayed three hours, no information at the gate", "DELAY", "en",
               datetime(2024, 2, 5), "Apologies for the delay."),
    IndexedDoc("T3", "suitcase missing after landing in paris, please help", "BAGGAGE", "en",
               datetime(2024, 3, 5), "Please file a report at the desk."),
    IndexedDoc("T4", "ma valise est perdue depuis paris", "BAGGAGE", "fr",
               datetime(2024, 4, 5), "Nous sommes désolés."),
    IndexedDoc("T5", "cannot log in to the app to check in", "CHECKIN", None, None, None),
]  # fmt: skip


class CountingEmbedder(HashingEmbedder):
    """The hashing embedder, counting the texts it embeds (registered as "counting")."""

    calls: list[str] = []  # noqa: RUF012 - shared on purpose: instances come from the registry

    @property
    def name(self) -> str:
        return "counting"

    def embed(self, texts: Sequence[str], progress: ProgressFn | None = None) -> FloatMatrix:
        CountingEmbedder.calls.extend(texts)
        return super().embed(texts, progress)


EMBEDDERS = default_embedders()
EMBEDDERS.register("counting", CountingEmbedder)


@pytest.fixture(autouse=True)
def _reset_counting() -> None:
    CountingEmbedder.calls = []


def _open(path: Path, **settings: object) -> RetrievalIndex:
    return RetrievalIndex.open(
        path,
        embedder="counting",
        settings=RetrievalSettings(**settings),  # type: ignore[arg-type]
        embedders=EMBEDDERS,
    )


@pytest.fixture
def index(tmp_path: Path) -> RetrievalIndex:
    index = _open(tmp_path / "index")
    index.add(DOCS)
    return index


def _ids(hits: Sequence[object]) -> list[str]:
    return [h.ticket_id for h in hits]  # type: ignore[attr-defined]


def test_lexical_ranking_order(index: RetrievalIndex) -> None:
    hits = index.search("lost bag paris", k=3, mode="lexical")
    assert _ids(hits) == ["T1", "T3", "T4"]
    assert [h.rank for h in hits] == [1, 2, 3]
    assert hits[0].lexical_score is not None and hits[0].dense_score is None
    assert hits[0].score > hits[1].score == hits[2].score  # a tie keeps row order


def test_dense_and_hybrid_ranking(index: RetrievalIndex) -> None:
    assert _ids(index.search("bag lost paris", k=1, mode="dense")) == ["T1"]
    hits = index.search("lost bag paris", k=5)
    assert _ids(hits)[0] == "T1"
    assert all(h.lexical_score is not None and h.dense_score is not None for h in hits)
    assert len(hits) == 5  # dense candidates fill the list beyond lexical matches


def test_hits_carry_metadata_and_reply(index: RetrievalIndex) -> None:
    (hit,) = index.search("delayed gate", k=1)
    assert (hit.ticket_id, hit.category, hit.language) == ("T2", "DELAY", "en")
    assert hit.created_at == datetime(2024, 2, 5)
    assert hit.reply == "Apologies for the delay."


def test_filters_restrict_every_mode(index: RetrievalIndex) -> None:
    only_fr = SearchFilters(language="fr")
    for mode in ("lexical", "dense", "hybrid"):
        assert _ids(index.search("paris", k=5, filters=only_fr, mode=mode)) == ["T4"]  # type: ignore[arg-type]
    window = SearchFilters(category="BAGGAGE", created_from=datetime(2024, 2, 1),
                           created_to=datetime(2024, 4, 1))  # fmt: skip
    assert _ids(index.search("lost bag paris", k=5, filters=window)) == ["T3"]
    assert index.search("paris", filters=SearchFilters(category="NONE")) == []


def test_redact_hook_applies_to_text_and_reply(index: RetrievalIndex) -> None:
    (hit,) = index.search("lost bag", k=1, redact=lambda s: s.replace("Ana", "<PERSON>"))
    assert hit.reply == "Sorry <PERSON>, we are tracing your bag."
    assert hit.redacted(str.upper).text == hit.text.upper()


def test_reload_needs_no_embedding(tmp_path: Path) -> None:
    index = _open(tmp_path / "index")
    index.add(DOCS)
    before = index.search("lost bag paris", k=5)
    index.close()
    CountingEmbedder.calls = []
    reopened = RetrievalIndex.open(
        tmp_path / "index", embedders=EMBEDDERS
    )  # model taken from the manifest
    assert len(reopened) == len(DOCS)
    assert reopened.manifest.model == "counting"
    assert CountingEmbedder.calls == []
    lexical = reopened.search("lost bag paris", k=5, mode="lexical")
    assert CountingEmbedder.calls == []  # lexical search does not even load the model
    assert _ids(lexical)[0] == "T1"
    after = reopened.search("lost bag paris", k=5)
    assert CountingEmbedder.calls == ["lost bag paris"]  # only the query
    assert [(h.ticket_id, round(h.score, 5)) for h in after] == [
        (h.ticket_id, round(h.score, 5)) for h in before
    ]


def test_snapshots_missing_are_replayed_from_stored_texts(tmp_path: Path) -> None:
    index = _open(tmp_path / "index")
    index.add(DOCS)
    index.close()
    (tmp_path / "index" / "lexical.npz").unlink()
    CountingEmbedder.calls = []
    reopened = _open(tmp_path / "index")
    assert _ids(reopened.search("lost bag paris", k=2, mode="lexical")) == ["T1", "T3"]
    assert CountingEmbedder.calls == []


def test_incremental_add_and_unchanged_docs(index: RetrievalIndex) -> None:
    CountingEmbedder.calls = []
    result = index.add([*DOCS, IndexedDoc("T6", "refund for my cancelled booking", "REFUND")])
    assert (result.added, result.unchanged, result.replaced) == (1, 5, 0)
    assert CountingEmbedder.calls == ["refund for my cancelled booking"]
    assert _ids(index.search("refund booking", k=1))[0] == "T6"
    assert len(index) == 6


def test_readding_a_ticket_replaces_it(tmp_path: Path) -> None:
    index = _open(tmp_path / "index")
    index.add(DOCS)
    result = index.add([IndexedDoc("T1", "wifi on board did not work", "INFLIGHTENT", "en")])
    assert (result.added, result.replaced) == (1, 1)
    assert len(index) == len(DOCS)
    assert "T1" not in _ids(index.search("bag lost paris", k=5, mode="lexical"))
    assert _ids(index.search("wifi", k=1)) == ["T1"]
    index.close()
    reopened = _open(tmp_path / "index")
    assert len(reopened) == len(DOCS)
    assert _ids(reopened.search("wifi board", k=5, mode="lexical")) == ["T1"]


def test_identical_texts_come_from_the_cache(tmp_path: Path) -> None:
    index = _open(tmp_path / "index")
    index.add(DOCS[:2])
    CountingEmbedder.calls = []
    copy = IndexedDoc("T9", DOCS[0].text, "BAGGAGE")
    result = index.add([copy])
    assert (result.added, result.from_cache, result.embedded) == (1, 1, 0)
    assert CountingEmbedder.calls == []


def test_interrupted_add_is_cut_back_to_the_manifest(tmp_path: Path) -> None:
    index = _open(tmp_path / "index")
    index.add(DOCS[:3])
    index.close()
    with (tmp_path / "index" / "vectors.f32").open("ab") as handle:  # a half-written chunk
        handle.write(np.ones(256 + 7, dtype=np.float32).tobytes())
    reopened = _open(tmp_path / "index")
    assert len(reopened) == 3
    reopened.add(DOCS[3:])
    assert _ids(reopened.search("valise", k=1, mode="dense")) == ["T4"]


def test_progress_and_chunked_commits(tmp_path: Path) -> None:
    index = _open(tmp_path / "index", add_chunk=2)
    reports: list[tuple[int, int]] = []
    result = index.add(iter(DOCS), progress=lambda d, t: reports.append((d, t)), total=5)
    assert result.added == 5
    assert reports[-1] == (5, 5)
    assert [d for d, _ in reports] == sorted(d for d, _ in reports)


def test_another_model_is_refused(tmp_path: Path) -> None:
    _open(tmp_path / "index").add(DOCS[:1])
    with pytest.raises(RetrievalError, match="built with 'counting'"):
        RetrievalIndex.open(tmp_path / "index", embedder="hashing")


def test_approximate_index_above_the_threshold(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    words = ["bag", "flight", "delay", "refund", "seat", "meal", "wifi", "gate", "crew", "app"]
    docs = [IndexedDoc(f"S{i}", " ".join(rng.choice(words, 6)), f"C{i % 3}") for i in range(300)]
    exact = _open(tmp_path / "exact", exact_threshold=10_000)
    approx = _open(tmp_path / "approx", exact_threshold=100)
    exact.add(docs)
    approx.add(docs[:50])
    assert not approx.uses_ann
    approx.add(docs[50:])
    assert approx.uses_ann
    for query in ("bag delay", "wifi crew meal", "refund app seat"):
        for filters in (None, SearchFilters(category="C1")):
            want = exact.search(query, k=5, mode="dense", filters=filters)
            got = approx.search(query, k=5, mode="dense", filters=filters)
            assert got[0].dense_score == pytest.approx(want[0].dense_score, abs=1e-5)
    approx.close()
    reopened = _open(tmp_path / "approx", exact_threshold=100)
    assert reopened.uses_ann
    assert CountingEmbedder.calls.count(docs[0].text) == 2  # once per index, never on reload


def test_empty_index_and_empty_query(tmp_path: Path) -> None:
    index = _open(tmp_path / "index")
    assert index.search("anything") == []
    index.add(DOCS)
    assert index.search("   ") == []
    assert index.search("bag", k=0) == []


def test_pruned_hybrid_equals_full_hybrid_when_rare_terms_find_the_candidates(
    tmp_path: Path,
) -> None:
    docs = [
        *DOCS,
        *(IndexedDoc(f"F{i}", f"flight delay gate info number {i}", "DELAY") for i in range(60)),
        IndexedDoc("ORD", "refund for order zx81773 please", "REFUND"),
    ]
    full = _open(tmp_path / "full")
    pruned = _open(tmp_path / "pruned", lexical_prune_from=0)
    full.add(docs)
    pruned.add(docs)
    for query in ("where is the refund for zx81773", "suitcase missing paris", "flight delay gate"):
        a, b = full.search(query, k=5), pruned.search(query, k=5)
        exact = {h.ticket_id: h.lexical_score for h in full.search(query, k=70, mode="lexical")}
        for hit in b:  # every pruned hit carries its exact BM25 score
            assert hit.lexical_score == pytest.approx(exact.get(hit.ticket_id, 0.0), abs=1e-5)
        assert _ids(b)[0] == _ids(a)[0], query
    assert _ids(pruned.search("where is the refund for zx81773", k=1)) == ["ORD"]
