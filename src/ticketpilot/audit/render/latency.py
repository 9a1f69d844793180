"""Report section for retrieval feasibility: the latency histogram against the budget."""

from __future__ import annotations

from ticketpilot.audit.model import AuditReport, CheckResult
from ticketpilot.audit.render.markup import figure, note
from ticketpilot.reports import charts


def retrieval_latency(check: CheckResult, report: AuditReport) -> list[str]:
    f = check.figures
    latencies = [float(v) for v in f.get("latencies_ms", [])]
    if not latencies:
        return [note("No per-query latencies were recorded.")]
    budget = f.get("budget_ms", report.thresholds.get("max_retrieval_p95_ms"))
    marks = {k[:-3]: float(f[k]) for k in ("p50_ms", "p95_ms", "p99_ms") if f.get(k) is not None}
    tail = marks.get("p99", max(latencies))
    ref = tail if budget is None or tail * 5 < budget else max(tail, float(budget))
    svg = charts.histogram(
        latencies,
        title=f"Retrieval latency per query (n={len(latencies):,} queries)",
        x_label="milliseconds",
        y_label="queries",
        budget=budget,
        budget_label="budget",
        markers=marks,
        x_max=charts.nice_max(ref * 1.1),
    )
    caption = (
        "Wall-clock time of one top-k search per held-out query, against the charter's "
        "audit.max_retrieval_p95_ms budget; dashed lines are percentiles."
    )
    if budget is not None and tail * 5 < budget:
        caption += " The budget is over 5 times the p99, so the axis stops short of it."
    return [figure(svg, caption)]
