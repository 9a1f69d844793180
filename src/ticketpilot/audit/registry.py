"""The check registry: built-in checks register the same way a third party's would."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar, Protocol

if TYPE_CHECKING:
    from ticketpilot.audit.data import AuditData
    from ticketpilot.audit.model import CheckResult


class Check(Protocol):
    """A named calculation over the audit data in one layer."""

    name: ClassVar[str]
    layer: ClassVar[str]
    title: ClassVar[str]
    weight: ClassVar[float]

    def run(self, data: AuditData) -> CheckResult:
        """Measure, score 0..100, and explain with findings."""
        ...


class CheckRegistry:
    """Checks in registration order; names are unique."""

    def __init__(self) -> None:
        self._checks: dict[str, Check] = {}

    def register(self, check: Check) -> None:
        if check.name in self._checks:
            raise ValueError(f"a check named {check.name!r} is already registered")
        self._checks[check.name] = check

    def __iter__(self) -> Iterator[Check]:
        return iter(self._checks.values())

    def names(self) -> list[str]:
        return list(self._checks)


def default_checks() -> CheckRegistry:
    """Every built-in check of the three layers."""
    from ticketpilot.audit.checks import register_builtins

    registry = CheckRegistry()
    register_builtins(registry)
    return registry
