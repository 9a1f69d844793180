"""Plain-text forms of scores, figures and evidence shared by the HTML and Markdown reports."""

from __future__ import annotations

from typing import Any

from ticketpilot.audit.model import AuditReport, Severity
from ticketpilot.audit.scoring import LAYER_WEIGHTS
from ticketpilot.reports.charts import number, percent

SEVERITY_ORDER = (Severity.BLOCKER, Severity.WARNING, Severity.INFO)
THRESHOLD_NOTES = {
    "min_score": "overall readiness score needed (0..100)",
    "min_category_share": "share of tickets that must carry a category",
    "min_usable_reply_share": "share of tickets that must have a usable agent reply",
    "max_retrieval_p95_ms": "p95 retrieval latency budget (ms)",
}


def score_text(score: float | None) -> str:
    """``72/100``, or ``n/a`` for a check that could not be measured."""
    return "n/a" if score is None else f"{score:.0f}/100"


def label(key: str) -> str:
    """``tagged_share`` -> ``tagged share``; ``p95_ms`` -> ``p95`` (its value says ms)."""
    return key.removesuffix("_ms").replace("_", " ")


def value_text(key: str, value: Any) -> str:
    """A figure or evidence value as text: shares as percentages, numbers grouped, nested flat."""
    if value is None:
        return "n/a"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        if key.endswith("_ms"):
            return f"{number(value)} ms"
        return percent(value) if _is_share(key) and 0 <= value <= 1 else number(value)
    if isinstance(value, dict):
        if not value:
            return "none"
        return ", ".join(f"{k}: {value_text(key, v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(value_text(key, v) for v in value) if value else "none"
    return str(value)


def _is_share(key: str) -> bool:
    return "share" in key or key == "mix" or key.startswith("match_at")


def is_scalar(value: Any) -> bool:
    return value is None or isinstance(value, bool | int | float | str)


def window_text(report: AuditReport) -> str:
    start, end = report.window
    if not start or not end:
        return "no creation dates in the export"
    return f"created {start[:10]} to {end[:10]}"


def threshold_text(key: str, value: float) -> str:
    return percent(value) if "share" in key else number(value)


def finding_counts(report: AuditReport) -> dict[Severity, int]:
    counts = dict.fromkeys(SEVERITY_ORDER, 0)
    for finding in report.findings:
        counts[finding.severity] += 1
    return counts


def counts_text(report: AuditReport) -> str:
    """``2 blockers, 3 warnings, 1 info``."""
    counts = finding_counts(report)
    parts = [
        f"{n} {sev}{'s' if n != 1 and sev != Severity.INFO else ''}" for sev, n in counts.items()
    ]
    return ", ".join(parts)


def verdict_reason(report: AuditReport) -> str:
    """The verdict sentence without its leading ``READY:`` / ``NOT READY:`` (shown beside it)."""
    head, sep, rest = report.verdict.partition(": ")
    return rest if sep and head in ("READY", "NOT READY") else report.verdict


def score_rule() -> str:
    """How the overall score is made: ``weighted mean of the layer scores (ownership 1, ...)``."""
    weights = ", ".join(f"{layer} {w:g}" for layer, w in LAYER_WEIGHTS.items())
    return f"weighted mean of the layer scores ({weights})"
