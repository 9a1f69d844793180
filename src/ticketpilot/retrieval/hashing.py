"""A model-free embedder: hashed bag of words and character trigrams.

No dependency and no model file, deterministic across runs and machines: for tests, for
environments where no model package can be installed, and as a floor to compare models with.
It captures word overlap only, not meaning.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

import numpy as np

from ticketpilot.retrieval.embedder import FloatMatrix, ProgressFn, l2_normalise

NAME = "hashing"
_WORD = re.compile(r"\w+")


def _bucket(feature: str, dimension: int) -> tuple[int, float]:
    digest = hashlib.blake2b(feature.encode("utf-8"), digest_size=8).digest()
    value = int.from_bytes(digest, "little")
    return value % dimension, (1.0 if value >> 63 else -1.0)


class HashingEmbedder:
    """Signed feature hashing of lower-cased words (weight 1) and their trigrams (weight 0.5)."""

    def __init__(self, dimension: int = 256) -> None:
        self._dimension = dimension

    @property
    def name(self) -> str:
        """The registry name."""
        return NAME

    @property
    def dimension(self) -> int:
        """The vector length given at construction (default 256)."""
        return self._dimension

    def embed(self, texts: Sequence[str], progress: ProgressFn | None = None) -> FloatMatrix:
        """One unit vector per text, in the order given."""
        out = np.zeros((len(texts), self._dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in _WORD.findall(text.lower()):
                col, sign = _bucket(word, self._dimension)
                out[row, col] += sign
                padded = f"<{word}>"
                for i in range(len(padded) - 2):
                    col, sign = _bucket(padded[i : i + 3], self._dimension)
                    out[row, col] += 0.5 * sign
        if progress is not None:
            progress(len(texts), len(texts))
        return l2_normalise(out)


def create() -> HashingEmbedder:
    """The registry factory."""
    return HashingEmbedder()
