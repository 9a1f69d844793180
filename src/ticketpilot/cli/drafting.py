"""``ticketpilot draft`` and ``ticketpilot replay``: the assistant, and how good it is."""

from __future__ import annotations

from typing import Annotated

import typer
from rich import box
from rich.markup import escape
from rich.table import Table

from ticketpilot.cli.common import (
    JsonOption,
    PhaseProgress,
    WorkspaceOption,
    console,
    err_console,
    print_json,
    runtime_for,
)
from ticketpilot.cli.replay_variants import print_variant_replay
from ticketpilot.drafting.result import DraftResult
from ticketpilot.drafting.service import DraftRequest, draft_reply
from ticketpilot.replay.model import DEFINITIONS, SYSTEM_LABELS, SYSTEMS, Rate, ReplayReport
from ticketpilot.replay.service import replay_and_report
from ticketpilot.replay.variants import replay_variants_and_report


def draft_command(
    ticket_id: Annotated[
        str | None, typer.Argument(help="Id of an imported ticket to draft a reply to.")
    ] = None,
    text: Annotated[
        str | None, typer.Option("--text", help="Draft for this text instead of a stored ticket.")
    ] = None,
    subject: Annotated[str, typer.Option(help="Subject, with --text.")] = "",
    category: Annotated[
        str | None,
        typer.Option(
            help="Category, with --text (critical ones go to a human; with "
            "\\[scope] partition = category it is also the scope)."
        ),
    ] = None,
    scope: Annotated[
        str | None,
        typer.Option(
            "--brand",
            "--scope-value",
            help="With --text: the ticket's value of \\[scope] partition (its brand, queue or "
            "product); drafting uses only that scope's history. A stored ticket's comes from it.",
        ),
    ] = None,
    workspace: WorkspaceOption = None,
    as_json: JsonOption = False,
) -> None:
    """Draft a reply: retrieve similar past tickets, generate, check; or say why a human must."""
    if (ticket_id is None) == (text is None):
        err_console.print(
            "[bold red]error:[/] give a TICKET_ID or --text, not both and not neither"
        )
        raise typer.Exit(2)
    if ticket_id is not None and scope is not None:
        err_console.print(
            "[bold red]error:[/] --brand/--scope-value goes with --text; a stored ticket's "
            "scope comes from its record"
        )
        raise typer.Exit(2)
    with runtime_for(workspace) as runtime:
        if ticket_id is not None:
            result = draft_reply(runtime, ticket_id=ticket_id)
        else:
            assert text is not None
            request = DraftRequest(text, subject, category=category, scope=scope)
            result = draft_reply(runtime, request=request)
    if as_json:
        print_json(result.as_dict())
    else:
        _print_draft(result)
    if not result.is_draft:
        raise typer.Exit(1)


def _print_draft(result: DraftResult) -> None:
    if result.is_draft:
        console.rule("[bold green]Draft")
        console.print(escape(result.text or ""), highlight=False)
    else:
        console.rule("[bold yellow]Human fallback")
        console.print(f"reasons: {', '.join(result.reasons)}", highlight=False)
    if result.scope is not None:
        console.print(f"scope: {escape(result.scope)} (only its history was searched)",
                      highlight=False)  # fmt: skip
    if "unscoped" in result.flags:
        console.print("[yellow]no scope value for this ticket: every scope's history was "
                      "searched (\\[scope] unscoped = \"all\")[/]", highlight=False)  # fmt: skip
    for outcome in result.checks:
        if not outcome.passed:
            evidence = "; ".join(outcome.evidence[:3])
            console.print(f"  \\[{outcome.severity}] {outcome.check}: {escape(outcome.reason)}"
                          + (f" ({escape(evidence)})" if evidence else ""), highlight=False)  # fmt: skip
    console.rule("Sources")
    for c in result.citations:
        mark = " (used)" if c.used else ""
        console.print(
            f"  ticket {escape(c.ticket_id)}  cosine {c.score:.3f}{mark}", highlight=False
        )
    cost = "not priced" if result.cost is None else f"{result.cost:.6f}"
    console.print(
        f"{result.provider}/{result.model}, prompt {result.prompt_version}; "
        f"{result.input_tokens} input + {result.output_tokens} output tokens, cost {cost}; "
        f"{result.latency_ms:.0f} ms ({result.retrieval_ms:.0f} ms retrieval, "
        f"{result.generation_ms:.0f} ms generation, {result.attempts} attempt(s)); recorded",
        highlight=False,
    )


