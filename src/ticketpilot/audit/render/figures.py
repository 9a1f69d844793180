"""Report sections for ownership, category coverage, usable replies and language mix.

Each section narrows the check's figures to the check's model (``CheckResult.figures_as``) and
reads its attributes; figures of another kind raise ``TypeError``, which the report turns into a
note and the generic table (:func:`ticketpilot.audit.render.sections.render_section`).
"""

from __future__ import annotations

from collections.abc import Mapping

from ticketpilot.audit.figures import (
    CoverageFigures,
    LanguageMixFigures,
    OwnershipFigures,
    UsableReplyFigures,
)
from ticketpilot.audit.model import AuditReport, CheckResult
from ticketpilot.audit.render.markup import figure, note, table
from ticketpilot.reports import charts
from ticketpilot.reports.charts import percent

TOP = 15


def top_items(
    counts: Mapping[str, float], k: int = TOP, other: bool = True
) -> list[tuple[str, float]]:
    """The ``k`` largest items in order; the rest summed as ``other (n)`` when ``other``."""
    items = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    if len(items) <= k:
        return items
    rest = items[k:]
    head = items[:k]
    return [*head, (f"other ({len(rest)})", sum(v for _, v in rest))] if other else head


def ownership(check: CheckResult, report: AuditReport) -> list[str]:
    f = check.figures_as(OwnershipFigures)
    owners = f.owners
    rows = [(field, owners.get(field, ""), "owned") for field in f.owned]
    rows += [(field, "", "MISSING") for field in f.missing]
    extra = [(k, v, "owned (not required)") for k, v in owners.items() if k not in f.owned]
    return [table(["field", "owner (charter [owners])", "status"], rows + extra, "owners")]


def category_coverage(check: CheckResult, report: AuditReport) -> list[str]:
    f = check.figures_as(CoverageFigures)
    per = f.per_category
    n, tagged = f.tickets, f.tagged
    if not n:
        return [note("No tickets to chart.")]
    need = report.thresholds.get("min_category_share")
    share = tagged / n
    out = [
        figure(
            charts.bar_chart(
                ["with a category", "without (untagged)"],
                [share, 1 - share],
                title=f"Tickets with a category (n={n:,})",
                x_label="share of tickets",
                threshold=need,
                threshold_label="charter",
                fmt=percent,
                max_value=1.0,
                highlight={"without (untagged)"},
            ),
            f"{tagged:,} of {n:,} tickets carry a category; the line is the charter's "
            "audit.min_category_share for the first bar.",
        )
    ]
    if per:
        items = top_items(per)
        svg = charts.bar_chart(
            [k for k, _ in items],
            [v for _, v in items],
            title=f"Tagged tickets per category (n={tagged:,})",
            x_label="tickets",
            y_label="category",
        )
        other = ", the smallest summed as 'other'" if len(per) > TOP else ""
        out.append(figure(svg, f"Tagged tickets by category: {len(per):,} categories{other}."))
    return out


def usable_replies(check: CheckResult, report: AuditReport) -> list[str]:
    f = check.figures_as(UsableReplyFigures)
    n = f.tickets
    out = []
    problems = f.problems
    if problems:
        items = top_items(problems)
        svg = charts.bar_chart(
            [k for k, _ in items],
            [v for _, v in items],
            title=f"Tickets without a usable reply, by reason (n={n:,})",
            x_label="tickets",
            y_label="reason",
        )
        out.append(figure(svg, "Reason the first public agent reply of a ticket is not usable."))
    shares = f.usable_share_per_category
    if shares:
        items = list(shares.items())[:TOP]
        need = report.thresholds.get("min_usable_reply_share")
        svg = charts.bar_chart(
            [k for k, _ in items],
            [v for _, v in items],
            title="Usable-reply share per category",
            x_label="share of the category's tickets with a usable reply",
            y_label="category",
            threshold=need,
            threshold_label="charter",
            fmt=percent,
            max_value=1.0,
            highlight={k for k, v in items if need is not None and v < need},
        )
        caption = (
            f"Per category (the {len(items)} largest of {len(shares):,}): usable replies / "
            "tickets. Orange bars are under the charter's audit.min_usable_reply_share."
        )
        out.append(figure(svg, caption))
    return out


def language_mix(check: CheckResult, report: AuditReport) -> list[str]:
    mix = check.figures_as(LanguageMixFigures).mix
    if not mix:
        return []
    items = top_items(mix, 10)
    svg = charts.bar_chart(
        [k for k, _ in items],
        [v for _, v in items],
        title="Language mix",
        x_label="share of tickets",
        y_label="language",
        fmt=percent,
        max_value=1.0,
        highlight={"und"},
    )
    return [
        figure(
            svg,
            "Declared language, else guessed from subject + customer text; "
            "und = undetermined (too short or mixed).",
        )
    ]
