"""Insert-or-ignore on SQLite and PostgreSQL: the one write that makes a retry harmless.

``INSERT ... ON CONFLICT (keys) DO NOTHING RETURNING ...`` on both databases: a row whose key
is already stored (by an earlier call, or by another worker a moment ago) is skipped by the
database itself, atomically, so two workers racing with the same key store it once. The rows
that were new come back, so the caller knows which of its rows it stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Column, Connection, Table
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