def replay_command(
    sample: Annotated[
        int | None,
        typer.Option(min=1, help="Held-out tickets to replay (default: \\[replay] sample)."),
    ] = None,
    variants: Annotated[
        bool,
        typer.Option(
            "--variants",
            help="Draft the sample with each \\[experiment] variant and compare them, paired.",
        ),
    ] = False,
    workspace: WorkspaceOption = None,
    as_json: JsonOption = False,
) -> None:
    """Shadow replay: draft for held-out past tickets and compare with what agents sent."""
    if variants:
        with runtime_for(workspace) as runtime, PhaseProgress(disable=as_json) as progress:
            result = replay_variants_and_report(runtime, sample=sample, progress=progress)
        if as_json:
            print_json(result.as_dict())
        else:
            print_variant_replay(result)
        return
    with runtime_for(workspace) as runtime, PhaseProgress(disable=as_json) as progress:
        output = replay_and_report(runtime, sample=sample, progress=progress)
    if as_json:
        print_json(output.report.as_dict())
        return
    print_replay(output.report)
    for path in output.files:
        console.print(f"  report: {path}", highlight=False)


_SHORT = {"default": "default", "nearest_reply": "nearest reply", "random_reply": "random reply"}


def _cell(rate: Rate | None) -> str:
    """``3.2% (3/94)``: a share with the counts it came from."""
    if rate is None:
        return "-"
    share = "n/a" if rate.value is None else f"{rate.value:.1%}"
    return f"{share} ({rate.numerator:,}/{rate.denominator:,})"


def print_replay(report: ReplayReport) -> None:
    """The replay's figures as a table, the method, and the verdict against the baselines."""
    scoped = report.link_field is not None
    table = Table(title=f"Shadow replay #{report.replay_id}", title_justify="left",
                  box=box.SIMPLE_HEAD)  # fmt: skip
    columns = ["system", "acceptance (95% CI)", "similar", "facts", "ungrounded", "fallback"]
    columns += ["outside scope"] if scoped else []
    for column in (*columns, "p50/p95 ms"):
        widest_word = max(len(word) for word in column.split())  # headers wrap, never cut
        table.add_column(column, justify="left" if column == "system" else "right",
                         min_width=widest_word)  # fmt: skip
    for name in SYSTEMS:
        fig = report.systems[name]
        rates = fig.rates()
        cells = [
            _SHORT[name],
            f"{_cell(rates['acceptance'])} {fig.acceptance_low:.0%}-{fig.acceptance_high:.0%}",
            "n/a" if fig.similarity_mean is None else f"{fig.similarity_mean:.3f}",
            "n/a" if fig.fact_overlap_mean is None else f"{fig.fact_overlap_mean:.3f}",
            _cell(rates["grounding_failures"]),
            _cell(rates["fallback"]),
        ]
        if scoped:
            cells.append(_cell(fig.links_outside_scope))
        table.add_row(*cells, f"{fig.latency_p50_ms:.0f}/{fig.latency_p95_ms:.0f}")
    console.print(table)
    for key in ("acceptance", "grounding_failures", "fallback", "links_outside_scope"):
        if scoped or key != "links_outside_scope":
            label = "outside scope" if key == "links_outside_scope" else key.replace("_", " ")
            console.print(f"  {label}: {escape(DEFINITIONS[key])}", highlight=False)
    by_category = Table(
        title="Per category (acceptance)", title_justify="left", box=box.SIMPLE_HEAD
    )
    for column in ("category", "n", "default", "nearest", "random", "fallback"):
        by_category.add_column(column, justify="left" if column == "category" else "right")
    for category, figs in list(report.categories.items())[:12]:
        ours = figs["default"]
        by_category.add_row(category, f"{ours.n:,}", f"{ours.acceptance:.0%}",
                            f"{figs['nearest_reply'].acceptance:.0%}",
                            f"{figs['random_reply'].acceptance:.0%}", f"{ours.fallback_share:.0%}")  # fmt: skip
    if len(report.categories) > 1:
        console.print(by_category)
    console.print(
        "systems: " + "; ".join(f"{_SHORT[s]} = {SYSTEM_LABELS[s]}" for s in SYSTEMS),
        highlight=False,
    )
    console.print(escape(report.method()), highlight=False)
    console.print(f"threshold: {escape(report.calibration.describe())}", highlight=False)
    if report.fallback_reasons:
        reasons = ", ".join(f"{r} {n}" for r, n in report.fallback_reasons.items())
        console.print(f"human fallbacks: {reasons}", highlight=False)
    verdict = "beats" if report.default_beats_baselines else "does NOT beat"
    console.print(f"[bold]The default drafter {verdict} both baselines.", highlight=False)
