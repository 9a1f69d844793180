"""The budget ledger in the database (SQLite or PostgreSQL): ``cost.ledger.Ledger`` in SQL.

Each operation is one short transaction. A reservation is one conditional ``UPDATE`` of the
period's row - PostgreSQL locks that row and re-checks the condition against the newest version
when another transaction got there first; SQLite holds its database write lock - so concurrent
reservations are serialised and their sum cannot pass the ceiling. Settling locks the
reservation's row first, then the period's, the same order the expiry sweep uses (which skips
rows another transaction holds), so the two cannot deadlock.

On PostgreSQL only a reservation waits for its commit to reach the disk. Everything else commits
asynchronously (``synchronous_commit = off``): should the server crash before the write-ahead
log is flushed, a lost settle leaves its (durable) reservation held, and the sweep charges it in
full - the ledger can overcount then, never undercount. Any later durable commit flushes the
earlier ones with it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from sqlalchemy import Connection, Engine, bindparam, func, insert, or_, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from ticketpilot.cost.ledger import (
    Alert,
    Hold,
    LedgerUnavailable,
    PeriodSpend,
    Refusal,
    Reservation,
)
from ticketpilot.store.tables import budget_alerts, budget_periods, budget_reservations

_P, _R, _A = budget_periods.c, budget_reservations.c, budget_alerts.c
_ASYNC_COMMIT = text("SET LOCAL synchronous_commit = off")

# The hot path's statements are built once, with bound parameters: building a Core statement
# costs more than SQLite takes to run it (bench/budget_bench.py).
_TAKE = (
    update(budget_periods)
    .where(
        _P.period == bindparam("b_period"),
        or_(_P.lane <= bindparam("b_lane"), _P.lane_hard < bindparam("b_hard")),
        _P.settled + _P.reserved + bindparam("b_amount") <= bindparam("b_ceiling"),
    )
    .values(
        reserved=_P.reserved + bindparam("b_amount"),
        requests=_P.requests + 1,
        lane=bindparam("b_lane"),
        lane_hard=bindparam("b_hard"),
        updated_at=bindparam("b_at"),
    )
    .returning(_P.settled + _P.reserved)
)
_HOLD = (
    insert(budget_reservations)
    .values(
        period=bindparam("b_period"),
        model=bindparam("b_model"),
        lane=bindparam("b_lane"),
        amount=bindparam("b_amount"),
        state="held",
        created_at=bindparam("b_at"),
        expires_at=bindparam("b_expires"),
    )
    .returning(_R.id)
)
_SETTLE_ONE = (
    update(budget_reservations)
    .where(_R.id == bindparam("b_id"), _R.state == bindparam("b_state"))
    .values(state="settled", actual=bindparam("b_actual"), settled_at=bindparam("b_at"))
)
_SETTLE_PERIOD = (
    update(budget_periods)
    .where(_P.period == bindparam("b_period"))
    .values(
        reserved=_P.reserved + bindparam("b_reserved"),
        settled=_P.settled + bindparam("b_settled"),
        updated_at=bindparam("b_at"),
    )
)


class SqlLedger:
    """The ledger in the workspace database (``engine``: SQLite or PostgreSQL)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._postgres = engine.dialect.name == "postgresql"
        self._insert = (postgresql if self._postgres else sqlite).insert

    @contextmanager
    def _begin(self, *, async_commit: bool = False) -> Iterator[Connection]:
        """A transaction; with ``async_commit`` PostgreSQL acknowledges it before the flush."""
        try:
            with self.engine.begin() as connection:
                if self._postgres and async_commit:
                    connection.execute(_ASYNC_COMMIT)
                yield connection
        except (OperationalError, InterfaceError, PoolTimeout) as error:
            raise LedgerUnavailable(f"budget store {self._where()} unreachable: {error}") from error

    def _where(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    def reserve(self, hold: Hold) -> Reservation | Refusal:
        with self._begin() as c:
            row = self._take(c, hold)
            if row is None:
                state = self._state(c, hold.period)
                if state is None:
                    c.execute(
                        self._insert(budget_periods)
                        .values(
                            period=hold.period,
                            settled=0,
                            reserved=0,
                            requests=0,
                            lane=0,
                            lane_hard=0,
                            updated_at=hold.at,
                        )
                        .on_conflict_do_nothing(index_elements=["period"])
                    )
                    row = self._take(c, hold)
                if row is None:
                    state = self._state(c, hold.period)
                    assert state is not None
                    lane = state.lane if state.lane_hard >= hold.hard else 0
                    return Refusal(hold.period, state.committed, lane)
            reservation_id = c.execute(
                _HOLD,
                {
                    "b_period": hold.period,
                    "b_model": hold.model[:128],
                    "b_lane": hold.lane,
                    "b_amount": hold.amount,
                    "b_at": hold.at,
                    "b_expires": hold.expires_at,
                },
            ).scalar_one()
        return Reservation(int(reservation_id), hold.period, hold.amount, hold.model, row)

    def _take(self, c: Connection, hold: Hold) -> int | None:
        """Hold the amount if it fits; the committed spend after it, or None."""
        row = c.execute(
            _TAKE,
            {
                "b_period": hold.period,
                "b_lane": hold.lane,
                "b_hard": hold.hard,
                "b_amount": hold.amount,
                "b_ceiling": hold.ceiling,
                "b_at": hold.at,
            },
        ).first()
        return None if row is None else int(row[0])

    def _state(self, c: Connection, period: str) -> PeriodSpend | None:
        row = c.execute(
            select(_P.settled, _P.reserved, _P.requests, _P.lane, _P.lane_hard).where(
                _P.period == period
            )
        ).first()
        if row is None:
            return None
        return PeriodSpend(period, int(row[0]), int(row[1]), int(row[2]), int(row[3]), int(row[4]))

    def settle(self, reservation: Reservation, actual: int, at: datetime) -> None:
        with self._begin(async_commit=True) as c:
            for state, delta_reserved in (("held", -reservation.amount), ("expired", 0)):
                done = c.execute(
                    _SETTLE_ONE,
                    {"b_id": reservation.id, "b_state": state, "b_actual": actual, "b_at": at},
                ).rowcount
                if done:
                    charged = 0 if state == "held" else reservation.amount
                    c.execute(
                        _SETTLE_PERIOD,
                        {
                            "b_period": reservation.period,
                            "b_reserved": delta_reserved,
                            "b_settled": actual - charged,
                            "b_at": at,
                        },
                    )
                    return

    def exhaust(self, period: str, hard: int) -> None:
        with self._begin(async_commit=True) as c:
            c.execute(
                update(budget_periods).where(_P.period == period).values(lane=2, lane_hard=hard)
            )

    def expire(self, period: str, now: datetime) -> int:
        with self._begin(async_commit=True) as c:
            rows = c.execute(
                select(_R.id, _R.amount)
                .where(_R.period == period, _R.state == "held", _R.expires_at < now)
                .with_for_update(skip_locked=True)
            ).all()
            if not rows:
                return 0
            ids = [int(r[0]) for r in rows]
            c.execute(update(budget_reservations).where(_R.id.in_(ids)).values(state="expired"))
            total = sum(int(r[1]) for r in rows)
            c.execute(
                update(budget_periods)
                .where(_P.period == period)
                .values(reserved=_P.reserved - total, settled=_P.settled + total, updated_at=now)
            )
        return len(ids)

    def alert_once(self, alert: Alert) -> bool:
        with self._begin(async_commit=True) as c:
            result = c.execute(
                self._insert(budget_alerts)
                .values(
                    period=alert.period,
                    kind=alert.kind,
                    created_at=alert.created_at,
                    detail=alert.detail,
                    delivery=alert.delivery,
                )
                .on_conflict_do_nothing(index_elements=["period", "kind"])
                .returning(_A.id)
            )
            return result.first() is not None

    def record_delivery(self, period: str, kind: str, delivery: str) -> None:
        with self._begin(async_commit=True) as c:
            c.execute(
                update(budget_alerts)
                .where(_A.period == period, _A.kind == kind)
                .values(delivery=delivery[:500])
            )

    def spend(self, period: str) -> PeriodSpend:
        with self._begin() as c:
            state = self._state(c, period)
            held = c.execute(
                select(func.count())
                .select_from(budget_reservations)
                .where(_R.period == period, _R.state == "held")
            ).scalar_one()
        base = state or PeriodSpend(period)
        return PeriodSpend(
            period, base.settled, base.reserved, base.requests, base.lane, base.lane_hard, held
        )

    def alerts(self, period: str | None = None) -> list[Alert]:
        query = select(_A.period, _A.kind, _A.created_at, _A.detail, _A.delivery).order_by(_A.id)
        if period is not None:
            query = query.where(_A.period == period)
        with self._begin() as c:
            return [Alert(r[0], r[1], r[2], dict(r[3] or {}), r[4]) for r in c.execute(query)]
