"""``ticketpilot demo-data``: write a synthetic support history to import and audit."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from ticketpilot.cli.common import JsonOption, PhaseProgress, console, print_json, user_errors
from ticketpilot.demo import DEFAULT_START, SYNTHETIC_NOTICE, DemoResult, generate, parse_formats

_OUT_HELP = "Folder to write the files into (created; files in it are overwritten)."
_SEED_HELP = "Random seed: the same seed writes the same bytes."


def demo_data(
    out: Annotated[Path, typer.Option("--out", "-o", help=_OUT_HELP)] = Path("demo-data"),
    tickets: Annotated[int, typer.Option(min=1, help="Number of tickets.")] = 20_000,
    months: Annotated[int, typer.Option(min=1, max=120, help="Months of history.")] = 12,
    seed: Annotated[int, typer.Option(help=_SEED_HELP)] = 7,
    formats: Annotated[
        str,
        typer.Option(help="Comma-separated: zendesk, freshdesk (they split the history), jsonl."),
    ] = "zendesk,freshdesk",
    start: Annotated[
        datetime | None,
        typer.Option(
            formats=["%Y-%m-%d"], help="First day of the history.", show_default="2024-01-01"
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Generate a SYNTHETIC, seeded support history: helpdesk exports, PII truth, manifest."""
    with user_errors():
        parse_formats(formats)
        with PhaseProgress(disable=as_json) as progress:
            result = generate(
                out, tickets=tickets, months=months, seed=seed, formats=formats,
                start=start.date() if start else DEFAULT_START,
                progress=progress.phase("generating tickets"),
            )  # fmt: skip
    if as_json:
        print_json(_summary(result))
        return
    _render(result)


def _summary(result: DemoResult) -> dict[str, object]:
    m = result.manifest
    return {
        "notice": SYNTHETIC_NOTICE, "out": str(result.out),
        "files": {name: str(path) for name, path in result.files.items()},
        "ground_truth": str(result.ground_truth), "manifest": str(result.manifest_path),
        "tickets": m["tickets"], "start": m["start"], "end": m["end"], "seed": m["seed"],
        "untagged_share": m["untagged_share"], "drift_start": m["drift"]["start"],
        "pii_spans": m["pii"]["by_type"],
    }  # fmt: skip


def _render(result: DemoResult) -> None:
    m = result.manifest
    console.print(f"[bold yellow]{SYNTHETIC_NOTICE}.[/]", highlight=False)
    table = Table(title=f"{m['company']} demo history in {result.out}")
    for column in ("file", "tickets", "created", "size"):
        table.add_column(column)
    for name, info in m["files"].items():
        path = result.files[name]
        created = f"{(info['first_created'] or '')[:10]} .. {(info['last_created'] or '')[:10]}"
        table.add_row(path.name, f"{info['tickets']:,}", created, _size(path))
    spans = m["pii"]["spans"]
    table.add_row(result.ground_truth.name, f"{spans:,} spans", "", _size(result.ground_truth))
    table.add_row(result.manifest_path.name, "", "", _size(result.manifest_path))
    console.print(table)
    pii = ", ".join(f"{kind} {n:,}" for kind, n in m["pii"]["by_type"].items())
    median = m["resolution_hours"]["median"]
    console.print(
        f"{m['tickets']:,} tickets, {m['start']} .. {m['end']} (seed {m['seed']}), "
        f"{m['untagged_share']:.0%} untagged, median resolution {median} h; "
        f"drift topic '{m['drift']['topic']}' from {m['drift']['start']}.",
        highlight=False,
    )
    console.print(f"Planted PII: {pii}.", highlight=False)
    console.print("Import it into a workspace:")
    for name, path in result.files.items():
        console.print(f"    ticketpilot import {path} --format {name}", highlight=False)


def _size(path: Path) -> str:
    size = path.stat().st_size
    if size < 1 << 20:
        return f"{size / 1024:,.0f} KB"
    return f"{size / (1 << 20):,.1f} MB"


__all__ = ["demo_data"]
