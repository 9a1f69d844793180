"""Figures of the ``retrieval_feasibility`` check (layer 3): search latency and neighbour quality.

Only a measured run has them; without an index or held-out queries the check's figures are
:data:`~ticketpilot.audit.figures.base.NO_FIGURES`.
"""

from __future__ import annotations

from dataclasses import dataclass

from ticketpilot.audit.figures.base import DataclassFigures


@dataclass(frozen=True, slots=True)
class FeasibilityFigures(DataclassFigures):
    index_size: int
    """Documents in the index."""
    model: str
    """The embedding model the index was built with."""
    queries: int
    """Held-out queries searched."""
    p50_ms: float
    """Median of :attr:`latencies_ms`."""
    p95_ms: float
    """95th percentile of :attr:`latencies_ms`: the figure held to the budget."""
    p99_ms: float
    """99th percentile of :attr:`latencies_ms`."""
    budget_ms: float
    """The budget the p95 is held to (the charter's ``audit.max_retrieval_p95_ms``)."""
    latencies_ms: tuple[float, ...]
    """Each query's end-to-end search time, in query order."""
    labelled_queries: int
    """Queries whose ticket has a category."""
    match_at_1: float | None
    """Share of labelled queries whose nearest neighbour has their category (None: too few)."""
    match_at_5: float | None
    """Share whose top 5 include one with their category (None: too few)."""
    useful_nearest_reply_share: float
    """Share of queries whose nearest neighbour carries a usable reply."""
    reply_similarity: float | None
    """Mean cosine between a query's own reply and its nearest neighbour's (None: no pair)."""
