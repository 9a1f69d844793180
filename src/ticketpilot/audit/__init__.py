"""The data-readiness audit (SPEC S2, playbook phase 2): ownership, quality, retrieval feasibility.

A check is a small class registered in a :class:`Checks` registry; it reads an
:class:`AuditData` snapshot and returns a :class:`CheckResult` (a 0..100 score, findings with
evidence and a fix, and figures for the report). Layers score as the weighted mean of their
checks; the verdict compares the overall score and each blocking finding with the charter.
"""

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
    "Finding",
    "LayerResult",
    "Severity",
]
