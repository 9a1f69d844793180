"""The runtime holds every registry, and the services use the runtime's: a test injects one."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from ticketpilot.charter import charter_template
from ticketpilot.gate.service import run_gate
from ticketpilot.monitor.detectors import DriftInputs, Verdict
from ticketpilot.monitor.service import run_drift
from ticketpilot.registry import Registry
from ticketpilot.runtime import Runtime, build_runtime
from ticketpilot.workspace import create_workspace


@pytest.fixture
def runtime(tmp_path: Path) -> Iterator[Runtime]:
    workspace = create_workspace(tmp_path / "ws", charter_template())
    runtime = build_runtime(workspace.root, environ={})
    yield runtime
    runtime.close()


@dataclass(frozen=True)
class Canary:
    """A detector a plugin would register: it always says what it saw."""

    name: str = "canary"
    method: str = "counts the feedback rows"
    window: str = "everything"
    false_alarm: str = "never"

    def run(self, inputs: DriftInputs) -> Verdict:
        n = len(inputs.feedback)
        return Verdict(self.name, "ok", f"{n} rows", self.method, self.window,
                       self.false_alarm, n)  # fmt: skip


def test_every_plugin_kind_is_a_registry_on_the_runtime(runtime: Runtime) -> None:
    kinds = ("importers", "audit_checks", "audit_sections", "draft_checks", "providers",
             "embedders", "recognizers", "detectors", "gate_questions", "report_sections",
             "report_presets")  # fmt: skip
    for kind in kinds:
        assert isinstance(getattr(runtime, kind), Registry), kind
        assert len(getattr(runtime, kind)) > 0, kind
    assert runtime.indexes.embedders is runtime.embedders


def test_drift_runs_the_runtimes_detectors(runtime: Runtime) -> None:
    for name in runtime.detectors.names():
        runtime.detectors.unregister(name)
    runtime.detectors.register("canary", Canary())
    report = run_drift(runtime, texts=False)
    assert [v.detector for v in report.verdicts] == ["canary"]


def test_the_gate_asks_the_runtimes_questions(runtime: Runtime) -> None:
    first = runtime.gate_questions.names()[0]
    runtime.gate_questions.unregister(first)
    output = run_gate(runtime, write=False)
    assert len(output.result.answers) == len(runtime.gate_questions) == 4
    assert first not in {a.key for a in output.result.answers}
