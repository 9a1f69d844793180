"""Critical categories (legal, security, ...) always go to a human, whatever the draft says."""

from __future__ import annotations

from dataclasses import dataclass

from ticketpilot.drafting.checks.model import CheckOutcome, DraftContext


@dataclass(frozen=True)
class CriticalCategoryCheck:
    """Block every draft for a ticket whose category is one of the critical ones."""

    name: str = "critical_category"

    def run(self, draft: str, context: DraftContext) -> CheckOutcome:
        category = context.category
        if category is None or category not in context.critical_categories:
            return CheckOutcome.ok(self.name, "category is not critical")
        return CheckOutcome(
            check=self.name,
            passed=False,
            severity="block",
            reason=f"critical category {category} always goes to a human",
            evidence=[category],
        )
