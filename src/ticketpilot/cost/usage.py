"""Cost figures from the draft log: per request, ticket, resolved ticket, category, prompt version.

Every drafting call is a row of the ``drafts`` table with the tokens it used; a *request* is a
call that reached a model (``input_tokens > 0``: fallbacks before generation cost nothing).
Costs are the recorded token counts priced with the price table, at each row's own model or -
for a what-if - at one chosen model. The extractive default bills nothing but builds and counts
the prompt a chat model would receive, and its reply length stands in for the model's output:
those rows feed the forecast when no paid model has run yet, and the figures say so.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np

from ticketpilot.cost.prices import ModelPrice, PriceTable
from ticketpilot.figures import Figure

EXTRACTIVE = "extractive"


@dataclass(frozen=True, slots=True)
class DraftUsage:
    """One drafting call as the cost figures need it (``category``/``resolved``: its ticket's)."""

    created_at: datetime
    ticket_id: str | None
    replay: bool
    provider: str
    model: str
    prompt_version: str
    input_tokens: int
    output_tokens: int
    attempts: int = 1
    category: str | None = None
    resolved: bool | None = None

    @property
    def is_request(self) -> bool:
        return self.input_tokens > 0

    @property
    def paid(self) -> bool:
        return self.provider != EXTRACTIVE


@dataclass(frozen=True, slots=True)
class Breakdown:
    """Cost of one group of requests (a category, a prompt version, a model)."""

    key: str
    requests: int
    cost: float

    @property
    def per_request(self) -> float | None:
        return self.cost / self.requests if self.requests else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "requests": self.requests,
            "cost": self.cost,
            "per_request": self.per_request,
        }


@dataclass(frozen=True, slots=True)
class TokenSample:
    """Tokens per request measured from real prompts, and which drafts they came from."""

    input: tuple[int, ...]
    output: tuple[int, ...]
    source: str
    window: tuple[datetime | None, datetime | None] = (None, None)

    @property
    def n(self) -> int:
        return len(self.input)


@dataclass(frozen=True)
class UsageReport:
    """The cost figures of a set of drafts, each a :class:`Figure` with its n and method."""

    priced_at: str
    source: str
    calls: int
    figures: dict[str, Figure]
    by_category: list[Breakdown] = field(default_factory=list)
    by_prompt_version: list[Breakdown] = field(default_factory=list)
    by_model: list[Breakdown] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "priced_at": self.priced_at,
            "source": self.source,
            "calls": self.calls,
            "figures": {k: f.as_dict() for k, f in self.figures.items()},
            "by_category": [b.as_dict() for b in self.by_category],
            "by_prompt_version": [b.as_dict() for b in self.by_prompt_version],
            "by_model": [b.as_dict() for b in self.by_model],
        }


def describe_rows(rows: Sequence[DraftUsage]) -> str:
    """``412 drafting calls (300 replay, 112 live), 2026-10-01..2026-11-30``."""
    replay = sum(r.replay for r in rows)
    window = ""
    if rows:
        first, last = min(r.created_at for r in rows), max(r.created_at for r in rows)
        window = f", {first:%Y-%m-%d}..{last:%Y-%m-%d}"
    return f"{len(rows):,} drafting calls ({replay:,} replay, {len(rows) - replay:,} live){window}"


def summarize(
    rows: Sequence[DraftUsage], prices: PriceTable, model: str | None = None
) -> UsageReport:
    """Cost per request, ticket, resolved ticket, category, prompt version; token percentiles.

    ``model`` prices every request at that model (what these requests would cost on it); by
    default each row is priced at the model that served it.
    """
    requests = [r for r in rows if r.is_request]
    price_of = _pricer(prices, model)
    costs = [price_of(r).cost(r.input_tokens, r.output_tokens) for r in requests]
    window = _window(rows)
    source = describe_rows(rows)
    priced = f"priced at {model}" if model else "each at its own model's price"
    method = f"{priced} ({prices.describe()})"
    total = float(sum(costs))
    figures = {
        "cost_total": Figure(
            "cost_total",
            total,
            prices.currency,
            len(requests),
            f"sum over requests, {method}",
            *window,
        ),
        "cost_per_request": Figure(
            "cost_per_request",
            total / len(requests) if requests else None,
            prices.currency,
            len(requests),
            f"mean over requests (calls that reached a model), {method}",
            *window,
        ),
    }
    figures.update(_per_ticket(requests, costs, prices.currency, method, window))
    for side in ("input", "output", "total"):
        figures.update(_percentiles(requests, side, window))
    return UsageReport(
        priced_at=model or "own model",
        source=source,
        calls=len(rows),
        figures=figures,
        by_category=_group(requests, costs, lambda r: r.category or "(untagged)"),
        by_prompt_version=_group(requests, costs, lambda r: r.prompt_version),
        by_model=_group(requests, costs, lambda r: r.model),
    )


