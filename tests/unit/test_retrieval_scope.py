"""Scopes in the index: each document's scope value, filtering on it, and indexes built without.

The index carries the value of the field that partitions history (a brand) per document and
records which field that is; an index from before scopes existed opens with that field unset,
and can be deleted and rebuilt from its embedding cache without embedding anything again.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from pathlib import Path

import pytest

from ticketpilot.retrieval import (
    IndexedDoc,
    RetrievalError,
    RetrievalIndex,
    SearchFilters,
    default_embedders,
)
from ticketpilot.retrieval.embedder import FloatMatrix, ProgressFn
from ticketpilot.retrieval.hashing import HashingEmbedder
from ticketpilot.retrieval.index import remove_index

BRANDS = ("acme", "globex", "initech")


def _docs(scoped: bool = True) -> list[IndexedDoc]:
    return [
        IndexedDoc(
            f"{brand}-{i}",
            f"my parcel {i} never arrived, where is my order",
            "shipping",
            "en",
            reply=f"Track it at https://help.{brand}.com/track",
            scope=brand if scoped else None,
        )
        for brand in BRANDS
        for i in range(4)
    ]


class _Counting(HashingEmbedder):
    embedded: list[str] = []  # noqa: RUF012 - shared: instances come from the registry

    @property
    def name(self) -> str:
        return "counting-scope"

    def embed(self, texts: Sequence[str], progress: ProgressFn | None = None) -> FloatMatrix:
        _Counting.embedded.extend(texts)
        return super().embed(texts, progress)


EMBEDDERS = default_embedders()
EMBEDDERS.register("counting-scope", _Counting)


def _open(path: Path) -> RetrievalIndex:
    return RetrievalIndex.open(path, embedder="counting-scope", embedders=EMBEDDERS)


def test_a_scoped_search_returns_only_that_scope_and_survives_reopening(tmp_path: Path) -> None:
    index = _open(tmp_path / "index")
    index.set_scope_field("brand")
    index.add(_docs())
    hits = index.search("parcel never arrived", k=10, filters=SearchFilters(scope="globex"))
    assert len(hits) == 4 and {h.scope for h in hits} == {"globex"}
    assert all("help.globex.com" in (h.reply or "") for h in hits)
    assert len(index.search("parcel never arrived", k=20)) == 12  # no filter: every brand
    index.close()
    again = _open(tmp_path / "index")
    assert again.scope_field == "brand"
    assert again.scope_counts() == {"acme": 4, "globex": 4, "initech": 4}
    hits = again.search("parcel", k=10, filters=SearchFilters(scope="acme"), mode="lexical")
    assert {h.ticket_id.split("-")[0] for h in hits} == {"acme"}


def test_the_scope_field_of_a_filled_index_cannot_change(tmp_path: Path) -> None:
    index = _open(tmp_path / "index")
    index.set_scope_field("brand")
    index.add(_docs())
    index.set_scope_field("brand")  # the same: nothing to do
    with pytest.raises(RetrievalError, match="rebuild it"):
        index.set_scope_field("queue")


def test_an_index_from_before_scopes_opens_unscoped(tmp_path: Path) -> None:
    folder = tmp_path / "index"
    index = _open(folder)
    index.add(_docs(scoped=False))
    index.close()
    # make it look like one written before scopes existed: no column, no manifest key
    with sqlite3.connect(folder / "docs.sqlite") as db:
        db.execute("ALTER TABLE docs DROP COLUMN scope")
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    del manifest["scope_field"]
    (folder / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    old = _open(folder)
    assert old.scope_field is None and old.scope_counts() == {}
    assert len(old.search("parcel", k=20, mode="lexical")) == 12
    assert old.search("parcel", k=5, filters=SearchFilters(scope="acme"), mode="lexical") == []


def test_removing_an_index_keeps_the_cache_so_a_rebuild_embeds_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "index"
    index = _open(folder)
    index.add(_docs(scoped=False))
    index.close()
    _Counting.embedded = []
    remove_index(folder)
    assert sorted(p.name for p in folder.iterdir()) == ["embedding-cache.sqlite"]
    rebuilt = _open(folder)
    rebuilt.set_scope_field("brand")
    result = rebuilt.add(_docs())
    assert result.added == 12 and result.from_cache == 12 and result.embedded == 0
    assert _Counting.embedded == []
    assert rebuilt.scope_counts() == {"acme": 4, "globex": 4, "initech": 4}
