"""Layer 2: share of tickets with a category, overall and per category."""

from __future__ import annotations

from collections import Counter
from typing import ClassVar

from ticketpilot.audit.data import AuditData
from ticketpilot.audit.figures.coverage import CoverageFigures
from ticketpilot.audit.model import CheckResult, Finding, Severity
from ticketpilot.audit.samples import masked_examples


class CategoryCoverage:
    name: ClassVar[str] = "category_coverage"
    layer: ClassVar[str] = "quality"
    title: ClassVar[str] = "Tickets carry a category"
    weight: ClassVar[float] = 2.0

    def run(self, data: AuditData) -> CheckResult:
        n = len(data.tickets)
        counts = Counter(t.category for t in data.tickets if t.category)
        tagged = sum(counts.values())
        share = tagged / n if n else 0.0
        need = data.charter.audit.min_category_share
        scope = set(data.charter.scope.categories)
        result = CheckResult(
            self.name,
            self.layer,
            self.title,
            score=100.0 * min(1.0, share / need) if n and need else (100.0 if n else None),
            weight=self.weight,
            method=f"tagged tickets / all tickets (n={n:,}); full score at the charter's "
            f"audit.min_category_share {need:.0%}",
            figures=CoverageFigures(
                tickets=n,
                tagged=tagged,
                tagged_share=share,
                per_category=dict(counts.most_common()),
            ),
        )
        if n and share < need:
            untagged = [t for t in data.tickets if not t.category]
            result.findings.append(
                Finding(
                    check=self.name,
                    severity=Severity.BLOCKER if share < need / 2 else Severity.WARNING,
                    title=f"{1 - share:.1%} of tickets have no category ({n - tagged:,} of {n:,})",
                    evidence={
                        "tagged_share": round(share, 4),
                        "untagged": n - tagged,
                        "threshold": need,
                    },
                    fix="Back-fill categories before the pilot: have the tagging owner label a "
                    "sample per queue, then `ticketpilot import labels.csv --map ...=category "
                    "--update-only`; enforce a required category field in the helpdesk.",
                    examples=masked_examples([t.customer_text for t in untagged], 3, data.detector),
                )
            )
        if scope:
            outside = sum(n_ for cat, n_ in counts.items() if cat not in scope)
            if outside:
                result.findings.append(
                    Finding(
                        check=self.name,
                        severity=Severity.INFO,
                        title=f"{outside:,} tagged tickets are in categories outside the charter's scope",
                        evidence={"scope": sorted(scope), "outside": outside},
                        fix="Add the categories to [scope] categories, or leave them to humans.",
                    )
                )
        return result
