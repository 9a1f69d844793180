"""Idempotent writes on SQLite and PostgreSQL: insert-or-ignore, in write transactions.

``INSERT ... ON CONFLICT (keys) DO NOTHING RETURNING ...`` on both databases: a row whose key
is already stored (by an earlier call, or by another worker a moment ago) is skipped by the
database itself, atomically, so two workers racing with the same key store it once. The rows
that were new come back, so the caller knows which of its rows it stored.

:func:`write_transaction` opens a transaction that reads, then writes. On SQLite it starts
with ``BEGIN IMMEDIATE``: a deferred transaction that read first cannot wait for the write
lock when another connection wrote since its read (SQLite answers "database is locked" at
once rather than risk a deadlock), while an immediate one queues for the lock
(``busy_timeout``) before it reads anything.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Column, Connection, Engine, Table
from sqlalchemy.dialects import postgresql, sqlite

from ticketpilot.errors import StorageError


def insert_or_ignore(
    connection: Connection,
    table: Table,
    rows: Sequence[dict[str, Any]],
    *,
    keys: Sequence[str],
    returning: Sequence[Column[Any]],
) -> list[tuple[Any, ...]]:
    """Insert ``rows`` into ``table`` skipping those whose ``keys`` are already stored; returns
    ``returning`` of the rows inserted (order not guaranteed). Runs in the caller's transaction."""
    if not rows:
        return []
    statement: sqlite.Insert | postgresql.Insert
    if connection.dialect.name == "sqlite":
        statement = sqlite.insert(table).on_conflict_do_nothing(index_elements=list(keys))
    elif connection.dialect.name == "postgresql":
        statement = postgresql.insert(table).on_conflict_do_nothing(index_elements=list(keys))
    else:
        raise StorageError(
            f"the {connection.dialect.name} database is not supported; use SQLite or PostgreSQL"
        )
    result = connection.execute(statement.returning(*returning), list(rows))
    return [tuple(row) for row in result]


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A transaction that may read before it writes, safe under concurrent writers; commits
    on success, rolls back on an exception."""
    with engine.begin() as connection:
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        yield connection
