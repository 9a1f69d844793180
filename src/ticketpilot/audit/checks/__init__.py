"""Built-in audit checks, registered in layer order."""

from __future__ import annotations

from ticketpilot.audit.checks.coverage import CategoryCoverage
from ticketpilot.audit.checks.duplicates import Duplicates
from ticketpilot.audit.checks.feasibility import RetrievalFeasibility
from ticketpilot.audit.checks.languages import LanguageMix
from ticketpilot.audit.checks.ownership import Ownership
from ticketpilot.audit.checks.pii import PiiExposure
from ticketpilot.audit.checks.replies import UsableReplies
from ticketpilot.audit.checks.variability import ReplyVariability
from ticketpilot.audit.registry import Checks, check_registry


def default_checks() -> Checks:
    """A new registry holding every built-in check of the three layers."""
    return check_registry(
        [
            Ownership(),
            CategoryCoverage(),
            UsableReplies(),
            Duplicates(),
            LanguageMix(),
            ReplyVariability(),
            PiiExposure(),
            RetrievalFeasibility(),
        ]
    )
