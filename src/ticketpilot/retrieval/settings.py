"""`RetrievalSettings`: the knobs of an index, with the defaults measured in docs/retrieval.md."""

from __future__ import annotations

from dataclasses import dataclass, field

from ticketpilot.retrieval.ann import AnnSettings
from ticketpilot.retrieval.embedder import DEFAULT_EMBEDDER
from ticketpilot.retrieval.fusion import FusionSettings


@dataclass(frozen=True, slots=True)
class RetrievalSettings:
    """How an index embeds, searches and fuses. Below `exact_threshold` rows, dense search is
    exact; from `lexical_prune_from` rows on, hybrid search takes its BM25 candidates from the
    query's rare terms instead of scoring every row (`BM25Index.rare_candidates`)."""

    embedder: str = DEFAULT_EMBEDDER
    exact_threshold: int = 20_000
    lexical_prune_from: int = 200_000
    fusion: FusionSettings = field(default_factory=FusionSettings)
    ann: AnnSettings = field(default_factory=AnnSettings)
    use_cache: bool = True
    add_chunk: int = 2048
