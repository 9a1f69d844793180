"""Text embedders and their registry.

An embedder turns texts into L2-normalised float32 vectors (so a dot product is a cosine).
Embedders are made by factories held in a :class:`~ticketpilot.registry.Registry`; the built-in
models register there exactly as a plugin would (:mod:`ticketpilot.retrieval.models`)::

    embedders = default_embedders()
    embedders.register("my-model", MyEmbedder)
    embedder = create_embedder("my-model", embedders)

`BatchedEmbedder` holds the shared mechanics: batches sorted by length (so little padding is
computed), order restored afterwards, and a progress callback after each batch.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from typing import Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from ticketpilot.registry import Registry

FloatMatrix = npt.NDArray[np.float32]

#: Called after each batch with (texts done, texts in all); the CLI passes a rich progress bar.
ProgressFn = Callable[[int, int], None]

#: The embedder a new index uses when none is named: MiniLM-L6 int8 on onnxruntime.
DEFAULT_EMBEDDER = "minilm-l6-int8-onnx"


@runtime_checkable
class Embedder(Protocol):
    """Anything that embeds texts into unit vectors of a fixed dimension."""

    @property
    def name(self) -> str:
        """The registry name; stored in the index manifest so a reload uses the same model."""
        ...

    @property
    def dimension(self) -> int:
        """The length of each vector."""
        ...

    def embed(self, texts: Sequence[str], progress: ProgressFn | None = None) -> FloatMatrix:
        """One unit vector per text, in the order given: shape (len(texts), dimension)."""
        ...


def l2_normalise(vectors: FloatMatrix) -> FloatMatrix:
    """Rows scaled to unit length (zero rows stay zero)."""
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    scaled: FloatMatrix = (vectors / np.maximum(norms, 1e-12)).astype(np.float32, copy=False)
    return scaled


def mean_pool(token_vectors: FloatMatrix, attention_mask: npt.NDArray[np.int64]) -> FloatMatrix:
    """The mean of the token vectors that the mask keeps, as sentence-transformers pools."""
    weights = attention_mask[..., None].astype(np.float32)
    summed = (token_vectors * weights).sum(axis=1)
    counts = np.maximum(weights.sum(axis=1), 1e-9)
    pooled: FloatMatrix = (summed / counts).astype(np.float32, copy=False)
    return pooled


class BatchedEmbedder(ABC):
    """Base for model embedders: length-sorted batches, order restored, progress reported."""

    def __init__(self, batch_size: int = 32) -> None:
        self.batch_size = batch_size

    @property
    @abstractmethod
    def name(self) -> str:
        """The registry name."""

    @property
    @abstractmethod
    def dimension(self) -> int:
        """The length of each vector."""

    @abstractmethod
    def _embed_batch(self, texts: list[str]) -> FloatMatrix:
        """Unit vectors for one batch of texts of similar length."""

    def embed(self, texts: Sequence[str], progress: ProgressFn | None = None) -> FloatMatrix:
        """One unit vector per text, in the order given."""
        out = np.empty((len(texts), self.dimension), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), self.batch_size):
            rows = order[start : start + self.batch_size]
            out[rows] = self._embed_batch([texts[i] for i in rows])
            if progress is not None:
                progress(min(start + self.batch_size, len(texts)), len(texts))
        return out


EmbedderFactory = Callable[[], Embedder]
"""Builds a new embedder; a registry holds one factory per model name."""

Embedders = Registry[EmbedderFactory]
"""Embedding models by name (see :func:`ticketpilot.retrieval.models.default_embedders`)."""
