"""Layer 2: the language mix, and tickets outside the charter's languages."""

from __future__ import annotations

from collections import Counter
from typing import ClassVar

from ticketpilot.audit.data import AuditData
from ticketpilot.audit.figures.languages import LanguageMixFigures
from ticketpilot.audit.model import CheckResult, Finding, Severity
from ticketpilot.audit.samples import masked_examples
from ticketpilot.tickets.language import UNDETERMINED, guess_language


def ticket_languages(data: AuditData) -> list[str]:
    """Declared language when the export has one, else guessed from the customer text."""
    cached = data.cache.get("languages")
    if isinstance(cached, list):
        return cached
    langs = [t.language or guess_language(f"{t.subject} {t.customer_text}") for t in data.tickets]
    data.cache["languages"] = langs
    return langs


class LanguageMix:
    name: ClassVar[str] = "language_mix"
    layer: ClassVar[str] = "quality"
    title: ClassVar[str] = "Languages in scope"
    weight: ClassVar[float] = 1.0

    def run(self, data: AuditData) -> CheckResult:
        langs = ticket_languages(data)
        n = len(langs)
        counts = Counter(langs)
        scope = set(data.charter.scope.languages)
        determined = n - counts[UNDETERMINED]
        outside = [i for i, lang in enumerate(langs) if lang not in scope and lang != UNDETERMINED]
        share_in = (determined - len(outside)) / determined if determined else 1.0
        result = CheckResult(
            self.name,
            self.layer,
            self.title,
            score=100.0 * share_in if n else None,
            weight=self.weight,
            method="declared language, else a stop-word/script guess on subject + customer text; "
            f"score = share of determined tickets in [scope] languages {sorted(scope)}",
            figures=LanguageMixFigures(
                mix={k: v / n for k, v in counts.most_common()} if n else {},
                undetermined=counts[UNDETERMINED],
                outside_scope=len(outside),
            ),
        )
        if outside:
            result.findings.append(
                Finding(
                    check=self.name,
                    severity=Severity.WARNING if len(outside) / n > 0.05 else Severity.INFO,
                    title=f"{len(outside):,} tickets ({len(outside) / n:.1%}) are in languages outside "
                    f"the scope {sorted(scope)}",
                    evidence={lang: c for lang, c in counts.most_common() if lang not in scope},
                    fix="Route these to humans (or add the language to [scope] languages once the "
                    "history has enough replies in it).",
                    examples=masked_examples(
                        [data.tickets[i].customer_text for i in outside], 3, data.detector
                    ),
                )
            )
        return result
