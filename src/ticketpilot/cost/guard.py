"""The budget guard: no paid call without a reservation, every call settled to what it cost.

:class:`BudgetGuard` implements the drafting engine's ``GenerationGuard``. Before a call it
reserves the call's largest possible cost - the prompt's tokens (counted with the model's own
tokenizer, plus 10% where that tokenizer is only approximate) and ``max_tokens`` of output, at
the dearest model the provider chain may fall back to - in the ledger, lane by lane (see
``cost.guardrails``): the charter's model, else the cheaper ``degrade_model``, else a human.
After the call it settles the reservation to the real cost: a settle that lowers the charge
(the usual case: the reservation is the largest possible cost) is written after the request
returns (``cost.settler``), one that raises it (the provider billed more than was held) before.
When the ledger cannot be reached it fails closed (a human; no paid call) unless the charter says
``fail_open``; a settle that cannot be written is retried on the next call, and one never written
is charged in full when its reservation expires, so the ledger never undercounts.

Alerts (soft limit, first degraded call, exhausted, store unreachable, over-reservation) are
recorded once per period across all workers, and POSTed to the webhook by whichever worker
recorded them.
"""

from __future__ import annotations

import logging
import math
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from ticketpilot.cost.guardrails import BudgetPolicy, Lane, previous_period_key
from ticketpilot.cost.ledger import Alert, Hold, Ledger, LedgerUnavailable, Reservation
from ticketpilot.cost.prices import ModelPrice, PriceTable, UnknownModelError, from_units
from ticketpilot.cost.settler import Settler
from ticketpilot.drafting.guard import Admission
from ticketpilot.drafting.providers import ChatMessage, Generation, GenerationRequest, Provider
from ticketpilot.drafting.resilience import close_provider
from ticketpilot.drafting.tokens import count_messages, tokenizer_for

log = logging.getLogger(__name__)

Notify = Callable[[Alert], str]
"""Deliver an alert (the webhook); returns what to record, e.g. ``sent 200`` or ``failed: ...``."""
Counter = Callable[[list[ChatMessage], str], int]
"""Prompt tokens of messages for a model; models of one tokenizer (``tokenizer_for``) count alike."""

APPROXIMATE_MARGIN = 1.10
"""Prompt tokens counted with a tokenizer of another family are reserved with this margin."""
SWEEP_EVERY = timedelta(seconds=60)


@dataclass(frozen=True)
class _Route:
    """A lane's models (the first is the one named; the rest the chain may fall back to)."""

    lane: Lane
    prices: tuple[ModelPrice, ...]
    provider: Provider | None  # None: the caller's own provider


