"""Layer 2: duplicate and near-duplicate customer texts (they inflate retrieval and metrics)."""

from __future__ import annotations

from typing import ClassVar

from ticketpilot.audit.data import AuditData
from ticketpilot.audit.figures.duplicates import DuplicateFigures
from ticketpilot.audit.model import CheckResult, Finding, Severity
from ticketpilot.audit.neardup import duplicate_groups
from ticketpilot.audit.samples import masked_examples

_WARN_SHARE = 0.05


class Duplicates:
    name: ClassVar[str] = "duplicates"
    layer: ClassVar[str] = "quality"
    title: ClassVar[str] = "Duplicate and near-duplicate tickets"
    weight: ClassVar[float] = 1.0

    def run(self, data: AuditData) -> CheckResult:
        texts = [f"{t.subject} {t.customer_text}".strip() for t in data.tickets]
        exact, near = duplicate_groups(texts)
        n = len(texts)
        share = (len(exact) + len(near)) / n if n else 0.0
        result = CheckResult(
            self.name,
            self.layer,
            self.title,
            score=max(0.0, 100.0 - 200.0 * share) if n else None,
            weight=self.weight,
            method="subject + customer text normalised (case, punctuation, URLs, handles removed); "
            "exact = same normalised text; near = word-set Jaccard >= 0.9 (MinHash LSH candidates, "
            "confirmed exactly; texts of 5+ distinct words); score = 100 - 200 x duplicate share",
            figures=DuplicateFigures(tickets=n, exact=len(exact), near=len(near), share=share),
        )
        if share >= _WARN_SHARE:
            result.findings.append(
                Finding(
                    check=self.name,
                    severity=Severity.WARNING,
                    title=f"{share:.1%} of tickets repeat another ({len(exact):,} exact, "
                    f"{len(near):,} near-duplicates)",
                    evidence={"exact": len(exact), "near": len(near), "tickets": n},
                    fix="De-duplicate before building the index (keep the resolved copy) so retrieval shows "
                    "varied precedents and replay metrics are not inflated; check for bot or "
                    "auto-forwarded tickets.",
                    examples=masked_examples([texts[i] for i in exact + near], 3, data.detector),
                )
            )
        return result
