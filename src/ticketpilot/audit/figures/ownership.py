"""Figures of the ``ownership`` check (layer 1): which required fields have a named owner."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ticketpilot.audit.figures.base import DataclassFigures


@dataclass(frozen=True, slots=True)
class OwnershipFigures(DataclassFigures):
    owned: tuple[str, ...]
    """Required fields that have an owner, sorted."""
    missing: tuple[str, ...]
    """Required fields without one, in the order the check requires them."""
    owners: Mapping[str, str]
    """Field -> owner as written in the charter (every named owner, required or not)."""
