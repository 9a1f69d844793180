"""Audit checks: each a named calculation over the audit data, held in a registry.

Built-in checks register in :func:`ticketpilot.audit.checks.default_checks` the same way a
third party's would; the runtime holds the registry the audit runs.
"""

from __future__ import annotations

from typing import ClassVar, Protocol

from ticketpilot.audit.data import AuditData
from ticketpilot.audit.model import CheckResult
from ticketpilot.registry import Registry


class Check(Protocol):
    """A named calculation over the audit data in one layer."""

    name: ClassVar[str]
    layer: ClassVar[str]
    title: ClassVar[str]
    weight: ClassVar[float]

    def run(self, data: AuditData) -> CheckResult:
        """Measure, score 0..100, and explain with findings."""
        ...


Checks = Registry[Check]
"""Audit checks by name, in the order they run."""


def check_registry(checks: tuple[Check, ...] | list[Check] = ()) -> Checks:
    """A registry holding ``checks`` in order."""
    registry: Checks = Registry("audit check")
    for check in checks:
        registry.register(check.name, check)
    return registry
