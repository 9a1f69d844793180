"""Draft checks by name, in a :class:`~ticketpilot.registry.Registry`; built-ins and plugins alike."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from ticketpilot.drafting.checks.critical import CriticalCategoryCheck
from ticketpilot.drafting.checks.grounding import GroundingCheck
from ticketpilot.drafting.checks.injection import PromptInjectionCheck
from ticketpilot.drafting.checks.leak import LeakCheck
from ticketpilot.drafting.checks.model import CheckOutcome, DraftContext
from ticketpilot.drafting.checks.tone import LengthCheck, ToneCheck
from ticketpilot.registry import Registry


class DraftCheck(Protocol):
    """A named, pure judgement of one draft against its context."""

    @property
    def name(self) -> str: ...

    def run(self, draft: str, context: DraftContext) -> CheckOutcome:
        """Judge ``draft``; never raise on odd text, never touch IO."""
        ...


DraftChecks = Registry[DraftCheck]
"""Draft checks by name, in the order they run."""


def draft_check_registry(checks: Iterable[DraftCheck] = ()) -> DraftChecks:
    """A registry holding ``checks``, each under its own ``name``."""
    registry: DraftChecks = Registry("draft check", key=lambda check: check.name)
    for check in checks:
        registry.add(check)
    return registry


def default_draft_checks() -> DraftChecks:
    """A new registry of every built-in check, cheapest and most decisive first."""
    return draft_check_registry(
        (
            CriticalCategoryCheck(),
            PromptInjectionCheck(),
            LeakCheck(),
            GroundingCheck(),
            LengthCheck(),
            ToneCheck(),
        )
    )


def run_checks(
    draft: str, context: DraftContext, registry: DraftChecks | None = None
) -> list[CheckOutcome]:
    """Every registered check's outcome for ``draft``, in registration order."""
    checks = registry if registry is not None else default_draft_checks()
    return [check.run(draft, context) for check in checks]


def blocking(outcomes: list[CheckOutcome]) -> list[CheckOutcome]:
    """The failed outcomes that must keep the draft from the customer."""
    return [o for o in outcomes if not o.passed and o.severity == "block"]
