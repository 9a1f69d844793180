"""The demo lifecycle: a fresh workspace taken through the program on generated history.

Phase 1 (business anchor): charter, import through the real helpdesk importers, baseline and
value model. Phase 2 (data readiness): the retrieval index and the three-layer audit. Phase 3
(pilot): the shadow replay, then a rehearsal of the controlled pilot (simulated agents over the
replay's drafts, their events fed through the feedback service) and its status. Each step
returns its result so the CLI can print it and tests can assert it.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ticketpilot.audit.service import AuditOutput, run_audit
from ticketpilot.baseline.report import BaselineReport
from ticketpilot.baseline.service import run_baseline
from ticketpilot.baseline.value import ValueModel
from ticketpilot.charter import charter_template
from ticketpilot.demo.generator import DemoResult, generate
from ticketpilot.errors import WorkspaceError
from ticketpilot.pilot.results import Rehearsal
from ticketpilot.pilot.service import simulate
from ticketpilot.replay.model import ReplayReport
from ticketpilot.replay.service import replay_and_report
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
# csat and pii_cleaning are left without an owner on purpose: the audit reports it.
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
    """The demo replays a tenth of its history, at most the charter's sample."""
    return max(20, min(configured, tickets // 10))


def run_demo(
    root: Path,
    *,
    tickets: int = 20_000,
    seed: int = 7,
    audit: bool = True,
    progress: Progress | None = None,
) -> DemoRun:
    """Generate, import, baseline, index, audit, replay and rehearse the pilot in a fresh
    workspace at ``root``."""
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
            if progress:
                progress("rehearsing the pilot", 0, 1)
            run.pilot = simulate(runtime, seed=seed)
            if progress:
                progress("rehearsing the pilot", 1, 1)
    finally:
        runtime.close()
    return run
