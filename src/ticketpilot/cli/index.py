"""``ticketpilot index`` and ``ticketpilot search``: the retrieval index over past tickets."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, get_args

import typer
from rich.markup import escape
from rich.table import Table

from ticketpilot.cli.common import (
    JsonOption,
    PhaseProgress,
    WorkspaceOption,
    console,
    print_json,
    runtime_for,
)
from ticketpilot.retrieval import SearchMode, default_embedders
from ticketpilot.retrieval.service import SearchQuery, build_index, search


def index_command(
    embedder: Annotated[
        str | None,
        typer.Option(
            help="Embedding model for a new index (default: \\[retrieval] embedder); see --list."
        ),
    ] = None,
    list_models: Annotated[
        bool, typer.Option("--list", help="List the embedding models and exit.")
    ] = False,
    workspace: WorkspaceOption = None,
    as_json: JsonOption = False,
) -> None:
    """Build or update the retrieval index over every imported ticket (unchanged ones are skipped)."""
    if list_models:
        for name in default_embedders().names():
            console.print(name)
        return
    with runtime_for(workspace) as runtime, PhaseProgress(disable=as_json) as progress:
        run = build_index(runtime, embedder=embedder, progress=progress.phase("embedding tickets"))
    r = run.result
    payload = {
        "index": str(run.path),
        "size": run.size,
        "added": r.added,
        "replaced": r.replaced,
        "unchanged": r.unchanged,
        "embedded": r.embedded,
        "from_cache": r.from_cache,
        "skipped_no_text": run.skipped,
        "seconds": round(r.seconds, 2),
        "embed_texts_per_second": round(r.texts_per_second, 1),
        "scope_field": run.scope_field,
        "scopes": run.scopes,
        "rebuilt": run.rebuilt,
    }
    if as_json:
        print_json(payload)
        return
    if run.rebuilt:
        console.print(f"[yellow]{escape(run.rebuilt)}[/]", highlight=False)
    console.print(
        f"Index {run.path}: {run.size:,} tickets ({r.added:,} added, {r.replaced:,} replaced, "
        f"{r.unchanged:,} unchanged; {run.skipped:,} without customer text skipped)"
    )
    console.print(
        f"  embedded {r.embedded:,} texts ({r.from_cache:,} from cache) in {r.embed_seconds:.1f} s "
        f"= {r.texts_per_second:,.0f} texts/s; whole build {r.seconds:.1f} s"
    )
    if run.scope_field:
        console.print(
            f"  scoped by {run.scope_field} (\\[scope] partition): {run.scopes:,} values; "
            "drafting, replay and search stay inside one",
            highlight=False,
        )


def search_command(
    text: Annotated[str, typer.Argument(help="The customer's message to find precedents for.")],
    k: Annotated[int, typer.Option("--k", min=1, max=100, help="Neighbours to show.")] = 5,
    category: Annotated[str | None, typer.Option(help="Only this category.")] = None,
    language: Annotated[str | None, typer.Option(help="Only this language (ISO code).")] = None,
    since: Annotated[
        datetime | None, typer.Option(help="Only tickets created from this date.")
    ] = None,
    until: Annotated[
        datetime | None, typer.Option(help="Only tickets created before this date.")
    ] = None,
    mode: Annotated[str, typer.Option(help="hybrid, lexical or dense.")] = "hybrid",
    scope: Annotated[
        str | None,
        typer.Option(
            "--scope",
            "--brand",
            help="Only this value of \\[scope] partition (a brand, queue or product); needed "
            "when the charter sets one.",
        ),
    ] = None,
    all_scopes: Annotated[
        bool,
        typer.Option(
            "--all-scopes", help="Search every scope on purpose (\\[scope] partition set)."
        ),
    ] = False,
    workspace: WorkspaceOption = None,
    as_json: JsonOption = False,
) -> None:
    """Find the past tickets most similar to TEXT, with the (PII-redacted) reply each one got."""
    if mode not in get_args(SearchMode):
        raise typer.BadParameter("mode must be hybrid, lexical or dense", param_hint="--mode")
    query = SearchQuery(text, k, mode, category, language, since, until,  # type: ignore[arg-type]
                        scope, all_scopes)  # fmt: skip
    with runtime_for(workspace) as runtime:
        hits = search(runtime, query)
    if as_json:
        print_json(
            [
                {
                    "rank": h.rank,
                    "ticket_id": h.ticket_id,
                    "score": h.score,
                    "lexical_score": h.lexical_score,
                    "dense_score": h.dense_score,
                    "category": h.category,
                    "scope": h.scope,
                    "language": h.language,
                    "created_at": h.created_at,
                    "text": h.text,
                    "reply": h.reply,
                }
                for h in hits
            ]
        )
        return
    table = Table(
        title=f"{len(hits)} nearest past tickets ({mode}; replies PII-redacted)",
        title_justify="left",
        show_lines=True,
    )
    scoped = any(h.scope is not None for h in hits)
    columns = ["#", "score", "ticket", "category", "customer wrote", "agent replied"]
    for column in columns[:4] + ["scope"] * scoped + columns[4:]:
        table.add_column(column)
    for h in hits:
        cells = [str(h.rank), f"{h.score:.3f}", escape(h.ticket_id), escape(h.category or "-")]
        cells += [escape(h.scope or "-")] * scoped
        table.add_row(*cells, escape(_short(h.text)), escape(_short(h.reply or "(no reply)")))
    console.print(table)


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


__all__ = ["index_command", "search_command"]