def token_sample(rows: Sequence[DraftUsage]) -> TokenSample:
    """The requests the forecast measures tokens from: paid calls if any, else extractive ones."""
    paid = [r for r in rows if r.is_request and r.paid]
    chosen = paid or [r for r in rows if r.is_request]
    if not chosen:
        return TokenSample((), (), "no request recorded yet", (None, None))
    if paid:
        what = f"{len(paid):,} paid requests (models: {', '.join(sorted({r.model for r in paid}))})"
    else:
        what = (
            f"{len(chosen):,} extractive drafts: the prompt a chat model would receive, counted "
            "with the default encoding (o200k_base); output = the extractive reply's length"
        )
    return TokenSample(
        tuple(r.input_tokens for r in chosen),
        tuple(r.output_tokens for r in chosen),
        what,
        _window(chosen),
    )


def _pricer(prices: PriceTable, model: str | None) -> Callable[[DraftUsage], ModelPrice]:
    if model is not None:
        fixed = prices.price(model)
        return lambda _row: fixed
    return lambda row: prices.price(row.model)


def _per_ticket(
    requests: Sequence[DraftUsage],
    costs: Sequence[float],
    currency: str,
    method: str,
    window: tuple[datetime | None, datetime | None],
) -> dict[str, Figure]:
    """Cost per drafted ticket, and all spend over the drafted tickets that were resolved."""
    by_ticket: dict[str, float] = defaultdict(float)
    resolved: set[str] = set()
    for row, cost in zip(requests, costs, strict=True):
        if row.ticket_id is not None:
            by_ticket[row.ticket_id] += cost
            if row.resolved:
                resolved.add(row.ticket_id)
    spent = float(sum(by_ticket.values()))
    return {
        "cost_per_ticket": Figure(
            "cost_per_ticket",
            spent / len(by_ticket) if by_ticket else None,
            currency,
            len(by_ticket),
            f"spend on drafted tickets / tickets drafted, {method}",
            *window,
        ),
        "cost_per_resolved_ticket": Figure(
            "cost_per_resolved_ticket",
            spent / len(resolved) if resolved else None,
            currency,
            len(resolved),
            f"spend on all drafted tickets / drafted tickets since resolved, {method}",
            *window,
        ),
    }


def _percentiles(
    requests: Sequence[DraftUsage], side: str, window: tuple[datetime | None, datetime | None]
) -> dict[str, Figure]:
    values = np.asarray(
        [
            r.input_tokens
            if side == "input"
            else r.output_tokens
            if side == "output"
            else r.input_tokens + r.output_tokens
            for r in requests
        ],
        dtype=float,
    )
    out = {}
    for q in (50, 90, 99):
        name = f"tokens_{side}_p{q}"
        value = float(np.percentile(values, q)) if values.size else None
        out[name] = Figure(
            name,
            value,
            "tokens",
            int(values.size),
            f"p{q} of {side} tokens per request (linear interpolation)",
            *window,
        )
    return out


def _group(
    requests: Sequence[DraftUsage], costs: Sequence[float], key: Callable[[DraftUsage], str]
) -> list[Breakdown]:
    totals: dict[str, list[float]] = defaultdict(lambda: [0, 0.0])
    for row, cost in zip(requests, costs, strict=True):
        entry = totals[key(row)]
        entry[0] += 1
        entry[1] += cost
    groups = [Breakdown(k, int(n), float(c)) for k, (n, c) in totals.items()]
    return sorted(groups, key=lambda b: (-b.cost, -b.requests, b.key))


def _window(rows: Sequence[DraftUsage]) -> tuple[datetime | None, datetime | None]:
    if not rows:
        return (None, None)
    return (min(r.created_at for r in rows), max(r.created_at for r in rows))
