"""Layer 1: every field the assistant relies on has a named owner in the charter."""

from __future__ import annotations

from typing import ClassVar

from ticketpilot.audit.data import AuditData
from ticketpilot.audit.figures.ownership import OwnershipFigures
from ticketpilot.audit.model import CheckResult, Finding, Severity

REQUIRED_OWNERS = {
    "ticket_schema": "the ticket schema and the helpdesk export",
    "category": "the category taxonomy and tagging",
    "body": "customer message text and its cleaning",
    "agent_replies": "the agent replies the assistant learns from",
    "csat": "satisfaction ratings",
    "resolution_times": "created, first-response and resolved timestamps",
    "pii_cleaning": "personal data in tickets, redaction and retention",
}


class Ownership:
    name: ClassVar[str] = "ownership"
    layer: ClassVar[str] = "ownership"
    title: ClassVar[str] = "Named owners for the fields the assistant relies on"
    weight: ClassVar[float] = 1.0

    def run(self, data: AuditData) -> CheckResult:
        owners = {k: v.strip() for k, v in data.charter.owners.items() if v.strip()}
        missing = [f for f in REQUIRED_OWNERS if f not in owners]
        result = CheckResult(
            self.name,
            self.layer,
            self.title,
            score=100.0 * (len(REQUIRED_OWNERS) - len(missing)) / len(REQUIRED_OWNERS),
            weight=self.weight,
            method=f"share of the {len(REQUIRED_OWNERS)} fields the assistant relies on that "
            "have an owner under [owners] in ticketpilot.toml",
            figures=OwnershipFigures(
                owned=tuple(sorted(set(REQUIRED_OWNERS) - set(missing))),
                missing=tuple(missing),
                owners=owners,
            ),
        )
        for field_name in missing:
            result.findings.append(
                Finding(
                    check=self.name,
                    severity=Severity.BLOCKER
                    if field_name in ("agent_replies", "pii_cleaning")
                    else Severity.WARNING,
                    title=f"No owner for {field_name}: {REQUIRED_OWNERS[field_name]}",
                    evidence={"field": field_name, "owners_named": len(owners)},
                    fix=f'Name an owner in ticketpilot.toml: [owners] {field_name} = "Team (person)"',
                )
            )
        return result
