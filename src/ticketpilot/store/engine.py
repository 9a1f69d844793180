"""Database engines: SQLite (WAL) inside the workspace by default, PostgreSQL by URL.

The URL comes from ``TICKETPILOT_DATABASE_URL``, else the charter's ``[storage] database_url``,
else ``sqlite:///<workspace>/ticketpilot.db``. :func:`migrate` brings any of them to the newest
schema with Alembic, so a fresh database and an old one end in the same place.

A SQLite file holds the tickets as imported, personal data included, so it is created 0600
(and an existing one is narrowed to its owner); SQLite gives its ``-wal`` and ``-shm`` files
the database file's mode.

A PostgreSQL connection is pinged (``SELECT 1``) when it leaves the pool only if it sat there
for :data:`IDLE_PING_S` or longer: a connection back in the pool a moment ago was working a
moment ago, and under load, where every round trip waits for a database process to be
scheduled, the ping was one of an event's three round trips. A connection that died while idle
(a database restart, a firewall's idle timeout) is still found before it is used; one that died
within the last second fails its statement, and SQLAlchemy then discards every connection of
the pool older than that failure, so a restart costs at most the requests already under way
then, plus one per worker.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.exc import DBAPIError, DisconnectionError, OperationalError, SQLAlchemyError
from sqlalchemy.pool import ConnectionPoolEntry, PoolProxiedConnection

from ticketpilot.errors import StorageError
from ticketpilot.workspace import PRIVATE_FILE, make_private

URL_ENV_VAR = "TICKETPILOT_DATABASE_URL"
_T = TypeVar("_T")
IDLE_PING_S = 1.0
"""A pooled PostgreSQL connection idle at least this long is pinged before it is used."""
_CHECKED_IN = "ticketpilot_checked_in"


def database_url_for(
    sqlite_path: Path, charter_url: str | None, environ: Mapping[str, str] | None = None
) -> str:
    """The database URL to use, by precedence: environment, charter, workspace SQLite file."""
    env = os.environ if environ is None else environ
    url = env.get(URL_ENV_VAR) or charter_url
    if url:
        if url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
        return url
    return f"sqlite:///{sqlite_path}"


def _sqlite_pragmas(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA cache_size=-65536")  # 64 MiB page cache: bulk imports touch many pages
    cursor.close()


def create_engine_for(url: str) -> Engine:
    """An engine for ``url`` with the pragmas and pool settings ticketpilot relies on."""
    if url.startswith("sqlite"):
        _private_sqlite_file(url)
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    engine = create_engine(url)
    _ping_when_idle(engine)
    return engine


def _ping_when_idle(engine: Engine) -> None:
    """Ping a connection leaving the pool after :data:`IDLE_PING_S` or more in it (see the
    module docstring); a failed ping makes the pool replace the connection."""

    def checked_in(_dbapi: Any, record: ConnectionPoolEntry) -> None:
        record.info[_CHECKED_IN] = time.monotonic()

    def checkout(dbapi: Any, record: ConnectionPoolEntry, _proxy: PoolProxiedConnection) -> None:
        since = record.info.get(_CHECKED_IN)
        if since is None or time.monotonic() - since < IDLE_PING_S:
            return  # new (just connected), or back in the pool a moment ago
        try:
            engine.dialect.do_ping(dbapi)
        except engine.dialect.loaded_dbapi.Error as error:
            raise DisconnectionError(f"a pooled connection failed its ping: {error}") from error

    event.listen(engine, "checkin", checked_in)
    event.listen(engine, "checkout", checkout)


def _private_sqlite_file(url: str) -> None:
    """Create the SQLite file of ``url`` as 0600 (or narrow an existing one) before SQLite
    opens it; in-memory databases and missing folders are left to SQLite."""
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    path = Path(database)
    if path.parent.is_dir() and not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, PRIVATE_FILE))
    make_private([path, *(path.with_name(path.name + s) for s in ("-wal", "-shm"))])


def migrate(engine: Engine) -> None:
    """Upgrade the database to the newest schema (idempotent)."""
    config = Config()
    config.set_main_option(
        "script_location", str(resources.files("ticketpilot.store").joinpath("migrations"))
    )
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    except OperationalError as exc:
        raise StorageError(f"cannot migrate {engine.url.render_as_string()}: {exc.orig}") from exc


def ping(engine: Engine) -> str | None:
    """``None`` when the database answers a ``SELECT 1``, else why not (for readiness probes)."""
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("SELECT 1")
    except SQLAlchemyError as exc:
        lines = str(getattr(exc, "orig", exc)).strip().splitlines() or ["no message"]
        return f"{type(exc).__name__}: {lines[0]}"
    return None


def once_more_if_dropped(write: Callable[[], _T]) -> _T:
    """``write()``, run once more when its pooled connection turned out dead (a database
    restart within the idle ping's second: the module docstring). SQLAlchemy has by then
    dropped the pool's older connections, so the second run gets a fresh one. Only for writes
    that are safe to repeat (idempotent by key, or counted twice only upward)."""
    try:
        return write()
    except DBAPIError as error:
        if not error.connection_invalidated:
            raise
    return write()
