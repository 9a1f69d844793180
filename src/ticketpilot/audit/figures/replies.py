"""Figures of the ``usable_replies`` check: tickets whose first agent reply can serve as an example."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ticketpilot.audit.figures.base import DataclassFigures


@dataclass(frozen=True, slots=True)
class UsableReplyFigures(DataclassFigures):
    tickets: int
    """Tickets audited."""
    usable: int
    """Tickets whose first public agent reply is usable."""
    usable_share: float
    """``usable / tickets`` (0 without tickets)."""
    problems: Mapping[str, int]
    """Why a reply is not usable -> tickets, most common first."""
    usable_share_per_category: Mapping[str, float]
    """Category (or ``(untagged)``) -> usable share, categories in descending ticket count."""
