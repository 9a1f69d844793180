"""The audit use case: load the history once, run every check, score, and write the reports."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ticketpilot.audit.data import AuditData, audit_ticket
from ticketpilot.audit.model import AuditReport, CheckResult
from ticketpilot.audit.registry import Checks
from ticketpilot.audit.render import write_reports
from ticketpilot.audit.scoring import layers_of, verdict
from ticketpilot.pii import BrandHandleLearner
from ticketpilot.retrieval.open_indexes import index_exists
from ticketpilot.runtime import Runtime
from ticketpilot.store.tickets import TicketRepository
from ticketpilot.workspace import make_private, private_files

Step = Callable[[str, int, int], None]
"""Progress: (what, done, total)."""


@dataclass(frozen=True, slots=True)
class AuditOutput:
    report: AuditReport
    files: list[Path]


def audit_data(runtime: Runtime, step: Step | None = None) -> AuditData:
    """The audit snapshot, converted while streaming so full tickets are not all held at once;
    the brand's own handles are learned in the same pass and kept unmasked in examples."""
    repo = TicketRepository(runtime.engine)
    total = repo.count()
    tickets = []
    learner = BrandHandleLearner()
    for i, ticket in enumerate(repo.iter_tickets(batch_size=5_000), start=1):
        tickets.append(audit_ticket(ticket))
        learner.add(ticket)
        if step and i % 5_000 == 0:
            step("loading tickets", i, total)
    detector = runtime.detector.allowing(learner.handles)
    return AuditData(charter=runtime.charter, tickets=tickets, detector=detector)


def run_checks(
    data: AuditData, checks: Checks, step: Step | None = None
) -> tuple[list[CheckResult], dict[str, float]]:
    results, seconds = [], {}
    names = checks.names()
    for i, check in enumerate(checks):
        if step:
            step(check.title, i, len(names))
        started = time.perf_counter()
        results.append(check.run(data))
        seconds[check.name] = round(time.perf_counter() - started, 3)
    return results, seconds


def build_report(
    data: AuditData, results: list[CheckResult], seconds: dict[str, float]
) -> AuditReport:
    layers = layers_of(results)
    score, ready, sentence = verdict(layers, data.charter)
    dated = [t.created_at for t in data.tickets if t.created_at]
    window = (min(dated).isoformat(), max(dated).isoformat()) if dated else (None, None)
    a = data.charter.audit
    return AuditReport(
        tickets=len(data.tickets),
        window=window,
        layers=layers,
        score=score,
        ready=ready,
        verdict=sentence,
        thresholds={
            "min_score": a.min_score,
            "min_category_share": a.min_category_share,
            "min_usable_reply_share": a.min_usable_reply_share,
            "max_retrieval_p95_ms": a.max_retrieval_p95_ms,
        },
        seconds=seconds,
    )


def run_audit(
    runtime: Runtime, step: Step | None = None, checks: Checks | None = None
) -> AuditOutput:
    """Audit the workspace's history and write ``reports/audit.{html,json,md}``."""
    data = audit_data(runtime, step)
    data.index_dir = runtime.workspace.index_dir
    if index_exists(data.index_dir):
        data.index = runtime.indexes.open(data.index_dir)
    results, seconds = run_checks(
        data, checks if checks is not None else runtime.audit_checks, step
    )
    report = build_report(data, results, seconds)
    with private_files():
        files = write_reports(
            report, runtime.workspace.reports_dir, runtime.charter.program.name,
            runtime.audit_sections,
        )  # fmt: skip
    make_private(files)
    return AuditOutput(report, files)