class BudgetGuard:
    """Reserve before, settle after; see the module docstring. One per process; thread-safe."""

    def __init__(
        self,
        policy: BudgetPolicy,
        ledger: Ledger,
        prices: PriceTable,
        models: Sequence[str],
        *,
        degraded: Provider | None = None,
        degrade_model: str | None = None,
        clock: Callable[[], datetime],
        ttl: timedelta = timedelta(minutes=10),
        notify: Notify | None = None,
        count: Counter = count_messages,
        settle_later: bool = True,
    ) -> None:
        if not models:
            raise ValueError("a budget guard needs the model(s) it pays for")
        routes = [_Route(Lane.PRIMARY, tuple(prices.price(m) for m in models), None)]
        if degraded is not None and degrade_model is not None:
            routes.append(_Route(Lane.DEGRADED, (prices.price(degrade_model),), degraded))
        self.policy = policy
        self.ledger = ledger
        self.prices = prices
        self.routes = tuple(routes)
        self._clock = clock
        self._ttl = ttl
        self._notify = notify
        self._count = count
        self._lanes: dict[str, Lane] = {}  # lanes only go down within a period: skip closed ones
        self._recorded: set[tuple[str, str]] = set()
        self._pending: list[tuple[Reservation, int]] = []
        self._swept: datetime | None = None
        self._outage: dict[str, Any] | None = None
        self._lock = threading.Lock()
        self._settler = Settler() if settle_later else None

    def flush(self) -> None:
        """Wait until the settles handed to the background so far are written (or deferred)."""
        if self._settler is not None:
            self._settler.flush()

    def close(self) -> None:
        """Write the queued settles, then release the cheaper model's client and the ledger's
        connections, if it owns any."""
        if self._settler is not None:
            self._settler.close()
        for route in self.routes:
            if route.provider is not None:
                close_provider(route.provider)
        close_provider(self.ledger)
        close_provider(self._notify)

    # --- admission --------------------------------------------------------------------------

    def admit(self, request: GenerationRequest, provider: Provider) -> Admission:
        self.flush()  # this guard's earlier settles first: no wait unless calls come back to back
        now = self._clock()
        period = self.policy.period_key(now)
        try:
            self._catch_up(period, now)
            if self._lanes.get(period, Lane.PRIMARY) is Lane.HUMAN:
                return Admission(None, "budget_exhausted")
            counted: dict[str, int] = {}  # prompt tokens by tokenizer: each counted once
            for route in self.routes:
                if self._lanes.get(period, Lane.PRIMARY) > route.lane:
                    continue
                got = self.ledger.reserve(self._hold(route, request, period, now, counted))
                if isinstance(got, Reservation):
                    self._admitted(route, got, now)
                    chosen = route.provider or provider
                    flag = "budget_degraded" if route.lane is Lane.DEGRADED else None
                    return Admission(chosen, flag, got)
                self._lanes[period] = Lane(max(got.lane, route.lane + 1))
            self.ledger.exhaust(period, self.policy.hard)
            self._lanes[period] = Lane.HUMAN
            self._alert("exhausted", period, now, {"hard_limit": from_units(self.policy.hard)})
            return Admission(None, "budget_exhausted")
        except LedgerUnavailable as error:
            return self._unreachable(error, provider, now)

    def _hold(
        self,
        route: _Route,
        request: GenerationRequest,
        period: str,
        now: datetime,
        counted: dict[str, int],
    ) -> Hold:
        amount = max(
            price.units(self._estimate(request.messages, price.model, counted), request.max_tokens)
            for price in route.prices
        )
        return Hold(
            period=period,
            amount=amount,
            ceiling=self.policy.ceiling(route.lane),
            lane=int(route.lane),
            hard=self.policy.hard,
            model=route.prices[0].model,
            at=now,
            expires_at=now + self._ttl,
        )

    def _estimate(self, messages: list[ChatMessage], model: str, counted: dict[str, int]) -> int:
        tokenizer = tokenizer_for(model)
        if tokenizer.encoding not in counted:
            counted[tokenizer.encoding] = self._count(messages, model)
        if tokenizer.exact:
            return counted[tokenizer.encoding]
        return math.ceil(counted[tokenizer.encoding] * APPROXIMATE_MARGIN)

    def _admitted(self, route: _Route, reservation: Reservation, now: datetime) -> None:
        period = reservation.period
        if reservation.committed >= self.policy.soft:
            self._alert(
                "soft_limit",
                period,
                now,
                {
                    "committed": from_units(reservation.committed),
                    "soft_limit": from_units(self.policy.soft),
                },
            )
        if route.lane is Lane.DEGRADED:
            self._lanes[period] = Lane.DEGRADED
            self._alert(
                "degraded",
                period,
                now,
                {
                    "committed": from_units(reservation.committed),
                    "model": route.prices[0].model,
                },
            )

    def _unreachable(
        self, error: LedgerUnavailable, provider: Provider, now: datetime
    ) -> Admission:
        if self._outage is None:
            log.warning(
                "budget store unreachable, %s: %s",
                "drafting unchecked" if self.policy.fail_open else "failing closed",
                error,
            )
            self._outage = {"since": now.isoformat(), "refused": 0, "unchecked": 0}
        if self.policy.fail_open:
            self._outage["unchecked"] += 1
            return Admission(provider, "budget_unchecked")
        self._outage["refused"] += 1
        return Admission(None, "budget_store_unreachable")

    def _catch_up(self, period: str, now: datetime) -> None:
        """Back from an outage: say so once, write settles that failed, sweep expired holds."""
        with self._lock:
            self._catch_up_locked(period, now)

    def _catch_up_locked(self, period: str, now: datetime) -> None:
        if self._outage is not None:
            outage, self._outage = self._outage, None
            outage["until"] = now.isoformat()
            self._alert("store_unreachable", period, now, outage)
        while self._pending:
            reservation, actual = self._pending[0]
            self.ledger.settle(reservation, actual, now)
            self._pending.pop(0)
        if self._swept is None or now - self._swept >= SWEEP_EVERY:
            for key in (period, previous_period_key(self.policy.period, now)):
                self.ledger.expire(key, now)
            self._swept = now

    # --- settlement -------------------------------------------------------------------------

    def settle(self, admission: Admission, generation: Generation | None) -> None:
        """Settle to the generation's cost (zero when the call failed); never raises."""
        reservation = admission.hold
        if not isinstance(reservation, Reservation):
            return
        actual = self._actual(reservation, generation)
        now = self._clock()
        if actual <= reservation.amount and self._settler is not None:
            # lowering: the hold covers the call until this is written, so the request need not wait
            self._settler.submit(lambda: self._write(reservation, actual, now))
            return
        if self._write(reservation, actual, now) and actual > reservation.amount:
            self._alert(
                "over_reservation",
                reservation.period,
                now,
                {
                    "reserved": from_units(reservation.amount),
                    "actual": from_units(actual),
                    "model": generation.model if generation else reservation.model,
                },
            )

    def _write(self, reservation: Reservation, actual: int, now: datetime) -> bool:
        """Settle in the ledger; False when it cannot be reached (retried on the next call)."""
        try:
            self.ledger.settle(reservation, actual, now)
        except LedgerUnavailable as error:
            log.warning("budget settle deferred (store unreachable): %s", error)
            with self._lock:
                self._pending.append((reservation, actual))
            return False
        return True

    def _actual(self, reservation: Reservation, generation: Generation | None) -> int:
        if generation is None:
            return 0
        try:
            price = self.prices.price(generation.model)
        except UnknownModelError:
            # the provider answered with a model name we cannot price: charge what was held
            log.warning("no price for %r: settled at its reservation", generation.model)
            return reservation.amount
        return price.units(generation.input_tokens, generation.output_tokens)

    # --- alerts -----------------------------------------------------------------------------

    def _alert(self, kind: str, period: str, now: datetime, detail: dict[str, Any]) -> None:
        """Record ``kind`` once per period (this process asks once; the store dedupes workers)."""
        if (period, kind) in self._recorded:
            return
        try:
            alert = Alert(period, kind, now, detail)
            created = self.ledger.alert_once(alert)
            self._recorded.add((period, kind))
            if created and self._notify is not None:
                self.ledger.record_delivery(period, kind, self._notify(alert))
        except LedgerUnavailable as error:  # the next call tries again
            log.warning("budget alert %s not recorded yet: %s", kind, error)
