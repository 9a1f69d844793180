"""The cost forecast, month by month, with low / expected / high bands (pure; no store).

For month ``m``::

    tickets      V_m          from the volume model (history trend and seasonality, or charter)
    requests     R_m = V_m x rollout_m x reach x requests_per_ticket x (1 + retry_rate)
    per request  c   = (1 - f) x mean cost on the model + f x mean cost on the fallback model
    bill         B_m = R_m x c

``c`` prices every measured request (its input and output tokens, output capped at
``max_tokens``, a ``cached_input_share`` of input at the cached rate). The band's low end takes
the volume at the low end of its prediction interval and ``c`` at the low end of its confidence
interval (``mean -/+ z x sd / sqrt(n)`` over the measured requests), the high end both high: a
conservative band (z = 1.645: each input's 90% interval). Cost per resolved ticket is
``B_m / (V_m x rollout_m x resolution_rate)``; value is the value model's saving per assisted
ticket (``baseline/value.py``: handling minutes x reduction x cost per agent hour) times the
tickets drafted, and net value is value minus bill.

The playbook's example: 100,000 tickets, 1,200 tokens a request at $X per 1,000 tokens is
``100,000 x 1.2 x X`` a month.
"""

from __future__ import annotations

import calendar
import math
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

import numpy as np

from ticketpilot.cost.prices import ModelPrice
from ticketpilot.cost.usage import TokenSample
from ticketpilot.cost.volume import VolumeModel, add_months

Z_90 = 1.645


@dataclass(frozen=True)
class ForecastInputs:
    """Everything a forecast is computed from; ``notes`` say where each input came from."""

    start: date
    months: int
    volume: VolumeModel
    rollout: tuple[float, ...]
    tokens: TokenSample
    price: ModelPrice
    fallback_price: ModelPrice | None = None
    fallback_share: float = 0.0
    retry_rate: float = 0.0
    reach: float = 1.0
    requests_per_ticket: float = 1.0
    cached_input_share: float = 0.0
    max_tokens: int | None = None
    resolution_rate: float | None = None
    value_per_ticket: float | None = None
    peak_hour_share: float | None = None
    z: float = Z_90
    notes: tuple[str, ...] = ()

    def rollout_share(self, index: int) -> float:
        return self.rollout[min(index, len(self.rollout) - 1)]


@dataclass(frozen=True, slots=True)
class PerRequest:
    """Mean cost per request with its band, and the mean tokens behind it."""

    mean: float
    low: float
    high: float
    input_tokens: float
    output_tokens: float
    n: int


@dataclass(frozen=True, slots=True)
class MonthForecast:
    month: date
    tickets: float
    tickets_low: float
    tickets_high: float
    rollout: float
    requests: float
    bill: float
    bill_low: float
    bill_high: float
    cost_per_resolved_ticket: float | None
    value: float | None
    net_value: float | None
    net_value_at_high_bill: float | None
    peak_requests_per_hour: float | None
    peak_tokens_per_minute: float | None


@dataclass(frozen=True)
class Forecast:
    model: str
    per_request: PerRequest
    months: list[MonthForecast]
    cost_per_drafted_ticket: float
    break_even_cost_per_ticket: float | None
    method: list[str] = field(default_factory=list)

    @property
    def bill(self) -> tuple[float, float, float]:
        """The whole horizon's bill: low, expected, high."""
        return (
            sum(m.bill_low for m in self.months),
            sum(m.bill for m in self.months),
            sum(m.bill_high for m in self.months),
        )

    @property
    def net_value(self) -> float | None:
        values = [m.net_value for m in self.months]
        return None if any(v is None for v in values) else float(sum(v or 0.0 for v in values))

    def as_dict(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "per_request": asdict(self.per_request),
            "months": [asdict(m) | {"month": f"{m.month:%Y-%m}"} for m in self.months],
            "bill": dict(zip(("low", "expected", "high"), self.bill, strict=True)),
            "net_value": self.net_value,
            "cost_per_drafted_ticket": self.cost_per_drafted_ticket,
            "break_even_cost_per_ticket": self.break_even_cost_per_ticket,
            "method": self.method,
        }


