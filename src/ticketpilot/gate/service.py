"""The gate use case: the program's state from the workspace, every question answered, and
``reports/gate.{json,md}`` written so the verdict and its evidence travel with the reports."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ticketpilot.gate.model import GateResult, Questions
from ticketpilot.gate.questions import evaluate
from ticketpilot.reports.service import program_state
from ticketpilot.reports.state import ProgramState
from ticketpilot.runtime import Runtime


@dataclass(frozen=True)
class GateOutput:
    result: GateResult
    files: list[Path] = field(default_factory=list)


def run_gate(
    runtime: Runtime,
    *,
    questions: Questions | None = None,
    state: ProgramState | None = None,
    write: bool = True,
) -> GateOutput:
    """Answer every registered question from the workspace; write ``gate.json`` and ``gate.md``."""
    state = state or program_state(runtime)
    answers = evaluate(questions if questions is not None else runtime.gate_questions, state)
    result = GateResult(state.program, state.now, answers)
    if not write:
        return GateOutput(result)
    folder = runtime.workspace.reports_dir
    folder.mkdir(parents=True, exist_ok=True)
    data = folder / "gate.json"
    data.write_text(json.dumps(result.as_dict(), indent=2, ensure_ascii=False) + "\n", "utf-8")
    text = folder / "gate.md"
    text.write_text(gate_markdown(result), encoding="utf-8")
    return GateOutput(result, [data, text])


def gate_markdown(result: GateResult) -> str:
    """The verdict, then each question with its verdict, rule, finding, evidence and sources."""
    parts = [f"# Go/no-go gate: {result.program}",
             f"Generated {result.generated_at:%Y-%m-%d %H:%M} UTC.", f"**{result.headline()}**"]  # fmt: skip
    for a in result.answers:
        parts.append(f"## Q{a.number}. {a.question} {a.verdict}")
        parts.append(a.finding)
        parts.append(f"_Rule:_ {a.rule}")
        if a.evidence:
            parts.append("\n".join(f"- {k}: {v}" for k, v in a.evidence.items()))
        if a.sources:
            parts.append("Evidence in: " + ", ".join(f"[{s}]({s})" if "." in s else f"`{s}`"
                                                     for s in a.sources))  # fmt: skip
        if a.fix:
            parts.append(f"_To change it:_ {a.fix}")
    return "\n\n".join(parts) + "\n"
