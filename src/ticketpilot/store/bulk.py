"""Bulk paths for the ticket repository: the driver's own fast way to move many rows.

SQLAlchemy Core binds every row as a dict through per-column processors; at import scale that
costs more than the database. This module talks to the DBAPI connection underneath the caller's
:class:`~sqlalchemy.Connection` instead, so everything stays in the caller's transaction:

* PostgreSQL (psycopg 3): binary ``COPY ... FROM STDIN`` for new rows (the column types come
  from :mod:`.tables`), ``= ANY(array)`` for lookups, ``executemany`` to replace changed rows;
* SQLite (pysqlite): ``executemany`` with prepared tuples, datetimes bound as the same text
  SQLAlchemy's ``DateTime`` writes, so Core reads them back unchanged.

The rows come as a :class:`RowBatch`, built by :func:`row_batch` wherever the tickets were read:
an import may read in a second process and send the rows over (see
:mod:`ticketpilot.tickets.importing.reader_process`).

:func:`bulk_writer_for` returns ``None`` for any other driver; the caller then uses Core. Driver
errors are raised as SQLAlchemy's (``IntegrityError``, ``OperationalError``...), as Core would.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar, Protocol

from sqlalchemy import (
    BigInteger,
    Boolean,
    Connection,
    DateTime,
    Enum,
    Float,
    Integer,
    String,
    Table,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.types import TypeEngine

from ticketpilot.store.tables import messages, tickets
from ticketpilot.tickets.model import TICKET_SCALARS, Role, Ticket

TICKET_COLUMNS = ("id", *TICKET_SCALARS, "tags", "content_hash", "import_id", "source")
MESSAGE_COLUMNS = ("ticket_id", "seq", "role", "public", "created_at", "author_ref", "body")
_LOOKUP_CHUNK = 500  # ids per SQLite ``IN (...)``: well under every build's variable limit
_ROLE_TEXT = {role: role.value for role in Role}

Row = tuple[Any, ...]
Stamp = Callable[[datetime | None], Any]


@dataclass(slots=True)
class RowBatch:
    """A batch of tickets turned into driver rows, ready for a :class:`BulkWriter`.

    Built where the batch was read (:func:`row_batch`), which may be another process: the rows
    are plain tuples of text, numbers and datetimes, cheap to send, and the datetimes are
    already in the form the driver binds (:func:`bulk_stamp`).
    """

    digests: dict[str, str]
    """``id -> content_hash`` of each ticket, in batch order (the ids are unique)."""
    tickets: list[Row]
    """One row per ticket, in :data:`TICKET_COLUMNS` order (``source`` last)."""
    messages: list[Row]
    """Every ticket's thread, in :data:`MESSAGE_COLUMNS` order."""
    source: str | None = None
    """The source every ticket of the batch is stored under."""


def row_batch(
    batch: Sequence[Ticket],
    digests: Mapping[str, str],
    import_id: int | None,
    stamp: Stamp,
    source: str | None = None,
) -> RowBatch:
    """``batch`` as driver rows; ``digests`` must hold every ticket's content hash."""
    rows = RowBatch({}, [], [], source)
    add_ticket, add_message = rows.tickets.append, rows.messages.append
    for t in batch:
        digest = rows.digests[t.id] = digests[t.id]
        created = t.created_at
        created_stamp = stamp(created)
        add_ticket(
            (
                t.id,
                t.subject,
                t.body,
                t.channel,
                t.category,
                t.priority,
                t.language,
                t.customer_ref,
                created_stamp,
                stamp(t.first_response_at),
                stamp(t.resolved_at),
                t.status,
                t.csat,
                t.brand,
                t.queue,
                t.product,
                json.dumps(list(t.tags)) if t.tags else "[]",
                digest,
                import_id,
                source,
            )
        )
        for seq, m in enumerate(t.messages):
            # a message stamped with its ticket's own time (most first messages) reuses it
            when = created_stamp if m.created_at is created else stamp(m.created_at)
            add_message((t.id, seq, _ROLE_TEXT[m.role], m.public, when, m.author_ref, m.body))
    return rows


