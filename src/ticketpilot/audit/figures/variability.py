"""Figures of the ``reply_variability`` check: a style profile per category with enough replies."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ticketpilot.audit.figures.base import DataclassFigures
from ticketpilot.audit.variability import StyleProfile


@dataclass(frozen=True, slots=True)
class VariabilityFigures(DataclassFigures):
    categories: Mapping[str, StyleProfile]
    """Category (or ``(untagged)``) -> the style of its usable replies, sorted by name."""
    too_small: tuple[str, ...]
    """Categories with too few usable replies to profile, sorted."""
