"""The draft-check registry: built-in checks register the same way a third party's would."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from ticketpilot.drafting.checks.model import CheckOutcome, DraftContext


class DraftCheck(Protocol):
    """A named, pure judgement of one draft against its context."""

    @property
    def name(self) -> str: ...

    def run(self, draft: str, context: DraftContext) -> CheckOutcome:
        """Judge ``draft``; never raise on odd text, never touch IO."""
        ...


class DraftCheckRegistry:
    """Checks in registration order; names are unique."""

    def __init__(self) -> None:
        self._checks: dict[str, DraftCheck] = {}

    def register(self, check: DraftCheck, *, replace: bool = False) -> DraftCheck:
        if check.name in self._checks and not replace:
            raise ValueError(f"a draft check named {check.name!r} is already registered")
        self._checks[check.name] = check
        return check

    def unregister(self, name: str) -> None:
        del self._checks[name]

    def __iter__(self) -> Iterator[DraftCheck]:
        return iter(self._checks.values())

    def __len__(self) -> int:
        return len(self._checks)

    def names(self) -> list[str]:
        return list(self._checks)


def register_builtins(registry: DraftCheckRegistry) -> None:
    """Register every built-in check, cheapest and most decisive first."""
    from ticketpilot.drafting.checks.critical import CriticalCategoryCheck
    from ticketpilot.drafting.checks.grounding import GroundingCheck
    from ticketpilot.drafting.checks.injection import PromptInjectionCheck
    from ticketpilot.drafting.checks.leak import LeakCheck
    from ticketpilot.drafting.checks.tone import LengthCheck, ToneCheck

    for check in (
        CriticalCategoryCheck(),
        PromptInjectionCheck(),
        LeakCheck(),
        GroundingCheck(),
        LengthCheck(),
        ToneCheck(),
    ):
        registry.register(check)


def default_check_registry() -> DraftCheckRegistry:
    """A fresh registry holding every built-in check."""
    registry = DraftCheckRegistry()
    register_builtins(registry)
    return registry


def run_checks(
    draft: str, context: DraftContext, registry: DraftCheckRegistry | None = None
) -> list[CheckOutcome]:
    """Every registered check's outcome for ``draft``, in registration order."""
    checks = registry if registry is not None else default_check_registry()
    return [check.run(draft, context) for check in checks]


def blocking(outcomes: list[CheckOutcome]) -> list[CheckOutcome]:
    """The failed outcomes that must keep the draft from the customer."""
    return [o for o in outcomes if not o.passed and o.severity == "block"]
