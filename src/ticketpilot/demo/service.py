"""The demo lifecycle: a fresh workspace taken through the whole program on generated history.

Phase 1 (business anchor): charter, import through the real helpdesk importers, baseline and
value model. Phase 2 (data readiness): the retrieval index and the three-layer audit. Phase 3
(pilot): the shadow replay, then a rehearsal of the pilot (simulated agents over the replay,
through the pilot service). Phase 4 (production hardening): the cost forecast and the budget
report. Phase 5 (scale): six months of simulated production feedback with the playbook's drift
(acceptance 62% -> 48% in one category after a prompt change, six days before today) through the
drift detectors, then the weekly, monthly and executive reports, the gate and a dashboard
snapshot. Each step returns its result so the CLI can print it and tests can assert it.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from ticketpilot.audit.service import AuditOutput, run_audit
from ticketpilot.baseline.report import BaselineReport
from ticketpilot.baseline.service import run_baseline
from ticketpilot.baseline.value import ValueModel
from ticketpilot.charter import charter_template
from ticketpilot.cost.render import write_forecast, write_status
from ticketpilot.cost.results import CostForecast
from ticketpilot.cost.service import ForecastOptions, budget_status, run_forecast
from ticketpilot.demo.generator import DemoResult, generate
from ticketpilot.errors import WorkspaceError
from ticketpilot.gate.service import GateOutput, run_gate
from ticketpilot.monitor.scenario import FeedbackScenario
from ticketpilot.monitor.service import DriftReport, run_drift
from ticketpilot.pilot.results import Rehearsal
from ticketpilot.pilot.service import simulate
from ticketpilot.replay.model import ReplayReport
from ticketpilot.replay.service import replay_and_report
from ticketpilot.reports.render.pdf import pdf_engine_problem
from ticketpilot.reports.service import FORMATS, ReportOutput, write_dashboard, write_report
from ticketpilot.retrieval.service import IndexRun, build_index
from ticketpilot.runtime import Runtime, build_runtime
from ticketpilot.tickets.importing.pipeline import ImportResult
from ticketpilot.tickets.service import import_files, import_options
from ticketpilot.workspace import create_workspace

MARKER = "demo-workspace"
DEMO_OWNERS = """[owners]
ticket_schema = "Support Ops (Dana Lee)"
category = "Support Ops (Dana Lee)"
body = "Helpdesk admin (Sam Ortiz)"
agent_replies = "Support QA lead (Priya Nair)"
resolution_times = "CX analytics (Lena Roth)"
csat = "CX analytics (Lena Roth)"
pii_cleaning = "Data protection officer (Omar Haddad)"
"""


@dataclass(slots=True)
class DemoRun:
    """What each step of the demo produced."""

    workspace: Path
    data: DemoResult | None = None
    imports: list[ImportResult] = field(default_factory=list)
    baseline: BaselineReport | None = None
    value: ValueModel | None = None
    index: IndexRun | None = None
    audit: AuditOutput | None = None
    replay: ReplayReport | None = None
    replay_files: list[Path] = field(default_factory=list)
    pilot: Rehearsal | None = None
    forecast: CostForecast | None = None
    cost_files: list[Path] = field(default_factory=list)
    drift: DriftReport | None = None
    drift_scenario: FeedbackScenario | None = None
    reports: list[ReportOutput] = field(default_factory=list)
    gate: GateOutput | None = None
    dashboard: Path | None = None
    notes: list[str] = field(default_factory=list)


Progress = Callable[[str, int, int], None]


def demo_charter() -> str:
    """The commented template with the demo program's name and some owners filled in."""
    text = charter_template().replace(
        'name = "Support reply assistant"', 'name = "Northwind Devices support assistant (demo)"'
    )
    start = text.index("[owners]")
    end = text.index("[pilot]")
    return text[:start] + DEMO_OWNERS + "\n" + text[end:]


def fresh_workspace(root: Path) -> Path:
    """Create the demo workspace, replacing an earlier demo's; never another workspace."""
    root = root.expanduser().resolve()
    marker = root / ".ticketpilot" / MARKER
    if root.exists() and any(root.iterdir()):
        if not marker.exists():
            raise WorkspaceError(
                f"{root} exists and is not a demo workspace; pass --workspace to an empty folder"
            )
        shutil.rmtree(root)
    workspace = create_workspace(root, demo_charter())
    (workspace.state_dir / MARKER).write_text("created by `ticketpilot demo`\n", encoding="utf-8")
    return workspace.root


