"""``ticketpilot replay --variants`` on the console: each variant's acceptance, then the paired
comparisons with the reference in words (80 columns, no cut cell)."""

from __future__ import annotations

from rich import box
from rich.markup import escape
from rich.table import Table

from ticketpilot.cli.common import console
from ticketpilot.replay.variants import VariantReplay


def print_variant_replay(result: VariantReplay) -> None:
    """The variants' table, the verdicts, the threshold and the report file."""
    table = Table(
        title=f"Replay of experiment {escape(result.experiment)!r}: {result.sample:,} held-out "
        "tickets, each drafted by every variant",
        title_justify="left",
        box=box.SIMPLE_HEAD,
    )
    table.add_column("variant", overflow="fold")
    table.add_column("prompt / model", overflow="fold")
    table.add_column("accepted (95% CI)", justify="right", no_wrap=True)
    table.add_column("drafted", justify="right", no_wrap=True)
    for name, f in result.figures.items():
        table.add_row(
            escape(name),
            f"{escape(result.prompt_versions[name])}\n[dim]{escape(result.models[name])}[/]",
            f"{f.acceptance:.1%} ({f.acceptance_low:.1%}..{f.acceptance_high:.1%})\n"
            f"[dim]{f.accepted:,}/{f.n:,}[/]",
            f"{f.delivered:,}/{f.n:,}",
        )
    console.print(table)
    for diff in result.differences.values():
        console.print(f"  {escape(diff.verdict())}", highlight=False, soft_wrap=True)
        if 0 < diff.identical_drafts < diff.n:
            console.print(
                f"    ({diff.identical_drafts:,} of {diff.n:,} tickets got the same draft "
                "from both)",
                highlight=False,
            )
    console.print(
        f"  acceptance threshold: {escape(result.threshold_source)}; paired interval: "
        "Newcombe hybrid score (method 10), McNemar's exact test",
        highlight=False,
        soft_wrap=True,
    )
    for path in result.files:
        console.print(f"  report: {escape(path)}", highlight=False)
