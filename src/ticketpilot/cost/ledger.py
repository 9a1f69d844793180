"""What a budget store promises: atomic reserve-then-settle, sticky lanes, alerts recorded once.

A :class:`Ledger` keeps, per budget period, the settled spend, the spend reserved by calls in
flight, and the lane the period has come down to (see ``cost.guardrails``). Its operations are
atomic in the store itself - a PostgreSQL row lock, SQLite's write lock, one Redis Lua script -
so N workers on M machines see one sequence of reservations and cannot together pass a ceiling.
Amounts are integer ledger units (nano-units of the currency). Two implementations live in
``ticketpilot.store``: ``SqlLedger`` (SQLite and PostgreSQL) and ``RedisLedger``.

A store that cannot be reached raises :class:`LedgerUnavailable`; the guard then fails closed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from ticketpilot.errors import TicketpilotError


class LedgerUnavailable(TicketpilotError):  # noqa: N818 - reads as what happened, like httpx's
    """The budget store cannot be reached (connection refused, timed out, locked)."""


@dataclass(frozen=True, slots=True)
class Hold:
    """A request to reserve ``amount`` in ``lane``, if committed spend stays <= ``ceiling``.

    ``hard`` is the hard limit in force: a lane closed under a lower hard limit does not bind.
    A reservation not settled by ``expires_at`` is charged in full (its worker died mid-call).
    """

    period: str
    amount: int
    ceiling: int
    lane: int
    hard: int
    model: str
    at: datetime
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class Reservation:
    """Money held for one call; ``committed`` is settled + reserved right after it was taken."""

    id: int
    period: str
    amount: int
    model: str
    committed: int


@dataclass(frozen=True, slots=True)
class Refusal:
    """The reservation did not fit (or its lane is closed); the period's state at that moment."""

    period: str
    committed: int
    lane: int


@dataclass(frozen=True, slots=True)
class PeriodSpend:
    """One period's ledger: what was settled, what is held by calls in flight, and its lane."""

    period: str
    settled: int = 0
    reserved: int = 0
    requests: int = 0
    lane: int = 0
    lane_hard: int = 0
    held: int = 0

    @property
    def committed(self) -> int:
        return self.settled + self.reserved


@dataclass(frozen=True, slots=True)
class Alert:
    """A budget event, recorded at most once per period and kind."""

    period: str
    kind: str
    created_at: datetime
    detail: dict[str, Any] = field(default_factory=dict)
    delivery: str | None = None  # the webhook's answer ("sent 200", "failed: ..."), if any

    def as_dict(self) -> dict[str, Any]:
        return {
            "period": self.period,
            "kind": self.kind,
            "created_at": self.created_at.isoformat(),
            "detail": self.detail,
            "delivery": self.delivery,
        }


class Ledger(Protocol):
    """A budget store; every method raises :class:`LedgerUnavailable` when it cannot be reached."""

    def reserve(self, hold: Hold) -> Reservation | Refusal:
        """Atomically: if the period's lane allows ``hold.lane`` and the spend fits, hold it."""
        ...

    def settle(self, reservation: Reservation, actual: int, at: datetime) -> None:
        """Replace the reservation by the actual cost (idempotent; also after it expired)."""
        ...

    def exhaust(self, period: str, hard: int) -> None:
        """Mark the period human-only under hard limit ``hard``."""
        ...

    def expire(self, period: str, now: datetime) -> int:
        """Charge reservations past their expiry at their full amount; return how many."""
        ...

    def alert_once(self, alert: Alert) -> bool:
        """Record ``alert`` unless its (period, kind) exists; True when this call recorded it."""
        ...

    def record_delivery(self, period: str, kind: str, delivery: str) -> None: ...

    def spend(self, period: str) -> PeriodSpend: ...

    def alerts(self, period: str | None = None) -> list[Alert]: ...
