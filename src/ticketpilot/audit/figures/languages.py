"""Figures of the ``language_mix`` check: the languages of the history, and those out of scope."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ticketpilot.audit.figures.base import DataclassFigures


@dataclass(frozen=True, slots=True)
class LanguageMixFigures(DataclassFigures):
    mix: Mapping[str, float]
    """Language code (``und`` = undetermined) -> share of tickets, largest first."""
    undetermined: int
    """Tickets whose language could not be told."""
    outside_scope: int
    """Tickets in a determined language outside the charter's ``[scope] languages``."""
