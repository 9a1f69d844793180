"""API tokens (by hash, never the token) and the service's named secrets."""

from __future__ import annotations

from datetime import datetime
from typing import cast

from sqlalchemy import Engine, RowMapping, insert, select, update
from sqlalchemy.exc import IntegrityError

from ticketpilot.access.model import TokenRecord
from ticketpilot.access.roles import Role
from ticketpilot.store.tables import api_tokens, service_secrets


def _record(row: RowMapping) -> TokenRecord:
    return TokenRecord(
        id=int(row["id"]),
        name=str(row["name"]),
        role=cast(Role, row["role"]),
        prefix=str(row["prefix"]),
        created_at=row["created_at"],
        last_used_at=row["last_used_at"],
        revoked_at=row["revoked_at"],
    )


class TokenRepository:
    """The ``api_tokens`` table."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def add(self, *, name: str, role: Role, digest: str, prefix: str, now: datetime) -> TokenRecord:
        values = {"name": name, "role": role, "token_hash": digest, "prefix": prefix,
                  "created_at": now}  # fmt: skip
        with self.engine.begin() as connection:
            result = connection.execute(insert(api_tokens).values(**values))
            token_id = int(result.inserted_primary_key[0])  # type: ignore[index]
        return TokenRecord(token_id, name, role, prefix, now)

    def all(self, *, include_revoked: bool = False) -> list[TokenRecord]:
        query = select(api_tokens).order_by(api_tokens.c.id)
        if not include_revoked:
            query = query.where(api_tokens.c.revoked_at.is_(None))
        with self.engine.connect() as connection:
            return [_record(row._mapping) for row in connection.execute(query)]

    def by_hash(self, digest: str) -> tuple[TokenRecord, str] | None:
        """The active token with this hash, and the stored hash (for a constant-time check)."""
        query = select(api_tokens).where(
            api_tokens.c.token_hash == digest, api_tokens.c.revoked_at.is_(None)
        )
        with self.engine.connect() as connection:
            row = connection.execute(query).first()
        return None if row is None else (_record(row._mapping), str(row.token_hash))

    def by_id(self, token_id: int) -> TokenRecord | None:
        with self.engine.connect() as connection:
            row = connection.execute(select(api_tokens).where(api_tokens.c.id == token_id)).first()
        return None if row is None else _record(row._mapping)

    def active_named(self, name: str) -> list[TokenRecord]:
        query = select(api_tokens).where(
            api_tokens.c.name == name, api_tokens.c.revoked_at.is_(None)
        )
        with self.engine.connect() as connection:
            return [_record(row._mapping) for row in connection.execute(query)]

    def revoke(self, token_id: int, now: datetime) -> bool:
        """Revoke one active token; ``False`` when it was already revoked or never existed."""
        with self.engine.begin() as connection:
            result = connection.execute(
                update(api_tokens)
                .where(api_tokens.c.id == token_id, api_tokens.c.revoked_at.is_(None))
                .values(revoked_at=now)
            )
        return bool(result.rowcount)

    def touch(self, token_id: int, now: datetime) -> None:
        """Record that the token was just used."""
        with self.engine.begin() as connection:
            connection.execute(
                update(api_tokens).where(api_tokens.c.id == token_id).values(last_used_at=now)
            )


def secret_value(engine: Engine, name: str, fresh: str, now: datetime) -> str:
    """The secret stored under ``name``; ``fresh`` is stored first when there is none.

    Concurrent first calls (several workers starting at once) agree: the insert that loses the
    race fails on the primary key, and everyone reads the one value that won.
    """
    query = select(service_secrets.c.value).where(service_secrets.c.name == name)
    with engine.connect() as connection:
        value = connection.execute(query).scalar_one_or_none()
    if value is not None:
        return str(value)
    try:
        with engine.begin() as connection:
            connection.execute(
                insert(service_secrets).values(name=name, value=fresh, created_at=now)
            )
    except IntegrityError:
        pass
    with engine.connect() as connection:
        return str(connection.execute(query).scalar_one())
