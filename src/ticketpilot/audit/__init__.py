"""The data-readiness audit (SPEC S2, playbook phase 2): ownership, quality, retrieval feasibility.

A check is a small class registered in a :class:`Checks` registry; it reads an
:class:`AuditData` snapshot and returns a :class:`CheckResult` (a 0..100 score, findings with
evidence and a fix, and :class:`Figures` for the report: a built-in check's own frozen model from
:mod:`ticketpilot.audit.figures`, or a plugin's, e.g. a :class:`MappingFigures`). Layers score as the weighted mean of their
checks; the verdict compares the overall score and each blocking finding with the charter.
"""

from ticketpilot.audit.figures import Figures, MappingFigures
from ticketpilot.audit.model import (
    AuditReport,
    CheckResult,
    Finding,
    LayerResult,
    Severity,
)
from ticketpilot.audit.registry import Check, Checks

__all__ = [
    "AuditReport",
    "Check",
    "CheckResult",
    "Checks",
    "Figures",
    "Finding",
    "LayerResult",
    "MappingFigures",
    "Severity",
]
