"""``ticketpilot cost forecast`` and ``ticketpilot cost report``: the bill ahead, the spend so far."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from ticketpilot.cli.common import JsonOption, WorkspaceOption, console, print_json, runtime_for
from ticketpilot.cost import render
from ticketpilot.cost.results import BudgetStatus, CostForecast
from ticketpilot.cost.service import ForecastOptions, budget_status, run_forecast
from ticketpilot.errors import TicketpilotError

cost_app = typer.Typer(
    help="Cost: the forecast of the model bill, and this period's spend against the budget.",
    no_args_is_help=True,
)


def _month(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(f"{text}-01")
    except ValueError:
        raise TicketpilotError(f"--start {text!r}: expected a month as YYYY-MM") from None


def _models(text: str | None) -> tuple[str, ...]:
    models = tuple(m.strip() for m in (text or "").split(",") if m.strip())
    if text is not None and not models:
        raise TicketpilotError("--model is empty: name one or more models, e.g. gpt-4o,gpt-4o-mini")
    return models


@cost_app.command("forecast")
def forecast_command(
    months: Annotated[int, typer.Option(min=1, max=60, help="Months to forecast.")] = 6,
    model: Annotated[
        str | None,
        typer.Option(
            help="Model(s) to price, comma-separated to compare (default: the charter's)."
        ),
    ] = None,
    start: Annotated[
        str | None, typer.Option(help="First month, YYYY-MM (default: next month).")
    ] = None,
    input_tokens: Annotated[
        int | None,
        typer.Option(min=1, help="Declare input tokens per request instead of measuring."),
    ] = None,
    output_tokens: Annotated[
        int, typer.Option(min=0, help="Output tokens, with --input-tokens.")
    ] = 0,
    cached_share: Annotated[
        float,
        typer.Option(min=0.0, max=1.0, help="Share of input tokens billed at the cached price."),
    ] = 0.0,
    retry_rate: Annotated[
        float | None, typer.Option(min=0.0, help="Billed retries per request (default: measured).")
    ] = None,
    fallback_share: Annotated[
        float | None,
        typer.Option(
            min=0.0, max=1.0, help="Share served by the fallback model (default: measured)."
        ),
    ] = None,
    workspace: WorkspaceOption = None,
    as_json: JsonOption = False,
) -> None:
    """Forecast the monthly model bill with low/expected/high bands, beside the value model."""
    with runtime_for(workspace) as runtime:
        options = ForecastOptions(
            months=months,
            models=_models(model),
            start=_month(start),
            input_tokens=input_tokens,
            output_tokens=output_tokens if input_tokens is not None else None,
            cached_input_share=cached_share,
            retry_rate=retry_rate,
            fallback_share=fallback_share,
        )
        result = run_forecast(runtime, options)
        paths = render.write_forecast(result, runtime.workspace.reports_dir)
    if as_json:
        print_json(result.as_dict())
        return
    print_forecast(result)
    for path in paths:
        console.print(f"  report: {path}", highlight=False)


def print_forecast(result: CostForecast) -> None:
    console.print(_table(f"Cost forecast ({result.currency})", render.comparison(result)))
    for fc in result.forecasts:
        head, rows = render.months(fc)
        keep = (0, 1, 2, 3, 4, 5, 7)  # the full table is in the reports
        compact = ([head[i] for i in keep], [[row[i] for i in keep] for row in rows])
        console.print(_table(f"{fc.model}: month by month", compact))
        for line in fc.method:
            console.print(f"  - {escape(line)}", highlight=False)
    console.print(f"prices: {escape(result.prices)}", highlight=False)
    for note in result.notes:
        console.print(f"[yellow]note:[/] {escape(note)}", highlight=False)


@cost_app.command("report")
def report_command(workspace: WorkspaceOption = None, as_json: JsonOption = False) -> None:
    """This period's spend against the budget: settled, in flight, lane, alerts, drafts' costs."""
    with runtime_for(workspace) as runtime:
        status = budget_status(runtime)
        paths = render.write_status(status, runtime.workspace.reports_dir)
    if as_json:
        print_json(status.as_dict())
        return
    print_status(status)
    for path in paths:
        console.print(f"  report: {path}", highlight=False)


def print_status(status: BudgetStatus) -> None:
    console.print(
        _table(f"Budget ({status.currency}), ledger: {status.store}", render.status_table(status))
    )
    console.print(_table("Alerts", render.alert_table(status)))
    console.print(
        _table(f"This period's drafts: {status.usage.source}", render.usage_table(status.usage))
    )


def _table(title: str, table: render.Table) -> Table:
    head, rows = table
    out = Table(title=escape(title), title_justify="left")
    for i, name in enumerate(head):
        out.add_column(escape(name), justify="left" if i == 0 else "right")
    for row in rows:
        out.add_row(*(escape(cell) for cell in row))
    return out
