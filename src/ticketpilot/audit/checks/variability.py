"""Layer 2: reply variability in tone and format per category, and which are too inconsistent."""

from __future__ import annotations

from collections import defaultdict
from typing import ClassVar

from ticketpilot.audit.data import AuditData
from ticketpilot.audit.figures.variability import VariabilityFigures
from ticketpilot.audit.model import CheckResult, Finding, Severity
from ticketpilot.audit.replies import reply_problem
from ticketpilot.audit.samples import masked_examples
from ticketpilot.audit.variability import profile

MIN_REPLIES = 20
MIN_CONSISTENCY = 0.45


class ReplyVariability:
    name: ClassVar[str] = "reply_variability"
    layer: ClassVar[str] = "quality"
    title: ClassVar[str] = "Consistent reply tone and format per category"
    weight: ClassVar[float] = 1.5

    def run(self, data: AuditData) -> CheckResult:
        groups: dict[str, list[str]] = defaultdict(list)
        for t in data.tickets:
            if t.replies and reply_problem(t.first_reply) is None:
                groups[t.category or "(untagged)"].append(t.first_reply)
        profiles = {
            k: profile(v, data.detector) for k, v in groups.items() if len(v) >= MIN_REPLIES
        }
        measured = sum(p.replies for p in profiles.values())
        consistent = sum(p.replies for p in profiles.values() if p.consistency >= MIN_CONSISTENCY)
        result = CheckResult(
            self.name,
            self.layer,
            self.title,
            score=100.0 * consistent / measured if measured else None,
            weight=self.weight,
            method=f"per category with >= {MIN_REPLIES} usable replies: consistency = 1 - mean of "
            "(length CV / 1.5, greeting-pattern entropy, sign-off entropy, formality std / 0.6); "
            f"score = share of replies in categories with consistency >= {MIN_CONSISTENCY}",
            figures=VariabilityFigures(
                categories=dict(sorted(profiles.items())),
                too_small=tuple(sorted(k for k, v in groups.items() if len(v) < MIN_REPLIES)),
            ),
        )
        inconsistent = sorted(
            (k for k, p in profiles.items() if p.consistency < MIN_CONSISTENCY),
            key=lambda k: profiles[k].consistency,
        )
        if inconsistent:
            worst = profiles[inconsistent[0]]
            result.findings.append(
                Finding(
                    check=self.name,
                    severity=Severity.WARNING,
                    title=f"Replies are too inconsistent to learn from in {len(inconsistent)} of "
                    f"{len(profiles)} categories (consistency < {MIN_CONSISTENCY}; worst "
                    f"{inconsistent[0]!r} at {worst.consistency:.2f})",
                    evidence={
                        k: {
                            "replies": profiles[k].replies,
                            "consistency": round(profiles[k].consistency, 2),
                            "length_cv": round(profiles[k].length_cv, 2),
                            "greetings": _top(profiles[k].greetings),
                            "signoffs": _top(profiles[k].signoffs),
                            "formality_std": round(profiles[k].formality_std, 2),
                            "template_share": round(profiles[k].template_share, 3),
                        }
                        for k in inconsistent
                    },
                    fix="Agree one reply style per category (greeting, structure, sign-off) with the "
                    "QA owner, publish it as macros, and prefer template-following replies as "
                    "retrieval examples for: " + ", ".join(inconsistent),
                    examples=masked_examples(groups[inconsistent[0]], 3, data.detector),
                )
            )
        return result


def _top(shares: dict[str, float]) -> dict[str, float]:
    return {k: round(v, 3) for k, v in list(shares.items())[:4]}