class BulkWriter(Protocol):
    """Finds stored tickets and writes rows, on the caller's connection and transaction."""

    def stored(self, ids: Sequence[str]) -> dict[str, tuple[str, str | None]]:
        """``id -> (content_hash, source)`` of those ``ids`` already stored."""
        ...

    def insert_tickets(self, rows: Iterable[Row]) -> None:
        """Insert ticket rows (their ids must not be stored yet)."""
        ...

    def insert_messages(self, rows: Iterable[Row]) -> None:
        """Insert message rows (none of their tickets' messages may be stored yet)."""
        ...

    def replace_tickets(self, rows: Sequence[Row]) -> None:
        """Overwrite stored tickets with these rows and delete their messages."""
        ...


def bulk_stamp(dialect: Dialect) -> Stamp | None:
    """How the bulk writer of this dialect's driver binds a datetime; ``None``: no bulk path."""
    return _STAMPS.get((dialect.name, dialect.driver))


def bulk_writer_for(connection: Connection) -> BulkWriter | None:
    """The bulk writer for this connection's driver, or ``None`` to use SQLAlchemy Core."""
    dialect = connection.dialect
    dbapi_connection = connection.connection.driver_connection
    if (dialect.name, dialect.driver) == ("postgresql", "psycopg"):
        return PostgresBulkWriter(dbapi_connection, dialect)
    if (dialect.name, dialect.driver) == ("sqlite", "pysqlite"):
        return SqliteBulkWriter(dbapi_connection, dialect)
    return None


@contextmanager
def _sqlalchemy_errors(dialect: Dialect, statement: str) -> Iterator[None]:
    """Re-raise a driver error as the SQLAlchemy exception Core would have raised."""
    dbapi_error: type[Exception] = dialect.loaded_dbapi.Error
    try:
        yield
    except dbapi_error as exc:
        raise DBAPIError.instance(statement, None, exc, dbapi_error, dialect=dialect) from exc


def _update_statement(mark: str) -> str:
    assignments = ", ".join(f"{name} = {mark}" for name in TICKET_COLUMNS[1:])
    return f"UPDATE tickets SET {assignments} WHERE id = {mark}"


def _insert_statement(table: str, columns: Sequence[str], mark: str) -> str:
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join([mark] * len(columns))})"


def _id_last(rows: Sequence[Row]) -> list[Row]:
    return [(*row[1:], row[0]) for row in rows]


def _sqlite_stamp(moment: datetime | None) -> str | None:
    # the text SQLAlchemy's SQLite DateTime stores: "YYYY-MM-DD HH:MM:SS.ffffff"
    return None if moment is None else moment.isoformat(" ", "microseconds")


def _same(moment: datetime | None) -> datetime | None:
    return moment


class SqliteBulkWriter:
    """``executemany`` on the pysqlite connection, inside the transaction SQLAlchemy opened."""

    def __init__(self, dbapi_connection: Any, dialect: Dialect) -> None:
        self.dbapi = dbapi_connection
        self.dialect = dialect

    def stored(self, ids: Sequence[str]) -> dict[str, tuple[str, str | None]]:
        found: dict[str, tuple[str, str | None]] = {}
        cursor = self.dbapi.cursor()
        try:
            for start in range(0, len(ids), _LOOKUP_CHUNK):
                chunk = ids[start : start + _LOOKUP_CHUNK]
                marks = ",".join("?" * len(chunk))
                query = f"SELECT id, content_hash, source FROM tickets WHERE id IN ({marks})"
                with _sqlalchemy_errors(self.dialect, query):
                    cursor.execute(query, chunk)
                    found.update((key, (digest, src)) for key, digest, src in cursor.fetchall())
        finally:
            cursor.close()
        return found

    def insert_tickets(self, rows: Iterable[Row]) -> None:
        self._run_many(_insert_statement("tickets", TICKET_COLUMNS, "?"), rows)

    def insert_messages(self, rows: Iterable[Row]) -> None:
        self._run_many(_insert_statement("messages", MESSAGE_COLUMNS, "?"), rows)

    def replace_tickets(self, rows: Sequence[Row]) -> None:
        self._run_many(_update_statement("?"), _id_last(rows))
        ids = [row[0] for row in rows]
        for start in range(0, len(ids), _LOOKUP_CHUNK):
            chunk = ids[start : start + _LOOKUP_CHUNK]
            marks = ",".join("?" * len(chunk))
            self._run_many(f"DELETE FROM messages WHERE ticket_id IN ({marks})", [tuple(chunk)])

    def _run_many(self, statement: str, rows: Iterable[Row]) -> None:
        cursor = self.dbapi.cursor()
        try:
            with _sqlalchemy_errors(self.dialect, statement):
                cursor.executemany(statement, rows)
        finally:
            cursor.close()


