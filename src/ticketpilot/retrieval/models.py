"""The embedding models that ship with ticketpilot, registered as a plugin's would be.

Each model module loads its heavy library (onnxruntime, torch) only when an embedder is created,
so listing the models costs nothing.
"""

from __future__ import annotations

from ticketpilot.errors import RetrievalError
from ticketpilot.registry import Registry
from ticketpilot.retrieval import hashing, onnx_minilm, torch_minilm
from ticketpilot.retrieval.embedder import DEFAULT_EMBEDDER, Embedder, Embedders


def default_embedders() -> Embedders:
    """A new registry of the built-in models; an unknown name is a :class:`RetrievalError`."""
    registry: Embedders = Registry("embedder", error=RetrievalError)
    for module in (onnx_minilm, torch_minilm, hashing):
        registry.register(module.NAME, module.create)
    return registry


def create_embedder(name: str = DEFAULT_EMBEDDER, embedders: Embedders | None = None) -> Embedder:
    """A new embedder of model ``name`` from ``embedders`` (default: the built-ins)."""
    return (embedders if embedders is not None else default_embedders()).get(name)()
