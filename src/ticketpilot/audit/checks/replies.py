"""Layer 2: share of tickets whose agent reply is usable (non-empty, not just "DM us")."""

from __future__ import annotations

from collections import Counter
from typing import ClassVar

from ticketpilot.audit.data import AuditData
from ticketpilot.audit.figures.replies import UsableReplyFigures
from ticketpilot.audit.model import CheckResult, Finding, Severity
from ticketpilot.audit.replies import reply_problem
from ticketpilot.audit.samples import masked_examples


class UsableReplies:
    name: ClassVar[str] = "usable_replies"
    layer: ClassVar[str] = "quality"
    title: ClassVar[str] = "Agent replies usable as examples"
    weight: ClassVar[float] = 2.0

    def run(self, data: AuditData) -> CheckResult:
        n = len(data.tickets)
        problems: Counter[str] = Counter()
        bad_examples: dict[str, list[str]] = {}
        for ticket in data.tickets:
            problem = "no agent reply" if not ticket.replies else reply_problem(ticket.first_reply)
            if problem:
                problems[problem] += 1
                bad_examples.setdefault(problem, []).append(
                    ticket.first_reply or ticket.customer_text
                )
        usable = n - sum(problems.values())
        share = usable / n if n else 0.0
        need = data.charter.audit.min_usable_reply_share
        per_category = _per_category(data)
        result = CheckResult(
            self.name,
            self.layer,
            self.title,
            score=100.0 * min(1.0, share / need) if n else None,
            weight=self.weight,
            method=f"tickets whose first public agent reply has >= 5 words and is not only a "
            f"greeting or a deflection / all tickets (n={n:,}); full score at "
            f"audit.min_usable_reply_share {need:.0%}",
            figures=UsableReplyFigures(
                tickets=n,
                usable=usable,
                usable_share=share,
                problems=dict(problems.most_common()),
                usable_share_per_category=per_category,
            ),
        )
        for problem, count in problems.most_common():
            severity = Severity.WARNING if count / max(n, 1) >= 0.05 else Severity.INFO
            if problem == "no agent reply" and count / max(n, 1) > 0.5:
                severity = Severity.BLOCKER
            result.findings.append(
                Finding(
                    check=self.name,
                    severity=severity,
                    title=f"{count:,} tickets ({count / max(n, 1):.1%}): {problem}",
                    evidence={"problem": problem, "tickets": count},
                    fix=_FIXES.get(problem, _FIXES["default"]),
                    examples=masked_examples(bad_examples[problem], 3, data.detector),
                )
            )
        return result


_FIXES = {
    "no agent reply": "Import the full thread (comments/conversations), not only the first message.",
    "deflection (DM us / call us)": "Exclude deflections from retrieval (they teach the assistant to "
    "deflect) and ask the QA owner for a resolved-answer macro per category.",
    "default": "Exclude these from the examples the assistant retrieves; review the macro library.",
}


def _per_category(data: AuditData) -> dict[str, float]:
    totals: Counter[str] = Counter()
    good: Counter[str] = Counter()
    for t in data.tickets:
        key = t.category or "(untagged)"
        totals[key] += 1
        if t.replies and reply_problem(t.first_reply) is None:
            good[key] += 1
    return {k: good[k] / totals[k] for k, _ in totals.most_common()}
