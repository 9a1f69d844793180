"""The gate's answers: one per question, each GO, NO-GO or UNANSWERED with the rule it applied.

A question is a small declarative object (its number, words, rule) with a pure ``evaluate``
over the program's state (:class:`ticketpilot.reports.state.ProgramState`); the questions live
in one registry, so a program can add its own sixth question the way the built-ins register.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from ticketpilot.registry import Registry
from ticketpilot.reports.state import ProgramState

Verdict = Literal["GO", "NO-GO", "UNANSWERED"]


@dataclass(frozen=True)
class Answer:
    """One question answered: the verdict, the rule in words, the evidence and where it is."""

    key: str
    number: int
    question: str
    verdict: Verdict
    rule: str
    finding: str
    """Why this verdict, in one sentence with the deciding values."""
    evidence: dict[str, str] = field(default_factory=dict)
    sources: tuple[str, ...] = ()
    """Report files in ``reports/`` (or commands) the evidence comes from."""
    fix: str = ""
    """What would change the verdict, when it is not GO."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "key": self.key,
            "question": self.question,
            "verdict": self.verdict,
            "rule": self.rule,
            "finding": self.finding,
            "evidence": self.evidence,
            "sources": list(self.sources),
            "fix": self.fix,
        }


@dataclass(frozen=True)
class Question:
    """A gate question: its number and words, its rule, and how it is evaluated."""

    key: str
    number: int
    text: str
    rule: str
    evaluate: Callable[[Question, ProgramState], Answer]

    def answer(self, verdict: Verdict, finding: str, evidence: dict[str, str],
               sources: tuple[str, ...] = (), fix: str = "") -> Answer:  # fmt: skip
        return Answer(self.key, self.number, self.text, verdict, self.rule, finding, evidence,
                      sources, fix if verdict != "GO" else "")  # fmt: skip


Questions = Registry[Question]


@dataclass(frozen=True)
class GateResult:
    """The five (or more) answers and the overall verdict: GO only when every answer is GO."""

    program: str
    generated_at: datetime
    answers: tuple[Answer, ...]

    @property
    def verdict(self) -> Literal["GO", "NO-GO"]:
        return "GO" if self.answers and all(a.verdict == "GO" for a in self.answers) else "NO-GO"

    @property
    def blocking(self) -> list[Answer]:
        return [a for a in self.answers if a.verdict != "GO"]

    def headline(self) -> str:
        if self.verdict == "GO":
            return f"GO: all {len(self.answers)} questions answered GO."
        named = "; ".join(f"Q{a.number} {a.question} {a.verdict}" for a in self.blocking)
        return f"NO-GO: {named}."

    def as_dict(self) -> dict[str, Any]:
        return {
            "program": self.program,
            "generated_at": self.generated_at.isoformat(),
            "verdict": self.verdict,
            "headline": self.headline(),
            "answers": [a.as_dict() for a in self.answers],
        }
