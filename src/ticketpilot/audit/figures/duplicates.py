"""Figures of the ``duplicates`` check: exact and near-duplicate customer texts."""

from __future__ import annotations

from dataclasses import dataclass

from ticketpilot.audit.figures.base import DataclassFigures


@dataclass(frozen=True, slots=True)
class DuplicateFigures(DataclassFigures):
    tickets: int
    """Tickets audited."""
    exact: int
    """Tickets whose normalised text repeats an earlier ticket's exactly."""
    near: int
    """Tickets that are near-duplicates of another (not counted as exact)."""
    share: float
    """``(exact + near) / tickets`` (0 without tickets)."""
