"""The cost use cases: the forecast, the budget's status, and the guard every paid draft passes.

``ticketpilot cost forecast`` and ``cost report`` call :func:`run_forecast` and
:func:`budget_status`; ``drafting.service`` builds its engine's guard with :func:`budget_guard`,
so the CLI, the replay and the service all enforce the same budget in the same ledger.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import httpx

from ticketpilot.charter import Charter
from ticketpilot.cost import assumptions
from ticketpilot.cost.alerts import WebhookNotifier
from ticketpilot.cost.forecast import Forecast, ForecastInputs, forecast
from ticketpilot.cost.guard import BudgetGuard
from ticketpilot.cost.guardrails import BudgetPolicy
from ticketpilot.cost.ledger import Ledger, LedgerUnavailable
from ticketpilot.cost.prices import ModelPrice, PriceTable, load_price_table
from ticketpilot.cost.rates import measure_rates
from ticketpilot.cost.results import BudgetStatus, CostForecast
from ticketpilot.cost.usage import DraftUsage, TokenSample, summarize, token_sample
from ticketpilot.cost.volume import add_months, fit_volume
from ticketpilot.drafting.chain import provider_chain
from ticketpilot.drafting.resilience import close_provider
from ticketpilot.errors import CharterError, TicketpilotError
from ticketpilot.runtime import Runtime
from ticketpilot.store.budget import SqlLedger
from ticketpilot.store.budget_redis import RedisLedger
from ticketpilot.store.cost_usage import draft_usage, ticket_volume

#: a typical call (input, output tokens) to compare two models' prices by
TYPICAL_CALL = (1_500, 300)


def price_table(charter: Charter) -> PriceTable:
    """The shipped prices with the charter's ``[model.prices]`` on top, in its currency."""
    return load_price_table(charter.model.prices, charter.program.currency)


def open_ledger(runtime: Runtime) -> Ledger:
    """Redis when ``[budget] redis_url`` is set, else the workspace database."""
    url = runtime.charter.budget.redis_url
    return RedisLedger(url) if url else SqlLedger(runtime.engine)


def budget_guard(
    runtime: Runtime,
    *,
    transport: httpx.BaseTransport | None = None,
    ledger: Ledger | None = None,
) -> BudgetGuard | None:
    """The guard for the charter's model chain; None when every model in it is free."""
    charter = runtime.charter
    prices = price_table(charter)
    model = charter.model
    models = [model.name] + (
        [model.fallback] if model.fallback and model.fallback != model.name else []
    )
    chain = [prices.price(m) for m in models]  # an unknown model is an error naming it
    if all(p.is_free for p in chain):
        return None
    degrade = charter.budget.degrade_model
    degraded = None
    if degrade is not None:
        _check_cheaper(prices.price(degrade), chain[0])
        cheaper = model.model_copy(update={"name": degrade, "fallback": None})
        degraded = provider_chain(cheaper, runtime.environ, transport)
    url = charter.budget.webhook_url
    attempts = (model.max_retries + 1) * len(models)
    return BudgetGuard(
        BudgetPolicy.from_charter(charter.budget, has_degrade_model=degrade is not None),
        ledger or open_ledger(runtime),
        prices,
        models,
        degraded=degraded,
        degrade_model=degrade,
        clock=runtime.clock,
        ttl=max(timedelta(minutes=5), timedelta(seconds=5 * model.timeout_s * attempts)),
        notify=WebhookNotifier(url, transport=transport) if url else None,
    )


def _check_cheaper(degrade: ModelPrice, primary: ModelPrice) -> None:
    if degrade.exact(*TYPICAL_CALL) >= primary.exact(*TYPICAL_CALL):
        raise CharterError(
            f"budget.degrade_model = {degrade.model!r} is not cheaper than model.name = "
            f"{primary.model!r} ({degrade.per_1k()} vs {primary.per_1k()}): name a cheaper model"
        )


@dataclass(frozen=True)
class ForecastOptions:
    """What ``ticketpilot cost forecast`` was asked; None means measured or from the charter."""

    months: int = 6
    models: tuple[str, ...] = ()
    start: date | None = None
    input_tokens: int | None = None
    output_tokens: int | None = None
    cached_input_share: float = 0.0
    retry_rate: float | None = None
    fallback_share: float | None = None


