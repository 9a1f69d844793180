"""Report section for retrieval feasibility: the latency histogram against the budget."""

from __future__ import annotations

from ticketpilot.audit.figures import FeasibilityFigures
from ticketpilot.audit.model import AuditReport, CheckResult
from ticketpilot.audit.render.markup import figure, note
from ticketpilot.reports import charts


def retrieval_latency(check: CheckResult, report: AuditReport) -> list[str]:
    """The histogram; a note when nothing was measured (no index, no held-out queries)."""
    f = check.figures
    if not isinstance(f, FeasibilityFigures) or not f.latencies_ms:
        return [note("No per-query latencies were recorded.")]
    latencies = [float(v) for v in f.latencies_ms]
    budget = f.budget_ms
    marks = {"p50": f.p50_ms, "p95": f.p95_ms, "p99": f.p99_ms}
    tail = marks["p99"]
    far = tail * 5 < budget
    svg = charts.histogram(
        latencies,
        title=f"Retrieval latency per query (n={len(latencies):,} queries)",
        x_label="milliseconds",
        y_label="queries",
        budget=budget,
        budget_label="budget",
        markers=marks,
        x_max=charts.nice_max((tail if far else max(tail, budget)) * 1.1),
    )
    caption = (
        "Wall-clock time of one top-k search per held-out query, against the charter's "
        "audit.max_retrieval_p95_ms budget; dashed lines are percentiles."
    )
    if far:
        caption += " The budget is over 5 times the p99, so the axis stops short of it."
    return [figure(svg, caption)]
