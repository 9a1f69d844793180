"""Budget stores for tests: a ledger on SQLite, on a PostgreSQL schema of its own, or on Redis."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from ticketpilot.store import create_engine_for, migrate

POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
REDIS_URL = "redis://127.0.0.1:6379/15"


def postgres_up() -> bool:
    try:
        engine = create_engine(POSTGRES_URL, connect_args={"connect_timeout": 3})
        with engine.connect():
            pass
        engine.dispose()
    except OperationalError:
        return False
    return True


def redis_up() -> bool:
    try:
        client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
        client.ping()
        client.close()
    except redis.RedisError:
        return False
    return True


@contextmanager
def postgres_schema() -> Iterator[str]:
    """A database URL whose search path is a new schema, dropped afterwards."""
    if not postgres_up():
        pytest.skip("PostgreSQL is not reachable on 127.0.0.1:5432")
    schema = f"tp_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        yield f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def migrated(url: str) -> None:
    engine = create_engine_for(url)
    migrate(engine)
    engine.dispose()


def sqlite_url(folder: Path) -> str:
    return f"sqlite:///{folder / 'budget.db'}"


@contextmanager
def redis_prefix() -> Iterator[str]:
    """A key prefix of its own on the test Redis database, its keys deleted afterwards."""
    if not redis_up():
        pytest.skip("Redis is not reachable on 127.0.0.1:6379")
    prefix = f"tp-test-{uuid.uuid4().hex[:10]}:"
    try:
        yield prefix
    finally:
        client = redis.Redis.from_url(REDIS_URL)
        keys = list(client.scan_iter(f"{prefix}*"))
        if keys:
            client.delete(*keys)
        client.close()