def import_demo(
    runtime: Runtime, data: DemoResult, progress: Progress | None
) -> list[ImportResult]:
    """Import each generated export through its helpdesk importer."""
    results = []
    for fmt, path in data.files.items():

        def step(_: Path, done: int, total: int, fmt: str = fmt) -> None:
            if progress:
                progress(f"importing {fmt} export", done, total)

        options = import_options(runtime, fmt=fmt)
        results += import_files(runtime, [path], options, step)
    return results


def replay_sample(tickets: int, configured: int) -> int:
    """The demo replays a twentieth of its history, at most the charter's sample (the replay
    is the lifecycle's slowest step: 4,000 tickets replay 200)."""
    return max(20, min(configured, tickets // 20))


#: The rehearsal's volume: the playbook's 100,000 tickets a month is 3,300 a day; the demo plays
#: a tenth of it (330 a day, 33 of them in the 10% cohort and 33 in control), enough for the
#: pilot's always-valid intervals to decide within its 28 days.
PILOT_TICKETS_PER_DAY = 330.0
#: Simulated production feedback after the rollout: 120 days, the drop 6 days before today.
FEEDBACK_DAYS, DRIFT_DAYS_AGO = 120, 6
REPORTS = ("weekly", "monthly", "executive")


def drift_scenario(today: date) -> FeedbackScenario:
    """The playbook's 62% -> 48% drop in the demo's new-product category, ending today."""
    return FeedbackScenario(
        days=FEEDBACK_DAYS,
        start=today - timedelta(days=FEEDBACK_DAYS - 1),
        drift_day=FEEDBACK_DAYS - DRIFT_DAYS_AGO,
    )


def later_phases(runtime: Runtime, run: DemoRun, seed: int, progress: Progress | None) -> None:
    """Phases 3 to 5 after the replay: rehearsal, cost, drift, reports, gate, dashboard."""
    with _step(progress, "rehearsing the pilot (simulated agents)"):
        run.pilot = simulate(runtime, tickets_per_day=PILOT_TICKETS_PER_DAY, seed=seed)
    with _step(progress, "forecasting cost"):
        run.forecast = run_forecast(runtime, ForecastOptions())
        folder = runtime.workspace.reports_dir
        run.cost_files = write_forecast(run.forecast, folder)
        run.cost_files += write_status(budget_status(runtime), folder)
    with _step(progress, "monitoring drift (simulated production feedback)"):
        run.drift_scenario = drift_scenario(runtime.clock().date())
        frame = run.drift_scenario.simulate(seed=seed).frame()
        run.drift = run_drift(runtime, feedback=frame)
    problem = pdf_engine_problem()
    formats = FORMATS if problem is None else tuple(f for f in FORMATS if f != "pdf")
    if problem is not None:
        run.notes.append(f"reports written without PDF: {problem}; install Pango for PDFs")
    for name in REPORTS:
        with _step(progress, f"writing the {name} report"):
            run.reports.append(write_report(runtime, name, formats=formats))
    with _step(progress, "answering the go/no-go gate"):
        run.gate = run_gate(runtime)
        run.dashboard = write_dashboard(runtime)


def run_demo(
    root: Path,
    *,
    tickets: int = 4_000,
    seed: int = 7,
    audit: bool = True,
    progress: Progress | None = None,
) -> DemoRun:
    """The whole lifecycle in a fresh workspace at ``root`` (``audit=False``: phase 1 only)."""
    run = DemoRun(fresh_workspace(root))

    def generated(done: int, total: int) -> None:
        if progress:
            progress("generating synthetic history", done, total)

    run.data = generate(run.workspace / "demo-data", tickets=tickets, seed=seed, progress=generated)
    runtime = build_runtime(run.workspace)
    try:
        run.imports = import_demo(runtime, run.data, progress)
        run.baseline, run.value = run_baseline(runtime)
        if audit:
            run.index = build_index(
                runtime,
                progress=lambda d, t: progress("embedding tickets", d, t) if progress else None,
            )
            run.audit = run_audit(runtime, progress)
            replayed = replay_and_report(
                runtime, sample=replay_sample(tickets, runtime.charter.replay.sample),
                progress=progress,
            )  # fmt: skip
            run.replay, run.replay_files = replayed.report, replayed.files
            later_phases(runtime, run, seed, progress)
    finally:
        runtime.close()
    return run


@contextmanager
def _step(progress: Progress | None, name: str) -> Iterator[None]:
    """A step of one unit: reported when it starts and when it ends."""
    if progress:
        progress(name, 0, 1)
    yield
    if progress:
        progress(name, 1, 1)
