"""What a draft check reads (``DraftContext``) and what it says (``CheckOutcome``)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["info", "warning", "block"]

_RANK: dict[Severity, int] = {"info": 0, "warning": 1, "block": 2}


@dataclass(frozen=True)
class DraftContext:
    """Everything a check may compare a draft with; all of it already in memory.

    ``retrieved`` holds the PII-redacted texts and replies of the past tickets used,
    ``knowledge`` the knowledge-base passages; ``ticket_pii_values`` the PII values found in
    this ticket (the only ones a draft may repeat) and ``system_prompt`` the prompt the model
    was given (a draft must never echo it).
    """

    ticket_text: str
    ticket_subject: str = ""
    retrieved: list[str] = field(default_factory=list)
    knowledge: list[str] = field(default_factory=list)
    category: str | None = None
    critical_categories: frozenset[str] = frozenset()
    system_prompt: str = ""
    ticket_pii_values: set[str] = field(default_factory=set)

    @property
    def ticket(self) -> str:
        """Subject and body of this ticket as one text."""
        return f"{self.ticket_subject}\n{self.ticket_text}"

    def sources(self) -> list[str]:
        """Every text a claim in the draft may be grounded in."""
        return [self.ticket, *self.retrieved, *self.knowledge]


@dataclass(frozen=True)
class CheckOutcome:
    """One check's verdict on one draft: ``evidence`` quotes what it found."""

    check: str
    passed: bool
    severity: Severity
    reason: str
    evidence: list[str] = field(default_factory=list)

    @classmethod
    def ok(cls, check: str, reason: str = "ok") -> CheckOutcome:
        return cls(check=check, passed=True, severity="info", reason=reason)


def worst(severities: Iterable[Severity]) -> Severity:
    """The most serious of ``severities`` (``"info"`` when there are none)."""
    return max(severities, key=_RANK.__getitem__, default="info")
