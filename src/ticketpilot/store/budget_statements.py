"""The budget ledger's hot-path statements, built once with bound parameters.

Building a Core statement costs more than SQLite takes to run it (bench/budget_bench.py), so
``store.budget`` executes these prebuilt ones. Parameters are named ``b_*``.

On PostgreSQL a reservation and a settle are each one statement, run in autocommit: one round
trip, one transaction. A data-modifying ``WITH`` runs its parts with one snapshot and commits
them together, so the reservation is exactly as atomic as the two-statement transaction SQLite
runs: :data:`PG_RESERVE` inserts the reservation only when the conditional ``UPDATE`` of the
period's row (which locks it, and re-checks its condition against the newest version when
another transaction got there first) holds the amount. :data:`PG_SETTLE` locks the
reservation's row (``FOR UPDATE``: a concurrent sweep's ``expired`` is seen once it commits),
marks it settled and moves the period's figures by what the row was - held or already charged
in full by the sweep - in the same order of locks as the sweep. It sets ``synchronous_commit``
for its own transaction from ``b_sync`` (``set_config(..., true)``): ``off`` when the settle
lowers the charge, so it need not wait for the write-ahead log to reach the disk
(``store.budget`` says why that is safe).
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    DateTime,
    Select,
    SmallInteger,
    String,
    Update,
    bindparam,
    case,
    func,
    insert,
    literal,
    or_,
    select,
    true,
    update,
)

from ticketpilot.store.tables import budget_periods, budget_reservations

_P, _R = budget_periods.c, budget_reservations.c
_AMOUNT = bindparam("b_amount", type_=BigInteger)
_ACTUAL = bindparam("b_actual", type_=BigInteger)
_PERIOD = bindparam("b_period", type_=String)
_LANE = bindparam("b_lane", type_=SmallInteger)
_AT = bindparam("b_at", type_=DateTime)

TAKE = (
    update(budget_periods)
    .where(
        _P.period == _PERIOD,
        or_(_P.lane <= _LANE, _P.lane_hard < bindparam("b_hard")),
        _P.settled + _P.reserved + _AMOUNT <= bindparam("b_ceiling"),
    )
    .values(
        reserved=_P.reserved + _AMOUNT,
        requests=_P.requests + 1,
        lane=_LANE,
        lane_hard=bindparam("b_hard"),
        updated_at=_AT,
    )
    .returning((_P.settled + _P.reserved).label("committed"))
)
"""Hold ``b_amount`` if the lane is open and it fits under ``b_ceiling``: the committed spend."""

HOLD = (
    insert(budget_reservations)
    .values(
        period=_PERIOD,
        model=bindparam("b_model"),
        lane=_LANE,
        amount=_AMOUNT,
        state="held",
        created_at=_AT,
        expires_at=bindparam("b_expires"),
    )
    .returning(_R.id)
)
"""The reservation's row: its id."""

SETTLE_ONE = (
    update(budget_reservations)
    .where(_R.id == bindparam("b_id"), _R.state == bindparam("b_state"))
    .values(state="settled", actual=_ACTUAL, settled_at=_AT)
)
SETTLE_PERIOD = (
    update(budget_periods)
    .where(_P.period == _PERIOD)
    .values(
        reserved=_P.reserved + bindparam("b_reserved"),
        settled=_P.settled + bindparam("b_settled"),
        updated_at=_AT,
    )
)


def _pg_reserve() -> Select[int, int]:
    taken = TAKE.cte("taken")
    held = (
        insert(budget_reservations)
        .from_select(
            ["period", "model", "lane", "amount", "state", "created_at", "expires_at"],
            select(
                _PERIOD,
                bindparam("b_model", type_=String),
                _LANE,
                _AMOUNT,
                literal("held"),
                _AT,
                bindparam("b_expires", type_=DateTime),
            ).select_from(taken),
        )
        .returning(_R.id)
        .cte("held")
    )
    return select(held.c.id, taken.c.committed).join_from(held, taken, true())


def _pg_settle() -> Update:
    old = (
        select(
            _R.id,
            _R.state,
            func.set_config("synchronous_commit", bindparam("b_sync"), true()).label("sync"),
        )
        .where(_R.id == bindparam("b_id"), or_(_R.state == "held", _R.state == "expired"))
        .with_for_update()
        .cte("old")
    )
    one = (
        update(budget_reservations)
        .where(_R.id == old.c.id)
        .values(state="settled", actual=_ACTUAL, settled_at=_AT)
        .returning(_R.period, old.c.state.label("was"))
        .cte("one")
    )
    return (
        update(budget_periods)
        .where(_P.period == one.c.period)
        .values(
            reserved=_P.reserved - case((one.c.was == "held", _AMOUNT), else_=0),
            settled=_P.settled + _ACTUAL - case((one.c.was == "expired", _AMOUNT), else_=0),
            updated_at=_AT,
        )
    )


PG_RESERVE = _pg_reserve()
"""PostgreSQL: :data:`TAKE` and :data:`HOLD` in one statement; no row when it does not fit."""

PG_SETTLE = _pg_settle()
"""PostgreSQL: settle reservation ``b_id`` (held or expired) to ``b_actual``."""
