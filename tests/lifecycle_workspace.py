"""A small finished program for the reports, gate, dashboard and e2e tests, built the way the
demo builds its own: generated history through the real importers, baseline, index (the
model-free ``hashing`` embedder, for speed), audit, replay, a pilot rehearsal through the pilot
service, the cost forecast and budget report, and drift over simulated production feedback with
the playbook's 62% -> 48% drop. Every step is the real service; only the sizes are small.

The charter is the demo's with two changes: the index embeds with ``hashing`` (no model to
load), and the pilot must clear 35% acceptance, not 50%. Drafts
retrieved from 500 tickets of history by the hashing embedder are accepted about 45% of the time
by the rehearsal's agents (the demo's 4,000 tickets and MiniLM give about 57%), and the gate
reads the charter's own threshold, whatever it is.
"""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

from ticketpilot.audit.service import run_audit
from ticketpilot.baseline.service import run_baseline
from ticketpilot.cost.render import write_forecast, write_status
from ticketpilot.cost.service import ForecastOptions, budget_status, run_forecast
from ticketpilot.demo.generator import generate
from ticketpilot.demo.service import (
    PILOT_TICKETS_PER_DAY,
    drift_scenario,
    fresh_workspace,
    import_demo,
)
from ticketpilot.monitor.service import run_drift
from ticketpilot.pilot.service import simulate
from ticketpilot.replay.service import replay_and_report
from ticketpilot.retrieval.service import build_index
from ticketpilot.runtime import Runtime, build_runtime

TICKETS = 500
REPLAY_SAMPLE = 40


def build_lifecycle(root: Path, data: Path, *, clock: datetime | None = None) -> Path:
    """A demo-like workspace at ``root`` after every phase up to drift; returns its root."""
    ws = fresh_workspace(root)
    charter = ws / "ticketpilot.toml"
    text = charter.read_text(encoding="utf-8")
    for old, new in (("min_acceptance_rate = 0.5", "min_acceptance_rate = 0.35"),
                     ('embedder = "minilm-l6-int8-onnx"', 'embedder = "hashing"')):  # fmt: skip
        assert old in text, old
        text = text.replace(old, new)
    charter.write_text(text, encoding="utf-8")
    history = generate(data, tickets=TICKETS, seed=3)
    runtime = open_runtime(ws, clock)
    try:
        import_demo(runtime, history, None)
        run_baseline(runtime)
        build_index(runtime)
        run_audit(runtime)
        replay_and_report(runtime, sample=REPLAY_SAMPLE)
        simulate(runtime, tickets_per_day=PILOT_TICKETS_PER_DAY, seed=3)
        folder = runtime.workspace.reports_dir
        write_forecast(run_forecast(runtime, ForecastOptions()), folder)
        write_status(budget_status(runtime), folder)
        frame = drift_scenario(runtime.clock().date()).simulate(seed=3).frame()
        run_drift(runtime, feedback=frame, texts=False)
    finally:
        runtime.close()
    return ws


def open_runtime(root: Path, clock: datetime | None = None) -> Runtime:
    """The workspace's runtime on its own SQLite file (never the caller's environment)."""
    if clock is None:
        return build_runtime(root, environ={})
    return build_runtime(root, environ={}, clock=lambda: clock)


def copy_workspace(source: Path, target: Path) -> Path:
    """A copy to break on purpose (the SQLite database travels inside the folder)."""
    shutil.copytree(source, target)
    return target
