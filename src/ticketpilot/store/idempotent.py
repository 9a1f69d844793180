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

:func:`autocommit` is for a use case that reads, decides, then writes once: each statement is
its own transaction, so a read costs no ``BEGIN`` and ``COMMIT`` round trips on PostgreSQL and
takes no write lock on SQLite, and a write that is one statement commits by itself;
:func:`atomic` groups the statements of a write that needs more than one.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from typing import Any

from sqlalchemy import Column, Connection, Engine, Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.dml import ReturningInsert

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
    statement = _insert_or_ignore(connection.dialect.name, table, tuple(keys), tuple(returning))
    result = connection.execute(statement, list(rows))
    return [tuple(row) for row in result]


@cache
def _insert_or_ignore(
    dialect: str, table: Table, keys: tuple[str, ...], returning: tuple[Column[Any], ...]
) -> ReturningInsert[Any]:
    """The statement of :func:`insert_or_ignore`, built once per dialect, table, keys and
    columns returned: SQLAlchemy then finds its compiled form without rebuilding it."""
    statement: sqlite.Insert | postgresql.Insert
    if dialect == "sqlite":
        statement = sqlite.insert(table).on_conflict_do_nothing(index_elements=list(keys))
    elif dialect == "postgresql":
        statement = postgresql.insert(table).on_conflict_do_nothing(index_elements=list(keys))
    else:
        raise StorageError(f"the {dialect} database is not supported; use SQLite or PostgreSQL")
    return statement.returning(*returning)


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A transaction that may read before it writes, safe under concurrent writers; commits
    on success, rolls back on an exception."""
    with engine.begin() as connection:
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        yield connection


@contextmanager
def autocommit(engine: Engine) -> Iterator[Connection]:
    """A connection outside any transaction: every statement commits on its own (see the
    module docstring); :func:`atomic` makes several commit together."""
    with engine.connect() as connection:
        yield connection.execution_options(isolation_level="AUTOCOMMIT")


@contextmanager
def atomic(connection: Connection) -> Iterator[Connection]:
    """One transaction on an :func:`autocommit` connection (``BEGIN IMMEDIATE`` on SQLite, as
    :func:`write_transaction`): committed on success, rolled back on an exception."""
    connection.exec_driver_sql(
        "BEGIN IMMEDIATE" if connection.dialect.name == "sqlite" else "BEGIN"
    )
    try:
        yield connection
    except BaseException:
        connection.exec_driver_sql("ROLLBACK")
        raise
    connection.exec_driver_sql("COMMIT")
