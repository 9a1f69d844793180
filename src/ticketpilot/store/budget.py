"""The budget ledger in the database (SQLite or PostgreSQL): ``cost.ledger.Ledger`` in SQL.

Each operation is one short transaction. A reservation is one conditional ``UPDATE`` of the
period's row - PostgreSQL locks that row and re-checks the condition against the newest version
when another transaction got there first; SQLite holds its database write lock - so concurrent
reservations are serialised and their sum cannot pass the ceiling. Settling locks the
reservation's row first, then the period's, the same order the expiry sweep uses (which skips
rows another transaction holds), so the two cannot deadlock. On PostgreSQL a reservation and a
settle are each one statement in one round trip (``store.budget_statements``), on a pool of
the ledger's own that does not ping the server before each checkout (the workspace engine's
``pool_pre_ping`` would double the round trips): a pooled connection found dead (the server
restarted) is retried once on a fresh one, and a server that is down is ``LedgerUnavailable``.
A retried reservation whose first try did commit before the connection broke leaves a hold no
call settles; the sweep charges it in full (over, never under).

What waits for the disk: a reservation, and a settle that raises the charge (a call that cost
more than it held), commit durably - PostgreSQL's ``synchronous_commit`` on, SQLite's
``synchronous = FULL`` for that transaction (the workspace runs ``NORMAL``, which survives a
crash of the process but not of the machine). Everything else - a settle that lowers the
charge, the sweep, lanes, alerts - need not: should the machine or the server crash before the
log reaches the disk, a lost settle leaves its durable reservation held, and the sweep charges
it in full; the ledger can overcount then, never undercount. Both logs are written in order,
so the next durable commit makes every earlier one durable with it.
"""

from __future__ import annotations

import sqlite3
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import Connection, Engine, Executable, create_engine, func, select, text, update
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
from ticketpilot.store.budget_statements import (
    HOLD,
    PG_RESERVE,
    PG_SETTLE,
    SETTLE_ONE,
    SETTLE_PERIOD,
    TAKE,
)
from ticketpilot.store.engine import once_more_if_dropped
from ticketpilot.store.tables import budget_alerts, budget_periods, budget_reservations

_P, _A = budget_periods.c, budget_alerts.c
_R = budget_reservations.c
_ASYNC_COMMIT = text("SET LOCAL synchronous_commit = off")
_SQLITE_FULL = 2  # PRAGMA synchronous: 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA
Commit = Literal["durable", "lazy", "plain"]


