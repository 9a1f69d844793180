"""The "Variants" section of ``ticketpilot pilot status``: an experiment's variants side by side.

One row per variant (its treatment tickets against the whole control group), each cell three
lines - the estimate, the 95% fixed interval, the always-valid interval (dim) - so the table
fits 80 columns with no cell cut; then each variant against the reference in words, with both
intervals of the difference, and the sample-ratio check across variants.
"""

from __future__ import annotations

from rich import box
from rich.markup import escape
from rich.table import Table

from ticketpilot.cli.common import console
from ticketpilot.cli.pilot_format import points, signed_points, span
from ticketpilot.pilot import Comparison, ExperimentResults, Proportion


def render_variants(results: ExperimentResults) -> None:
    """The table, the comparisons with the reference, the sample ratio across variants."""
    console.print(variant_table(results))
    for diff in results.differences.values():
        console.print(
            f"  {escape(diff.verdict)}; at one look (Newcombe 95%): "
            f"{span(diff.fixed, signed_points, unbounded=None)} points",
            highlight=False,
            soft_wrap=True,
        )
    console.print(
        f"  sample ratio across variants: {escape(results.srm.describe())}",
        highlight=False,
        soft_wrap=True,
    )
    if results.unassigned:
        console.print(
            f"  {results.unassigned:,} treatment tickets have no variant of this experiment "
            "(assigned before it began, or under another name): left out",
            highlight=False,
            soft_wrap=True,
        )


def variant_table(results: ExperimentResults) -> Table:
    """One row per variant: tickets, acceptance, edit rate, flagged, editing time change."""
    design = results.design
    control = next(iter(results.by_variant.values())).units["control"]
    table = Table(
        title=f"Variants of experiment {escape(design.name)!r} ({escape(design.reference.name)} "
        f"is the reference); each against all {control:,} control tickets",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        caption=_LEGEND,
        caption_justify="left",
    )
    table.add_column("variant", overflow="fold")
    for column in ("tickets", "accepted %", "edited %", "flagged %", "edit time %"):
        table.add_column(column, justify="right", no_wrap=True)
    for variant, share in zip(design.variants, design.shares, strict=True):
        m = results.by_variant[variant.name]
        label = f"{escape(variant.name)}\n[dim]{share:.0%} share[/]"
        table.add_row(label, f"{m.units['treatment']:,}", _rate(m.acceptance),
                      _rate(m.edit_rate), _rate(m.hallucination_flagged),
                      _change(m.editing_time))  # fmt: skip
    return table


_LEGEND = (
    "Each cell: the estimate, its 95% fixed interval (one look), and its always-valid "
    "interval (dim; valid however often it is read). tickets: the variant's treatment tickets. "
    "accepted / edited: over its drafts with a reply (Wilson); flagged: hallucinations flagged "
    "by agents over drafts shown; edit time: change of the mean editing time against control "
    "(Welch t with the delta method; confidence sequence)."
)


def _rate(p: Proportion) -> str:
    return "\n".join(
        (
            points(p.rate),
            span(p.fixed, points, unbounded=None),
            f"[dim]{span(p.always_valid, points, unbounded=None)}[/]",
        )
    )


def _change(c: Comparison) -> str:
    return "\n".join((signed_points(c.change), span(c.fixed, signed_points, unbounded=None),
                      f"[dim]{span(c.always_valid, signed_points, unbounded=None)}[/]"))  # fmt: skip
