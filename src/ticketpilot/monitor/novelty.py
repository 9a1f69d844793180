"""New topics: tickets far from everything before them, grouped, named by their own words.

A ticket is *novel* when its ``k``-th most similar earlier ticket is less similar than
``quantile`` of earlier tickets are to theirs: history holds fewer than ``k`` tickets like it
(with ``k`` the drafter's number of retrieved examples, that is "retrieval cannot give the
drafter enough to go on"; and a topic's first few tickets do not yet count as cover). The
threshold comes from the reference itself: a held-out part of it against the rest, at the
same sample size, so "novel" means "rarer than 95% of history was". Novel tickets that sit close together form a topic: density clustering (DBSCAN's rule
on cosine similarity) with the novelty threshold as the radius - two novel tickets belong
together when each would have counted as covered had the other been in history. A topic is
named by the words far more common in it than in the reference.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components

from ticketpilot.monitor.terms import words

FloatArray = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.int64]
_CHUNK = 1024
#: A word names a topic only if this share of the topic's tickets use it.
TERM_SUPPORT = 0.2


def nearest_similarity(
    queries: FloatArray, base: FloatArray, k: int = 1
) -> npt.NDArray[np.float64]:
    """Each query's cosine to its ``k``-th most similar row of ``base`` (unit vectors)."""
    k = min(k, len(base))
    out = np.empty(len(queries))
    for start in range(0, len(queries), _CHUNK):
        block = queries[start : start + _CHUNK] @ base.T
        out[start : start + _CHUNK] = np.partition(block, -k, axis=1)[:, -k]
    return out


@dataclass(frozen=True)
class NoveltyScale:
    """What "far from history" means for one reference: the nearest-neighbour threshold."""

    threshold: float
    median: float
    quantile: float
    held_out: int


def novelty_scale(
    reference: FloatArray, rng: np.random.Generator, quantile: float, held_out: int, k: int
) -> tuple[NoveltyScale, FloatArray]:
    """Split the reference; calibrate on the held-out part; return the base to compare with."""
    order = rng.permutation(len(reference))
    hold, base = reference[order[:held_out]], reference[order[held_out:]]
    sims = nearest_similarity(hold, base, k)
    scale = NoveltyScale(
        float(np.quantile(sims, quantile)), float(np.median(sims)), quantile, len(hold)
    )
    return scale, base


def topic_clusters(vectors: FloatArray, radius: float, min_points: int = 3) -> list[IntArray]:
    """Groups of rows that are dense in cosine (DBSCAN: core rows have ``min_points``
    neighbours at similarity >= radius, clusters are linked cores plus their neighbours),
    largest first."""
    if len(vectors) == 0:
        return []
    close = (vectors @ vectors.T) >= radius
    core = close.sum(axis=1) - 1 >= min_points
    linked = close & core[:, None] & core[None, :]
    _, labels = connected_components(csr_matrix(linked), directed=False)
    cluster = np.where(core, labels, -1)
    for row in np.flatnonzero(~core):
        cores = np.flatnonzero(close[row] & core)
        if len(cores):
            cluster[row] = labels[cores[0]]
    groups = [np.flatnonzero(cluster == c) for c in np.unique(cluster[cluster >= 0])]
    return sorted(groups, key=len, reverse=True)


def distinctive_terms(topic: Sequence[str], reference: Sequence[str], limit: int = 5) -> list[str]:
    """Words used by at least a fifth of the topic, ranked by how much likelier there."""
    in_topic = Counter(w for text in topic for w in words(text))
    in_reference = Counter(w for text in reference for w in words(text))
    scored = []
    for word, count in in_topic.items():
        if count < max(2, TERM_SUPPORT * len(topic)):
            continue
        lift = (count / len(topic)) / ((in_reference[word] + 0.5) / (len(reference) + 1))
        scored.append((lift, count, word))
    scored.sort(reverse=True)
    return [word for _, _, word in scored[:limit]]


def central_rows(vectors: FloatArray, rows: IntArray, limit: int = 3) -> IntArray:
    """The rows closest to the group's centroid, closest first."""
    centre = vectors[rows].mean(axis=0)
    order = np.argsort(-(vectors[rows] @ centre))
    return rows[order[:limit]]