def run_forecast(runtime: Runtime, options: ForecastOptions) -> CostForecast:
    """Forecast the bill month by month for each model (default: the charter's, else gpt-4o-mini)."""
    charter = runtime.charter
    prices = price_table(charter)
    rows = draft_usage(runtime.engine)
    models = options.models or (_default_model(charter, prices),)
    priced = [prices.price(m) for m in models]  # unknown models fail before any work
    tokens = _tokens(rows, options)
    now = runtime.clock()
    start = options.start or add_months(now.date().replace(day=1), 1)
    volume_counts = ticket_volume(runtime.engine, charter.program.timezone)
    volume = fit_volume(
        volume_counts.monthly,
        declared=_declared_volume(charter),
        growth=charter.budget.growth,
        now=now.date(),
    )
    rates = measure_rates(rows, charter.model.fallback)
    rollout, rollout_source = assumptions.rollout_schedule(charter)
    value, value_source = assumptions.value_per_ticket(charter)
    peak, peak_source = assumptions.peak_hour_share(volume_counts.hours, charter.program.timezone)
    resolution, resolution_source = assumptions.resolution_rate(
        volume_counts.resolved, volume_counts.tickets
    )
    fallback = prices.price(charter.model.fallback) if charter.model.fallback else None
    retry = rates.retry_rate.value if options.retry_rate is None else options.retry_rate
    share = rates.fallback_share.value if options.fallback_share is None else options.fallback_share
    notes = [
        f"rollout: {rollout_source}",
        value_source,
        peak_source,
        resolution_source,
        f"reach {rates.reach.value:.1%} of drafting calls get to a model ({rates.reach.source})",
        f"requests per drafted ticket {rates.requests_per_ticket.value:.2f} "
        f"({rates.requests_per_ticket.source})",
        f"retries {retry:.3g} per request ("
        + ("--retry-rate" if options.retry_rate is not None else rates.retry_rate.source)
        + ")",
    ]
    forecasts: list[Forecast] = []
    for price in priced:
        inputs = ForecastInputs(
            start=start,
            months=options.months,
            volume=volume,
            rollout=rollout,
            tokens=tokens,
            price=price,
            fallback_price=fallback if price.model == charter.model.name else None,
            fallback_share=share,
            retry_rate=retry,
            reach=rates.reach.value,
            requests_per_ticket=rates.requests_per_ticket.value,
            cached_input_share=options.cached_input_share,
            max_tokens=charter.drafting.max_tokens,
            resolution_rate=resolution,
            value_per_ticket=value,
            peak_hour_share=peak,
            notes=tuple(notes),
        )
        forecasts.append(forecast(inputs))
    age = prices.age_days(now.date())
    chosen = []
    if not options.models and models[0] != charter.model.name:
        chosen.append(
            f"priced at {models[0]}: the charter's model {charter.model.name!r} is free; "
            "pass --model to price another"
        )
    return CostForecast(
        forecasts=forecasts,
        currency=charter.program.currency,
        start=start,
        months=options.months,
        prices=f"{prices.describe()} ({age:,} days old)",
        usage=summarize(rows, prices, models[0]) if rows else None,
        generated_at=now,
        notes=chosen,
    )


def _default_model(charter: Charter, prices: PriceTable) -> str:
    """The charter's model when it is paid; for the free default, what a paid pilot would use."""
    name = charter.model.name
    if not prices.price(name).is_free:
        return name
    return charter.budget.degrade_model or "gpt-4o-mini"


def _tokens(rows: Sequence[DraftUsage], options: ForecastOptions) -> TokenSample:
    if options.input_tokens is not None:
        out = options.output_tokens or 0
        return TokenSample(
            (options.input_tokens,), (out,), "declared with --input-tokens/--output-tokens"
        )
    sample = token_sample(rows)
    if sample.n == 0:
        raise TicketpilotError(
            "no drafting request recorded yet to measure tokens from: run `ticketpilot replay` "
            "(or `ticketpilot draft`), or declare --input-tokens and --output-tokens"
        )
    return sample


def _declared_volume(charter: Charter) -> float | None:
    volume = charter.baseline.monthly_volume
    return float(volume) if volume is not None else None


def budget_status(runtime: Runtime, *, ledger: Ledger | None = None) -> BudgetStatus:
    """This period's spend against the budget, alerts, and the drafts' own cost figures."""
    charter = runtime.charter
    budget = charter.budget
    policy = BudgetPolicy.from_charter(budget, has_degrade_model=budget.degrade_model is not None)
    now = runtime.clock()
    start, end = policy.bounds(now)
    period = policy.period_key(now)
    store = ledger or open_ledger(runtime)
    where = f"redis ({budget.redis_url})" if budget.redis_url else "the workspace database"
    try:
        spend, alerts, error = store.spend(period), store.alerts(period), None
    except LedgerUnavailable as failure:
        spend, alerts, error = None, [], str(failure)
    finally:
        if ledger is None:
            close_provider(store)
    rows = draft_usage(runtime.engine, since=start, until=end)
    return BudgetStatus(
        period=period,
        start=start,
        end=end,
        now=now,
        currency=charter.program.currency,
        policy=policy,
        store=where,
        spend=spend,
        error=error,
        alerts=alerts,
        usage=summarize(rows, price_table(charter)),
        degrade_model=budget.degrade_model,
    )
