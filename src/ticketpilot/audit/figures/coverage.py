"""Figures of the ``category_coverage`` check: how many tickets carry a category, and which."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ticketpilot.audit.figures.base import DataclassFigures


@dataclass(frozen=True, slots=True)
class CoverageFigures(DataclassFigures):
    tickets: int
    """Tickets audited."""
    tagged: int
    """Tickets with a category."""
    tagged_share: float
    """``tagged / tickets`` (0 without tickets)."""
    per_category: Mapping[str, int]
    """Category -> tickets, largest first."""
