"""The go/no-go gate (SPEC S7): the playbook's five questions answered from the workspace.

model.py      :class:`Answer`, :class:`Question`, :class:`GateResult` (GO / NO-GO / UNANSWERED)
questions.py  the five questions and their rules, registered in one :class:`Questions` registry
service.py    :func:`run_gate` - gather the program's state, answer, write reports/gate.{json,md}
"""

from ticketpilot.gate.model import Answer, GateResult, Question, Questions, Verdict
from ticketpilot.gate.questions import RULES, default_questions, evaluate

__all__ = [
    "RULES",
    "Answer",
    "GateResult",
    "Question",
    "Questions",
    "Verdict",
    "default_questions",
    "evaluate",
]
