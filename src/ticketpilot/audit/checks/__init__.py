"""Built-in audit checks, registered in layer order."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ticketpilot.audit.registry import CheckRegistry


def register_builtins(registry: CheckRegistry) -> None:
    from ticketpilot.audit.checks.coverage import CategoryCoverage
    from ticketpilot.audit.checks.duplicates import Duplicates
    from ticketpilot.audit.checks.feasibility import RetrievalFeasibility
    from ticketpilot.audit.checks.languages import LanguageMix
    from ticketpilot.audit.checks.ownership import Ownership
    from ticketpilot.audit.checks.pii import PiiExposure
    from ticketpilot.audit.checks.replies import UsableReplies
    from ticketpilot.audit.checks.variability import ReplyVariability

    for check in (
        Ownership(),
        CategoryCoverage(),
        UsableReplies(),
        Duplicates(),
        LanguageMix(),
        ReplyVariability(),
        PiiExposure(),
        RetrievalFeasibility(),
    ):
        registry.register(check)
