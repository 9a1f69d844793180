"""The gate's rules on hand-made program states: each verdict, and the evidence it names."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from ticketpilot.charter import parse_charter
from ticketpilot.gate import GateResult, Question, default_questions, evaluate
from ticketpilot.reports.state import DriftAlert, ProgramState

NOW = datetime(2026, 3, 2, 9, 0)
OWNERS = """
[owners]
category = "Support Ops"
body = "Helpdesk admin"
"""


def _state(tmp_path: Path, charter: str = OWNERS, **fields: Any) -> ProgramState:
    return ProgramState(parse_charter(charter), NOW, tmp_path, **fields)


def _audit(ready: bool = True) -> dict[str, Any]:
    ownership = {"check": "ownership", "figures": {"owned": ["category"], "missing": ["body"]},
                 "findings": []}  # fmt: skip
    return {"ready": ready, "score": 82.0, "verdict": "READY" if ready else "NOT READY",
            "tickets": 900, "thresholds": {"min_score": 70},
            "layers": [{"layer": "ownership", "checks": [ownership]}]}  # fmt: skip


def _forecast(bill: float, high: float) -> dict[str, Any]:
    months = [
        {"month": "2026-04", "rollout": 0.1, "bill": bill / 10, "bill_low": 0, "bill_high": high / 10},
        {"month": "2026-05", "rollout": 1.0, "bill": bill, "bill_low": bill / 2, "bill_high": high,
         "cost_per_resolved_ticket": 0.02, "net_value": 100.0},
        {"month": "2026-06", "rollout": 1.0, "bill": bill, "bill_low": bill / 2, "bill_high": high},
    ]  # fmt: skip
    return {"generated_at": "2026-03-01T10:00:00", "forecasts": [{"model": "gpt-4o-mini",
                                                                  "months": months}]}  # fmt: skip


def _answer(state: ProgramState, key: str) -> Any:
    return next(a for a in evaluate(default_questions(), state) if a.key == key)


def test_an_empty_workspace_answers_nothing(tmp_path: Path) -> None:
    answers = evaluate(default_questions(), _state(tmp_path))
    assert [(a.number, a.verdict) for a in answers] == [
        (1, "UNANSWERED"), (2, "UNANSWERED"), (3, "UNANSWERED"), (4, "UNANSWERED"),
        (5, "UNANSWERED"),
    ]  # fmt: skip
    result = GateResult("p", NOW, answers)
    assert result.verdict == "NO-GO"
    assert result.headline().startswith("NO-GO: Q1 What metric moves? UNANSWERED; Q2")
    assert all(a.fix and a.rule for a in answers)


def test_data_is_go_only_when_ready_and_every_needed_owner_is_named_now(tmp_path: Path) -> None:
    assert _answer(_state(tmp_path, audit=_audit()), "data").verdict == "GO"
    not_ready = _answer(_state(tmp_path, audit=_audit(ready=False)), "data")
    assert not_ready.verdict == "NO-GO" and "NOT READY" in not_ready.finding
    unowned = _answer(_state(tmp_path, charter='[owners]\ncategory = "Ops"\n', audit=_audit()),
                      "data")  # fmt: skip
    assert unowned.verdict == "NO-GO"
    assert unowned.finding == "No owner for body."
    assert unowned.evidence["without an owner in the charter now"] == "body"


@pytest.mark.parametrize(
    ("bill", "high", "verdict"),
    [(4000.0, 4900.0, "GO"), (5200.0, 6000.0, "NO-GO"), (4000.0, 5100.0, "NO-GO")],
)
def test_cost_is_judged_at_the_rollouts_peak_month(
    tmp_path: Path, bill: float, high: float, verdict: str
) -> None:
    answer = _answer(_state(tmp_path, forecast=_forecast(bill, high)), "cost")
    assert answer.verdict == verdict
    assert answer.evidence["peak month"] == "2026-06 (rollout 100%)"  # the latest of equals
    assert answer.evidence["monthly budget"].startswith("5,000.00 USD")


def test_the_model_being_wrong_needs_critical_categories_and_recorded_fallbacks(
    tmp_path: Path,
) -> None:
    replay = {"fallback_reasons": {"critical_category": 12, "weak_retrieval": 3}}
    answer = _answer(_state(tmp_path, replay=replay), "wrong")
    assert answer.verdict == "NO-GO"  # no pilot yet: no draft was ever shown to flag
    assert answer.finding == "No pilot draft shown to agents, so no flag path exercised."
    assert answer.evidence["human fallbacks recorded"] == "critical_category 12, weak_retrieval 3"
    bare = _answer(_state(tmp_path, charter="[critical]\ncategories = []\n", replay={}), "wrong")
    assert bare.finding.startswith("No critical categories in [critical]; no human fallback")
    assert answer.evidence["drift alerts not yet acknowledged"] == "none"
    alerts = [DriftAlert("acceptance_drop", "overall", None, NOW.date(), "acceptance fell", True),
              DriftAlert("category_mix", "overall", None, NOW.date(), "new mix", False)]  # fmt: skip
    seen = _answer(_state(tmp_path, replay=replay, alerts=alerts), "wrong")
    assert seen.evidence["drift alerts not yet acknowledged"] == "1; latest: new mix"


def test_a_question_registers_like_a_plugin(tmp_path: Path) -> None:
    questions = default_questions()

    def always(q: Question, state: ProgramState) -> Any:
        return q.answer("GO", "fine", {"checked": "yes"})

    questions.add(Question("legal", 6, "Has legal signed off?", "GO when signed.", always))
    answers = evaluate(questions, _state(tmp_path))
    assert [a.number for a in answers] == [1, 2, 3, 4, 5, 6]
    assert answers[-1].as_dict()["question"] == "Has legal signed off?"
    assert answers[-1].fix == ""  # a GO carries no fix