def cost_per_request(tokens: TokenSample, price: ModelPrice, inputs: ForecastInputs) -> PerRequest:
    """Mean cost of the measured requests on ``price``, and its confidence interval."""
    if tokens.n == 0:
        raise ValueError("no measured requests to price")
    ins = np.asarray(tokens.input, dtype=float)
    outs = np.asarray(tokens.output, dtype=float)
    if inputs.max_tokens is not None:
        outs = np.minimum(outs, inputs.max_tokens)
    cached = ins * inputs.cached_input_share
    costs = (
        (ins - cached) * float(price.input)
        + cached * float(price.cached_input)
        + outs * float(price.output)
    )
    mean = float(costs.mean())
    half = inputs.z * float(costs.std(ddof=1)) / math.sqrt(costs.size) if costs.size > 1 else 0.0
    return PerRequest(
        mean,
        max(mean - half, 0.0),
        mean + half,
        float(ins.mean()),
        float(outs.mean()),
        int(costs.size),
    )


def forecast(inputs: ForecastInputs) -> Forecast:
    """The month-by-month forecast of ``inputs`` (see the module docstring for the formulas)."""
    own = cost_per_request(inputs.tokens, inputs.price, inputs)
    per = own
    share = inputs.fallback_share if inputs.fallback_price is not None else 0.0
    if inputs.fallback_price is not None and share > 0:
        other = cost_per_request(inputs.tokens, inputs.fallback_price, inputs)

        def mix(a: float, b: float) -> float:
            return (1 - share) * a + share * b

        per = PerRequest(
            mix(own.mean, other.mean),
            mix(own.low, other.low),
            mix(own.high, other.high),
            own.input_tokens,
            own.output_tokens,
            own.n,
        )
    per_ticket = inputs.requests_per_ticket * (1 + inputs.retry_rate) * per.mean
    months = [_month(inputs, per, i) for i in range(inputs.months)]
    return Forecast(
        model=inputs.price.model,
        per_request=per,
        months=months,
        cost_per_drafted_ticket=per_ticket,
        break_even_cost_per_ticket=inputs.value_per_ticket,
        method=_method(inputs, per),
    )


def _month(inputs: ForecastInputs, per: PerRequest, index: int) -> MonthForecast:
    month = add_months(inputs.start, index)
    tickets = inputs.volume.expected(month)
    low, high = inputs.volume.band(month, inputs.z)
    rollout = inputs.rollout_share(index)
    factor = rollout * inputs.reach * inputs.requests_per_ticket * (1 + inputs.retry_rate)
    requests = tickets * factor
    bill = requests * per.mean
    resolved = tickets * rollout * inputs.resolution_rate if inputs.resolution_rate else None
    value = (
        inputs.value_per_ticket * tickets * rollout * inputs.reach
        if inputs.value_per_ticket is not None
        else None
    )
    peak = None
    if inputs.peak_hour_share is not None:
        days = calendar.monthrange(month.year, month.month)[1]
        peak = requests / days * inputs.peak_hour_share
    return MonthForecast(
        month=month,
        tickets=tickets,
        tickets_low=low,
        tickets_high=high,
        rollout=rollout,
        requests=requests,
        bill=bill,
        bill_low=low * factor * per.low,
        bill_high=high * factor * per.high,
        cost_per_resolved_ticket=bill / resolved if resolved else None,
        value=value,
        net_value=value - bill if value is not None else None,
        net_value_at_high_bill=value - high * factor * per.high if value is not None else None,
        peak_requests_per_hour=peak,
        peak_tokens_per_minute=(
            peak * (per.input_tokens + per.output_tokens) / 60 if peak is not None else None
        ),
    )


def _method(inputs: ForecastInputs, per: PerRequest) -> list[str]:
    shares = ", ".join(f"{s:.0%}" for s in inputs.rollout[: inputs.months])
    lines = [
        f"volume: {inputs.volume.method}",
        f"tokens per request: mean {per.input_tokens:,.0f} in + {per.output_tokens:,.0f} out "
        f"from {inputs.tokens.source}",
        f"price: {inputs.price.model} {inputs.price.per_1k()} ({inputs.price.source})",
        f"rollout share by month: {shares} (the last repeats)",
        f"band: volume at its {inputs.z:g}-sd prediction interval x mean cost per request at its "
        f"{inputs.z:g}-sd confidence interval (n={per.n:,} requests), both ends together",
    ]
    if inputs.fallback_price is not None:
        lines.append(
            f"fallback model {inputs.fallback_price.model} serves {inputs.fallback_share:.1%} of "
            f"requests ({inputs.fallback_price.per_1k()})"
        )
    if inputs.cached_input_share:
        lines.append(f"{inputs.cached_input_share:.0%} of input tokens at the cached price")
    return lines + list(inputs.notes)
