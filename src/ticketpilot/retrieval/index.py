"""`RetrievalIndex`: the persisted hybrid index that the CLI, the audit and the drafter call.

A folder holds it (the workspace passes `<workspace>/index/`)::

    manifest.json            model, dimension, counts, build times, scope field: the commit point
    docs.sqlite              ticket id, text, metadata (category, language, date, scope), reply
    vectors.f32              the unit vectors, row after row
    lexical.npz              BM25 snapshot
    ann.usearch              HNSW graph, once the index outgrows exact search
    embedding-cache.sqlite   vectors by text hash

Open it once per process and keep it: opening maps files and replays what the snapshots lack,
never re-embedding. Re-adding a ticket id replaces its previous version (the newest wins);
re-adding an identical document is a no-op. One writer at a time; searches may come from
several threads.

>>> with RetrievalIndex.open(tmp_path / "index") as index:      # doctest: +SKIP
...     index.add([IndexedDoc("T1", "my bag never arrived", category="BAGGAGE")])
...     hits = index.search("lost luggage", k=5, filters=SearchFilters(category="BAGGAGE"))
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Iterable, Iterator, Sized
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from types import TracebackType

from ticketpilot.errors import RetrievalError
from ticketpilot.retrieval import ranking, snapshots
from ticketpilot.retrieval.ann import FILE_NAME as ANN_FILE
from ticketpilot.retrieval.cache import CachedEmbedder, EmbeddingCache
from ticketpilot.retrieval.dense import FILE_NAME as VECTORS_FILE
from ticketpilot.retrieval.dense import VectorStore
from ticketpilot.retrieval.docstore import FILE_NAME as DOCS_FILE
from ticketpilot.retrieval.docstore import DocStore
from ticketpilot.retrieval.documents import Hit, IndexedDoc, RedactFn, SearchMode
from ticketpilot.retrieval.embedder import Embedder, Embedders, FloatMatrix, ProgressFn
from ticketpilot.retrieval.filters import BoolArray, FilterColumns, SearchFilters
from ticketpilot.retrieval.manifest import FILE_NAME as MANIFEST_FILE
from ticketpilot.retrieval.manifest import Manifest
from ticketpilot.retrieval.models import create_embedder
from ticketpilot.retrieval.ranking import FloatArray
from ticketpilot.retrieval.settings import RetrievalSettings

CACHE_FILE = "embedding-cache.sqlite"
#: what `remove_index` deletes: the manifest (the commit point) first, never the cache
_INDEX_FILES = (MANIFEST_FILE, DOCS_FILE, VECTORS_FILE, snapshots.LEXICAL_FILE, ANN_FILE)


def remove_index(path: Path) -> None:
    """Delete the index in `path` but keep its embedding cache, so a rebuild embeds nothing.

    The index must not be open (close it, or `OpenIndexes.discard` it, first).
    """
    for name in _INDEX_FILES:
        (path / name).unlink(missing_ok=True)


@dataclass(frozen=True, slots=True)
class AddResult:
    """What one `add` did. `embedded` texts went through the model, `from_cache` did not."""

    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    embedded: int = 0
    from_cache: int = 0
    seconds: float = 0.0
    embed_seconds: float = 0.0

    @property
    def texts_per_second(self) -> float:
        """Model throughput over the texts actually embedded (0 when none were)."""
        return self.embedded / self.embed_seconds if self.embed_seconds > 0 else 0.0


def _chunks(docs: Iterable[IndexedDoc], size: int) -> Iterator[list[IndexedDoc]]:
    iterator = iter(docs)
    while chunk := list(islice(iterator, size)):
        yield chunk


class RetrievalIndex:
    """A hybrid BM25 + embedding index of past tickets, persisted in one folder."""

    def __init__(
        self,
        path: Path,
        manifest: Manifest,
        embedder: Embedder | None,
        settings: RetrievalSettings,
        cache_path: Path | None,
        embedders: Embedders | None = None,
    ) -> None:
        """Use `RetrievalIndex.open`."""
        self.path = path
        self._embedders = embedders
        self.manifest = manifest
        self.settings = settings
        self._embedder = embedder
        self._cache_path = cache_path
        self._cached: CachedEmbedder | None = None
        self._write_lock = threading.Lock()  # one add at a time
        self._state_lock = threading.Lock()  # structures change (add) or are read (search)
        self._docs = DocStore(path, manifest.count)
        self._vectors = VectorStore(path, manifest.dimension, manifest.count)
        self._columns = FilterColumns()
        self._columns.append(self._docs.filter_values())
        self._columns.retire(self._docs.superseded_rows())
        self._lexical = snapshots.load_lexical(path, self._docs, manifest.count)
        self._ann = snapshots.load_ann(path, self._vectors, settings.ann, settings.exact_threshold)

    @classmethod
    def open(
        cls,
        path: Path,
        embedder: Embedder | str | None = None,
        settings: RetrievalSettings | None = None,
        cache_path: Path | None = None,
        embedders: Embedders | None = None,
    ) -> RetrievalIndex:
        """Open the index in `path`, creating an empty one if the folder holds none.

        `embedder` is an instance or a registry name; by default the manifest's model (for a
        new index, `settings.embedder`), loaded on first use. A model other than the one the
        index was built with raises `RetrievalError`. `cache_path` defaults to the folder's own;
        `embedders` is the registry names are looked up in (default: the built-in models).
        """
        settings = settings or RetrievalSettings()
        path.mkdir(parents=True, exist_ok=True)
        manifest = Manifest.load(path)
        instance = None if isinstance(embedder, str) else embedder
        name = embedder if isinstance(embedder, str) else (instance.name if instance else None)
        if manifest is None:
            instance = instance or create_embedder(name or settings.embedder, embedders)
            manifest = Manifest(model=instance.name, dimension=instance.dimension)
            manifest.save(path)
        elif name is not None and name != manifest.model:
            raise RetrievalError(
                f"the index in {path} was built with {manifest.model!r}, not {name!r}: "
                "open it with that model, or build a new index in another folder"
            )
        if instance is not None and instance.dimension != manifest.dimension:
            raise RetrievalError(f"{instance.name} gives {instance.dimension}-d vectors")
        if cache_path is None and settings.use_cache:
            cache_path = path / CACHE_FILE
        return cls(path, manifest, instance, settings, cache_path, embedders)

    @property
    def embedder(self) -> Embedder:
        """The model, loaded on first use."""
        if self._embedder is None:
            self._embedder = create_embedder(self.manifest.model, self._embedders)
        return self._embedder

    @property
    def uses_ann(self) -> bool:
        """Whether dense search may go through the approximate graph."""
        return self._ann is not None

    def __len__(self) -> int:
        """How many tickets a search can return (replaced versions do not count)."""
        return self._columns.alive_count

    @property
    def scope_field(self) -> str | None:
        """The ticket field the documents' `scope` values come from (`None`: no scopes)."""
        return self.manifest.scope_field

    def set_scope_field(self, name: str | None) -> None:
        """Record which field the documents' scopes hold; only an empty index can change it
        (the values of every stored document would be wrong: rebuild instead)."""
        if name == self.manifest.scope_field:
            return
        if self.manifest.count:
            raise RetrievalError(
                f"the index in {self.path} holds scope field {self.manifest.scope_field!r}; "
                f"rebuild it to change that to {name!r}"
            )
        with self._write_lock, self._state_lock:
            self.manifest.scope_field = name
            self.manifest.save(self.path)

    def scope_counts(self) -> dict[str, int]:
        """How many searchable tickets each scope value has."""
        with self._state_lock:
            return self._columns.scope_counts()

    def add(
        self,
        docs: Iterable[IndexedDoc],
        progress: ProgressFn | None = None,
        total: int | None = None,
    ) -> AddResult:
        """Index `docs`, committing every `settings.add_chunk` of them.

        An interrupted add keeps its committed chunks; running it again skips them (identical
        documents are no-ops). `progress(done, total)` follows the documents; `total` defaults
        to `len(docs)` where it has one, else 0 (unknown).
        """
        if total is None:
            total = len(docs) if isinstance(docs, Sized) else 0
        started = time.perf_counter()
        result = AddResult()
        with self._write_lock:
            for chunk in _chunks(docs, self.settings.add_chunk):
                result = self._add_chunk(chunk, result, progress, total)
        return dataclasses.replace(result, seconds=time.perf_counter() - started)

    def _embed_for_add(self, texts: list[str], progress: ProgressFn | None) -> FloatMatrix:
        embedder: Embedder = self.embedder
        if self._cache_path is not None:
            if self._cached is None:
                self._cached = CachedEmbedder(self.embedder, EmbeddingCache(self._cache_path))
            embedder = self._cached
        return embedder.embed(texts, progress=progress)

    def _add_chunk(
        self, docs: list[IndexedDoc], so_far: AddResult, progress: ProgressFn | None, total: int
    ) -> AddResult:
        started = time.perf_counter()
        done = so_far.added + so_far.unchanged
        latest = {d.ticket_id: d for d in docs}
        existing = self._docs.latest(list(latest))
        fresh = [d for d in latest.values() if d.ticket_id not in existing
                 or existing[d.ticket_id][1] != d]  # fmt: skip
        hits_before = self._cached.hits if self._cached else 0

        def report(embedded: int, of: int) -> None:
            if progress is not None:
                progress(done + round(embedded * len(docs) / max(of, 1)), total)

        vectors = self._embed_for_add([d.text for d in fresh], report) if fresh else None
        embed_seconds = time.perf_counter() - started
        from_cache = (self._cached.hits - hits_before) if self._cached else 0
        with self._state_lock:
            if vectors is not None:
                self._append(fresh, vectors, [existing[d.ticket_id][0] for d in fresh
                                              if d.ticket_id in existing])  # fmt: skip
            self.manifest.alive = self._columns.alive_count
            self.manifest.embed_seconds += embed_seconds
            self.manifest.build_seconds += time.perf_counter() - started
            self.manifest.save(self.path)
        if progress is not None:
            progress(done + len(docs), total)
        return AddResult(
            added=so_far.added + len(fresh),
            replaced=so_far.replaced + sum(1 for d in fresh if d.ticket_id in existing),
            unchanged=so_far.unchanged + len(docs) - len(fresh),
            embedded=so_far.embedded + len(fresh) - from_cache,
            from_cache=so_far.from_cache + from_cache,
            embed_seconds=so_far.embed_seconds + embed_seconds,
        )

    def _append(self, docs: list[IndexedDoc], vectors: FloatMatrix, retired: list[int]) -> None:
        self._docs.append(self.manifest.count, docs)
        self._vectors.append(vectors)
        self._columns.append((d.category, d.language, d.created_at, d.scope) for d in docs)
        self._columns.retire(retired)
        self._lexical.add(d.text for d in docs)
        self._ann = snapshots.grow_ann(
            self._ann, self._vectors, self.settings.ann, self.settings.exact_threshold
        )
        self.manifest.count += len(docs)

    def search(
        self,
        query: str,
        k: int = 5,
        filters: SearchFilters | None = None,
        mode: SearchMode = "hybrid",
        redact: RedactFn | None = None,
    ) -> list[Hit]:
        """The `k` past tickets most similar to `query` that pass `filters`, best first.

        `mode` picks BM25 only, the embedding only, or both fused. `redact` is applied to each
        hit's text and reply (pass the PII redactor when showing them to another customer).
        """
        if k <= 0 or not query.strip():
            return []
        vector = self.embedder.embed([query])[0] if mode != "lexical" else None
        count = max(k, self.settings.fusion.candidates) if mode == "hybrid" else k
        with self._state_lock:
            mask = self._mask(filters)
            if vector is None:
                result, _ = ranking.lexical_ranking(self._lexical, query, mask, count)
            else:
                dense = ranking.dense_ranking(vector, self._vectors, self._ann, mask, count,
                                              self.settings.exact_threshold)  # fmt: skip
                result = (
                    dense if mode == "dense" else self._fused(query, vector, mask, dense, count, k)
                )
            return self._hits(result, k, redact)

    def _fused(
        self,
        query: str,
        vector: FloatArray,
        mask: BoolArray | None,
        dense: ranking.Ranking,
        count: int,
        k: int,
    ) -> ranking.Ranking:
        if len(self._lexical) >= self.settings.lexical_prune_from:
            lexical = ranking.pruned_lexical_ranking(self._lexical, query, mask, count)
        else:
            lexical, _ = ranking.lexical_ranking(self._lexical, query, mask, count)
        return ranking.hybrid_ranking(
            lexical, self._lexical, query, dense, vector, self._vectors, self.settings.fusion, k
        )

    def _mask(self, filters: SearchFilters | None) -> BoolArray | None:
        if (filters is None or filters.is_empty) and self._columns.alive_count == len(
            self._columns
        ):
            return None
        return self._columns.mask(filters or SearchFilters())

    def _hits(self, result: ranking.Ranking, k: int, redact: RedactFn | None) -> list[Hit]:
        rows = [int(r) for r in result.rows[:k]]
        docs = self._docs.get(rows)
        hits = []
        for i, row in enumerate(rows):
            hit = Hit.of(
                docs[row],
                rank=i + 1,
                score=float(result.scores[i]),
                lexical_score=None if result.lexical is None else float(result.lexical[i]),
                dense_score=None if result.dense is None else float(result.dense[i]),
            )
            hits.append(hit if redact is None else hit.redacted(redact))
        return hits

    def save(self) -> None:
        """Write the BM25 and ANN snapshots so the next open need not replay (adds commit rows
        on their own; this only saves opening time)."""
        with self._write_lock, self._state_lock:
            snapshots.save_snapshots(self.path, self._lexical, self._ann)
            self.manifest.lexical_count = len(self._lexical)
            self.manifest.ann_count = len(self._ann) if self._ann is not None else 0
            self.manifest.save(self.path)

    def close(self) -> None:
        """Save the snapshots and close the files."""
        self.save()
        self._docs.close()
        if self._cached is not None:
            self._cached.cache.close()

    def __enter__(self) -> RetrievalIndex:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