class SqlLedger:
    """The ledger in the workspace database (``engine``: SQLite or PostgreSQL)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._postgres = engine.dialect.name == "postgresql"
        self._insert = (postgresql if self._postgres else sqlite).insert
        self._hot: Engine | None = None  # PostgreSQL's hot path, opened on first use
        self._closing: weakref.finalize[..., SqlLedger] | None = None

    def close(self) -> None:
        """Close the hot path's own pool (also done when the ledger is collected); the
        workspace engine is its owner's to close."""
        if self._closing is not None:
            self._closing()
        self._hot = self._closing = None

    def hot_engine(self) -> Engine:
        """PostgreSQL's hot path: one statement per call, its own transaction (autocommit: no
        BEGIN/COMMIT), on a pool without the pre-ping (one round trip per call, not two)."""
        if self._hot is None:
            self._hot = create_engine(
                self.engine.url, isolation_level="AUTOCOMMIT", pool_pre_ping=False
            )
            self._closing = weakref.finalize(self, self._hot.dispose)
        return self._hot

    @contextmanager
    def _begin(self, commit: Commit = "plain") -> Iterator[Connection]:
        """A transaction whose commit is ``durable`` (waits for the disk), ``lazy`` (need not:
        PostgreSQL acknowledges it before the flush) or ``plain`` (the store's own setting)."""
        try:
            if commit == "durable" and not self._postgres:
                with self._sqlite_durable() as connection:
                    yield connection
                return
            with self.engine.begin() as connection:
                if commit == "lazy" and self._postgres:
                    connection.execute(_ASYNC_COMMIT)
                yield connection
        except (OperationalError, InterfaceError, PoolTimeout, sqlite3.OperationalError) as error:
            raise LedgerUnavailable(f"budget store {self._where()} unreachable: {error}") from error

    @contextmanager
    def _sqlite_durable(self) -> Iterator[Connection]:
        """A SQLite transaction committed with ``synchronous = FULL`` (the WAL synced to disk),
        the connection's own level (the workspace's ``NORMAL``) restored after it. The PRAGMAs
        go straight to the driver: through SQLAlchemy each would cost more than SQLite's work."""
        with self.engine.connect() as connection:
            driver = connection.connection.driver_connection
            assert driver is not None
            info = connection.connection.info
            if "synchronous" not in info:
                info["synchronous"] = int(driver.execute("PRAGMA synchronous").fetchone()[0])
            level: int = info["synchronous"]
            if level < _SQLITE_FULL:
                driver.execute(f"PRAGMA synchronous = {_SQLITE_FULL}")
            try:
                with connection.begin():
                    yield connection
            finally:
                if level < _SQLITE_FULL and not connection.invalidated:
                    driver.execute(f"PRAGMA synchronous = {level}")

    def _statement(
        self, statement: Executable, params: dict[str, object]
    ) -> tuple[Any, ...] | None:
        """PostgreSQL: run ``statement`` as its own transaction (one round trip); its first row.
        A pooled connection found dead is retried once on a fresh one (the module docstring)."""

        def run() -> tuple[Any, ...] | None:
            with self.hot_engine().connect() as connection:
                result = connection.execute(statement, params)
                row = result.first() if result.returns_rows else None
                return None if row is None else tuple(row)

        try:
            return once_more_if_dropped(run)
        except (OperationalError, InterfaceError, PoolTimeout) as error:
            raise LedgerUnavailable(f"budget store {self._where()} unreachable: {error}") from error

    def _where(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    def reserve(self, hold: Hold) -> Reservation | Refusal:
        params = {
            "b_period": hold.period,
            "b_model": hold.model[:128],
            "b_lane": hold.lane,
            "b_hard": hold.hard,
            "b_amount": hold.amount,
            "b_ceiling": hold.ceiling,
            "b_at": hold.at,
            "b_expires": hold.expires_at,
        }
        if self._postgres:  # one round trip; when it does not fit, find out why below
            got = self._statement(PG_RESERVE, params)
            if got is not None:
                return Reservation(int(got[0]), hold.period, hold.amount, hold.model, int(got[1]))
        with self._begin("durable") as c:
            row = self._take(c, params)
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
                    row = self._take(c, params)
                if row is None:
                    state = self._state(c, hold.period)
                    assert state is not None
                    lane = state.lane if state.lane_hard >= hold.hard else 0
                    return Refusal(hold.period, state.committed, lane)
            reservation_id = c.execute(HOLD, params).scalar_one()
        return Reservation(int(reservation_id), hold.period, hold.amount, hold.model, row)

    def _take(self, c: Connection, params: dict[str, object]) -> int | None:
        """Hold the amount if it fits; the committed spend after it, or None."""
        row = c.execute(TAKE, params).first()
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
        # lowering the charge may be lost in a crash (the reservation stays charged: over, not
        # under), so it need not wait for the disk; raising it (an over-reservation) must
        durable = actual > reservation.amount
        if self._postgres:  # one round trip
            params = {
                "b_id": reservation.id,
                "b_amount": reservation.amount,
                "b_actual": actual,
                "b_at": at,
                "b_sync": "on" if durable else "off",
            }
            self._statement(PG_SETTLE, params)
            return
        with self._begin("durable" if durable else "lazy") as c:
            for state, delta_reserved in (("held", -reservation.amount), ("expired", 0)):
                done = c.execute(
                    SETTLE_ONE,
                    {"b_id": reservation.id, "b_state": state, "b_actual": actual, "b_at": at},
                ).rowcount
                if done:
                    charged = 0 if state == "held" else reservation.amount
                    c.execute(
                        SETTLE_PERIOD,
                        {
                            "b_period": reservation.period,
                            "b_reserved": delta_reserved,
                            "b_settled": actual - charged,
                            "b_at": at,
                        },
                    )
                    return

    def exhaust(self, period: str, hard: int) -> None:
        with self._begin("lazy") as c:
            c.execute(
                update(budget_periods).where(_P.period == period).values(lane=2, lane_hard=hard)
            )

    def expire(self, period: str, now: datetime) -> int:
        with self._begin("lazy") as c:
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
        with self._begin("lazy") as c:
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
        with self._begin("lazy") as c:
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
