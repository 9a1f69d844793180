"""Derived structures on disk: the BM25 and ANN snapshots, and catching them up on open.

Both are rebuilt from what the index stores (texts, vectors), so a snapshot that is missing,
stale or longer than the committed row count costs a replay, never an embedding.
"""

from __future__ import annotations

import os
from pathlib import Path

from ticketpilot.retrieval.ann import FILE_NAME as ANN_FILE
from ticketpilot.retrieval.ann import AnnIndex, AnnSettings
from ticketpilot.retrieval.dense import VectorStore
from ticketpilot.retrieval.docstore import DocStore
from ticketpilot.retrieval.lexical import BM25Index

_REPLAY_CHUNK = 50_000
LEXICAL_FILE = "lexical.npz"


def load_lexical(folder: Path, docs: DocStore, count: int) -> BM25Index:
    """The BM25 snapshot of `folder`, with the rows it lacks replayed from the stored texts."""
    lexical = BM25Index()
    if (folder / LEXICAL_FILE).exists():
        snapshot = BM25Index.load(folder / LEXICAL_FILE)
        if len(snapshot) <= count:
            lexical = snapshot
    batch: list[str] = []
    for text in docs.texts(first_row=len(lexical)):
        if len(lexical) + len(batch) >= count:
            break
        batch.append(text)
        if len(batch) >= _REPLAY_CHUNK:
            lexical.add(batch)
            batch = []
    if batch:
        lexical.add(batch)
    return lexical


def grow_ann(
    ann: AnnIndex | None, vectors: VectorStore, settings: AnnSettings, threshold: int
) -> AnnIndex | None:
    """`ann` holding every stored vector, built once the store reaches `threshold` rows."""
    if ann is None and len(vectors) <= threshold:
        return None
    ann = ann or AnnIndex(vectors.dimension, settings)
    for start in range(len(ann), len(vectors), _REPLAY_CHUNK):
        ann.add(start, vectors.matrix[start : start + _REPLAY_CHUNK])
    return ann


def load_ann(
    folder: Path, vectors: VectorStore, settings: AnnSettings, threshold: int
) -> AnnIndex | None:
    """The ANN snapshot of `folder` caught up with the vector store (None below `threshold`)."""
    ann = None
    if (folder / ANN_FILE).exists():
        snapshot = AnnIndex.load(folder, vectors.dimension, settings)
        if len(snapshot) <= len(vectors):
            ann = snapshot
    return grow_ann(ann, vectors, settings, threshold)


def save_snapshots(folder: Path, lexical: BM25Index, ann: AnnIndex | None) -> None:
    """Write the BM25 and ANN snapshots, each through a temporary file renamed into place."""
    staging = folder / ".staging"
    staging.mkdir(exist_ok=True)
    lexical.save(staging / LEXICAL_FILE)
    os.replace(staging / LEXICAL_FILE, folder / LEXICAL_FILE)
    if ann is not None:
        ann.save(staging)
        os.replace(staging / ANN_FILE, folder / ANN_FILE)
    staging.rmdir()
