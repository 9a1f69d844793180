"""The audit as Markdown for chat and wikis: verdict, score tables, findings with their fixes.

Ticket text is escaped so that it cannot become markup (HTML tags, links, table cells) where the
Markdown is rendered; examples go in code spans.
"""

from __future__ import annotations

import re

from ticketpilot.audit.model import AuditReport, Finding
from ticketpilot.audit.render.text import (
    SEVERITY_ORDER,
    THRESHOLD_NOTES,
    counts_text,
    is_scalar,
    label,
    score_rule,
    score_text,
    threshold_text,
    value_text,
    verdict_reason,
    window_text,
)

_SPECIAL = re.compile(r"([\\`<|]|(?<=\])[(\[])")


def md(text: object) -> str:
    """Text safe inside a Markdown paragraph or table cell: one line; no HTML tag, code span,
    link or image (``<``, backticks, ``](`` are escaped) and no cell break (``|``)."""
    return _SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def code(text: str) -> str:
    """An inline code span that holds any text, backticks included."""
    flat = " ".join(text.split())
    ticks = "`" * (max((len(m) for m in re.findall(r"`+", flat)), default=0) + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") else ""
    return f"{ticks}{pad}{flat}{pad}{ticks}"


def render_markdown(report: AuditReport, program_name: str) -> str:
    need = report.thresholds.get("min_score", 70.0)
    lines = [
        f"# Data-readiness audit: {md(program_name)}",
        "",
        f"**{'READY' if report.ready else 'NOT READY'}**: {md(verdict_reason(report))}",
        "",
        f"Overall score **{score_text(report.score)}** (charter needs {need:.0f}; "
        f"{score_rule()}) over {report.tickets:,} tickets "
        f"({md(window_text(report))}). Findings: {counts_text(report)}.",
        "",
        "## Scores",
        "",
        "| Layer | Check | Score | Weight | Findings | Method |",
        "|---|---|---:|---:|---|---|",
    ]
    for layer in report.layers:
        lines.append(
            f"| **{md(layer.title)}** | *layer* | **{score_text(layer.score)}** | | | "
            "weighted mean of its checks |"
        )
        for c in layer.checks:
            found = ", ".join(
                f"{sum(f.severity == s for f in c.findings)} {s}"
                for s in SEVERITY_ORDER
                if any(f.severity == s for f in c.findings)
            )
            lines.append(
                f"| {md(layer.layer)} | {md(c.title)} (`{c.check}`) | "
                f"{score_text(c.score)} | {c.weight:g} | {found or 'none'} | "
                f"{md(c.method)} |"
            )
    lines += ["", "## Charter thresholds", "", "| Setting | Value | Meaning |", "|---|---:|---|"]
    lines += [
        f"| audit.{md(k)} | {threshold_text(k, v)} | {md(THRESHOLD_NOTES.get(k, ''))} |"
        for k, v in report.thresholds.items()
    ]
    lines += figure_lines(report)
    lines += ["", "## Findings", ""]
    findings = sorted(report.findings, key=lambda f: SEVERITY_ORDER.index(f.severity))
    if not findings:
        lines += ["No findings.", ""]
    for i, finding in enumerate(findings, start=1):
        lines += finding_lines(i, finding)
    return "\n".join(lines).rstrip() + "\n"


def figure_lines(report: AuditReport) -> list[str]:
    """Each check's single-value figures (the HTML report's figure tables), the retrieval
    latencies and neighbour quality of layer 3 included."""
    lines = ["", "## Figures"]
    for check in (c for layer in report.layers for c in layer.checks):
        rows = [(k, v) for k, v in check.figures.as_dict().items() if is_scalar(v)]
        if not rows:
            continue
        lines += [
            "",
            f"**{md(check.title)}**, check `{check.check}`:",
            "",
            "| Figure | Value |",
            "|---|---:|",
        ]
        lines += [f"| {md(label(k))} | {md(value_text(k, v))} |" for k, v in rows]
    return lines


def finding_lines(i: int, finding: Finding) -> list[str]:
    lines = [
        f"### {i}. {str(finding.severity).upper()}: {md(finding.title)}",
        "",
        f"Check `{finding.check}`.",
        "",
    ]
    if finding.evidence:
        lines += ["| Evidence | Value |", "|---|---|"]
        lines += [
            f"| {md(label(k))} | {md(value_text(k, v))} |" for k, v in finding.evidence.items()
        ]
        lines.append("")
    lines += [f"**Fix:** {md(finding.fix)}", ""]
    if finding.examples:
        lines += ["Examples (PII masked):", ""]
        lines += [f"- {code(e)}" for e in finding.examples]
        lines.append("")
    return lines
