"""The price table: what a token costs per model, shipped as data with its date, overridable.

``prices.toml`` beside this module lists the major hosted models (US dollars per million tokens,
as the vendors published them on its ``as_of`` date) and zero-cost entries for the extractive
default and a local model. The charter's ``[model.prices.NAME]`` (per 1,000 tokens, in the
program currency) overrides or adds models. A model found in neither is an
:class:`UnknownModelError` that names it: a cost is never a silent zero.

Amounts are exact: prices are :class:`~decimal.Decimal` per token and the budget ledger counts
whole nano-units of the currency (:data:`UNITS_PER_CURRENCY`), rounded up.

>>> load_price_table().price("gpt-4o-mini").cost(1_000, 200)
0.00027
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from importlib import resources

from ticketpilot.charter import Price
from ticketpilot.errors import TicketpilotError

UNITS_PER_CURRENCY = 10**9
"""The ledger's unit: one nano-unit of the program currency (a billionth of a dollar)."""

_MILLION = Decimal(1_000_000)
_THOUSAND = Decimal(1_000)
_SNAPSHOT = re.compile(r"-(\d{4}-\d{2}-\d{2}|\d{8}|latest)$")


class UnknownModelError(TicketpilotError):
    """No price for a model: neither in the shipped table nor in the charter."""

    def __init__(self, model: str, known: list[str], why: str = "") -> None:
        self.model = model
        reason = why or "it is neither in the shipped price table nor in [model.prices]"
        super().__init__(
            f"no price for model {model!r}: {reason}. Declare it in ticketpilot.toml, e.g. "
            f'[model.prices."{model}"] input_per_1k = ... output_per_1k = ... '
            f"(zero for a local model). Known: {', '.join(known)}"
        )


@dataclass(frozen=True, slots=True)
class ModelPrice:
    """Per-token prices of one model in the program currency, and where they came from."""

    model: str
    input: Decimal
    output: Decimal
    cached_input: Decimal
    source: str

    @property
    def is_free(self) -> bool:
        return self.input == 0 and self.output == 0 and self.cached_input == 0

    def exact(self, input_tokens: int, output_tokens: int, cached_input_tokens: int = 0) -> Decimal:
        """The exact price of one call; ``cached_input_tokens`` are part of ``input_tokens``."""
        if min(input_tokens, output_tokens, cached_input_tokens) < 0:
            raise ValueError("token counts must not be negative")
        if cached_input_tokens > input_tokens:
            raise ValueError("cached_input_tokens cannot exceed input_tokens")
        fresh = input_tokens - cached_input_tokens
        return (
            fresh * self.input
            + cached_input_tokens * self.cached_input
            + output_tokens * self.output
        )

    def cost(self, input_tokens: int, output_tokens: int, cached_input_tokens: int = 0) -> float:
        """The price of one call in the program currency."""
        return float(self.exact(input_tokens, output_tokens, cached_input_tokens))

    def units(self, input_tokens: int, output_tokens: int, cached_input_tokens: int = 0) -> int:
        """The price of one call in ledger units, rounded up (a reservation never falls short)."""
        return to_units(self.exact(input_tokens, output_tokens, cached_input_tokens))

    def per_1k(self) -> str:
        """``in 0.00015 / cached 0.000075 / out 0.0006 per 1k tokens``."""
        parts = [
            f"in {_plain(self.input * _THOUSAND)}",
            f"cached {_plain(self.cached_input * _THOUSAND)}",
            f"out {_plain(self.output * _THOUSAND)}",
        ]
        return " / ".join(parts) + " per 1k tokens"


@dataclass(frozen=True, slots=True)
class PriceTable:
    """Prices by model name, the shipped table's date and sources, and the currency they are in."""

    as_of: date
    currency: str
    sources: tuple[str, ...]
    prices: Mapping[str, ModelPrice]
    foreign: frozenset[str] = frozenset()  # shipped models priced in another currency

    def price(self, model: str) -> ModelPrice:
        """The price of ``model``: exact name first, then without a provider prefix or date."""
        for name in (model, canonical_model(model)):
            if name in self.prices:
                return self.prices[name]
        if canonical_model(model) in self.foreign:
            raise UnknownModelError(
                model,
                self.known(),
                f"the shipped table prices it in USD, not in the program currency {self.currency}",
            )
        raise UnknownModelError(model, self.known())

    def known(self) -> list[str]:
        return sorted(self.prices)

    def age_days(self, today: date) -> int:
        return (today - self.as_of).days

    def describe(self) -> str:
        """``shipped price table as of 2025-08-15 (3 sources), 2 models from the charter``."""
        charter = sum(1 for p in self.prices.values() if p.source == CHARTER_SOURCE)
        extra = f", {charter} model(s) from the charter's [model.prices]" if charter else ""
        return f"shipped price table as of {self.as_of.isoformat()}{extra}"


CHARTER_SOURCE = "charter [model.prices]"


def canonical_model(model: str) -> str:
    """``openai/gpt-4o-2024-08-06`` -> ``gpt-4o``: no provider prefix, snapshot date or -latest."""
    name = model.strip().lower().rsplit("/", 1)[-1]
    return _SNAPSHOT.sub("", name)


def to_units(amount: Decimal) -> int:
    """An amount of currency in ledger units, rounded up."""
    return math.ceil(amount * UNITS_PER_CURRENCY)


def from_units(units: int) -> float:
    return units / UNITS_PER_CURRENCY


def load_price_table(
    overrides: Mapping[str, Price] | None = None, currency: str = "USD"
) -> PriceTable:
    """The shipped table, with the charter's ``[model.prices]`` on top (they win)."""
    data = tomllib.loads(
        resources.files("ticketpilot.cost").joinpath("prices.toml").read_text("utf-8")
    )
    as_of = date.fromisoformat(str(data["as_of"]))
    shipped_currency = str(data["currency"])
    source = f"shipped table as of {as_of.isoformat()}"
    prices: dict[str, ModelPrice] = {}
    foreign: set[str] = set()
    for name, row in data["models"].items():
        price = _per_million(name, row, source)
        if shipped_currency == currency or price.is_free:
            prices[name] = price
        else:
            foreign.add(name)
    for name, declared in (overrides or {}).items():
        prices[name] = charter_price(name, declared)
        foreign.discard(name)
    return PriceTable(
        as_of, currency, tuple(str(s) for s in data["sources"]), prices, frozenset(foreign)
    )


def charter_price(model: str, price: Price) -> ModelPrice:
    """A ``[model.prices]`` entry (per 1,000 tokens) as per-token prices."""
    cached = price.input_per_1k if price.cached_input_per_1k is None else price.cached_input_per_1k
    return ModelPrice(
        model,
        _decimal(price.input_per_1k) / _THOUSAND,
        _decimal(price.output_per_1k) / _THOUSAND,
        _decimal(cached) / _THOUSAND,
        CHARTER_SOURCE,
    )


def _per_million(name: str, row: Mapping[str, float], source: str) -> ModelPrice:
    cached = row.get("cached_input", row["input"])
    return ModelPrice(
        name,
        _decimal(row["input"]) / _MILLION,
        _decimal(row["output"]) / _MILLION,
        _decimal(cached) / _MILLION,
        source,
    )


def _decimal(value: float | int) -> Decimal:
    """The decimal the file or the charter wrote (0.15 stays 0.15, not its binary neighbour)."""
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f")