def _postgres_binary_type(sql_type: TypeEngine[Any]) -> str | None:
    """The PostgreSQL type name binary COPY must be told for a column, ``None`` if unsure."""
    if isinstance(sql_type, Boolean):
        return "bool"
    if isinstance(sql_type, BigInteger):
        return "int8"
    if isinstance(sql_type, Integer):
        return "int4"
    if isinstance(sql_type, Float):
        return "float8"
    if isinstance(sql_type, DateTime):
        return "timestamptz" if sql_type.timezone else "timestamp"
    if isinstance(sql_type, String) and not isinstance(sql_type, Enum):
        return "text"
    return None


def _binary_types(table: Table, columns: Sequence[str]) -> list[str] | None:
    names = [_postgres_binary_type(table.c[name].type) for name in columns]
    return None if None in names else [name for name in names if name]


class PostgresBulkWriter:
    """``COPY ... FROM STDIN`` on the psycopg 3 connection, inside SQLAlchemy's transaction.

    Binary COPY spares psycopg formatting every value as text (it took the client's CPU time
    for a batch to about a third); a column whose type has no known binary name (an ``Enum``,
    say) makes that table use text COPY.
    """

    _types: ClassVar[dict[str, list[str] | None]] = {
        "tickets": _binary_types(tickets, TICKET_COLUMNS),
        "messages": _binary_types(messages, MESSAGE_COLUMNS),
    }

    def __init__(self, dbapi_connection: Any, dialect: Dialect) -> None:
        self.dbapi = dbapi_connection
        self.dialect = dialect

    def stored(self, ids: Sequence[str]) -> dict[str, tuple[str, str | None]]:
        query = "SELECT id, content_hash, source FROM tickets WHERE id = ANY(%s)"
        with self.dbapi.cursor() as cursor, _sqlalchemy_errors(self.dialect, query):
            cursor.execute(query, (list(ids),))
            return {key: (digest, src) for key, digest, src in cursor.fetchall()}

    def insert_tickets(self, rows: Iterable[Row]) -> None:
        self._copy("tickets", TICKET_COLUMNS, rows)

    def insert_messages(self, rows: Iterable[Row]) -> None:
        self._copy("messages", MESSAGE_COLUMNS, rows)

    def replace_tickets(self, rows: Sequence[Row]) -> None:
        statement = _update_statement("%s")
        with self.dbapi.cursor() as cursor, _sqlalchemy_errors(self.dialect, statement):
            cursor.executemany(statement, _id_last(rows))
        statement = "DELETE FROM messages WHERE ticket_id = ANY(%s)"
        with self.dbapi.cursor() as cursor, _sqlalchemy_errors(self.dialect, statement):
            cursor.execute(statement, ([row[0] for row in rows],))

    def _copy(self, table: str, columns: Sequence[str], rows: Iterable[Row]) -> None:
        types = self._types[table]
        binary = " (FORMAT BINARY)" if types else ""
        statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN{binary}"
        with (
            _sqlalchemy_errors(self.dialect, statement),
            self.dbapi.cursor() as cursor,
            cursor.copy(statement) as copy,
        ):
            if types:
                copy.set_types(types)
            for row in rows:
                copy.write_row(row)


_STAMPS: dict[tuple[str, str], Stamp] = {
    ("sqlite", "pysqlite"): _sqlite_stamp,
    ("postgresql", "psycopg"): _same,
}
