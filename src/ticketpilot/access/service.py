"""The access use cases: tokens (create, list, revoke), authentication, the signing secret.

The CLI (``ticketpilot token``) and the HTTP service both call these; nothing here knows HTTP.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from ticketpilot.access.model import IssuedToken, Principal, TokenRecord
from ticketpilot.access.roles import parse_role
from ticketpilot.access.tokens import hash_matches, new_token, token_hash, token_prefix, well_formed
from ticketpilot.errors import AccessError, UnknownToken
from ticketpilot.runtime import Runtime
from ticketpilot.store.access import TokenRepository, secret_value

__all__ = [
    "authenticate",
    "create_token",
    "list_tokens",
    "principal_for",
    "revoke_token",
    "signing_secret",
]

_NAME_LIMIT = 128
_TOUCH_EVERY = timedelta(minutes=1)  # last_used_at is written at most this often per token
_SECRET_NAME = "session_signing"


def _checked_name(name: str) -> str:
    value = name.strip()
    if not value:
        raise AccessError("a token needs a name (who or what uses it), e.g. --name alice")
    if len(value) > _NAME_LIMIT or not value.isprintable():
        raise AccessError(
            f"token name {name!r}: at most {_NAME_LIMIT} printable characters, one line"
        )
    return value


def create_token(runtime: Runtime, *, role: str, name: str) -> IssuedToken:
    """A new token with ``role``; its secret is in the result only, never stored."""
    checked_role = parse_role(role)
    token = new_token()
    record = TokenRepository(runtime.engine).add(
        name=_checked_name(name), role=checked_role, digest=token_hash(token),
        prefix=token_prefix(token), now=runtime.clock(),
    )  # fmt: skip
    return IssuedToken(token, record)


def list_tokens(runtime: Runtime, *, include_revoked: bool = False) -> list[TokenRecord]:
    """The tokens, oldest first; revoked ones too with ``include_revoked``."""
    return TokenRepository(runtime.engine).all(include_revoked=include_revoked)


def revoke_token(runtime: Runtime, ref: str) -> TokenRecord:
    """Revoke the token with id ``ref``, or the one active token named ``ref``."""
    repo = TokenRepository(runtime.engine)
    value = ref.strip()
    if value.isdigit():
        record = repo.by_id(int(value))
        if record is None:
            raise UnknownToken(f"no token with id {value} (see `ticketpilot token list`)")
    else:
        named = repo.active_named(value)
        if not named:
            raise UnknownToken(f"no active token named {value!r} (see `ticketpilot token list`)")
        if len(named) > 1:
            ids = ", ".join(str(r.id) for r in named)
            raise AccessError(
                f"{len(named)} active tokens are named {value!r}: revoke by id ({ids})"
            )
        record = named[0]
    if not repo.revoke(record.id, runtime.clock()):
        raise AccessError(f"token {record.id} ({record.name}) was already revoked")
    revoked = repo.by_id(record.id)
    assert revoked is not None
    return revoked


def authenticate(runtime: Runtime, token: str) -> Principal | None:
    """Who ``token`` belongs to, or ``None`` for an unknown or revoked token."""
    if not well_formed(token):
        return None
    repo = TokenRepository(runtime.engine)
    found = repo.by_hash(token_hash(token))
    if found is None or not hash_matches(found[1], token):
        return None
    record = found[0]
    now = runtime.clock()
    if record.last_used_at is None or now - record.last_used_at >= _TOUCH_EVERY:
        repo.touch(record.id, now)
    return Principal(record.id, record.name, record.role)


def principal_for(runtime: Runtime, token_id: int) -> Principal | None:
    """The caller behind a page session's token, or ``None`` once that token is revoked."""
    record = TokenRepository(runtime.engine).by_id(token_id)
    if record is None or not record.active:
        return None
    return Principal(record.id, record.name, record.role)


def signing_secret(runtime: Runtime) -> bytes:
    """The key that signs session cookies and CSRF tokens: made once, shared by every worker
    and machine through the database."""
    fresh = secrets.token_hex(32)
    return bytes.fromhex(secret_value(runtime.engine, _SECRET_NAME, fresh, runtime.clock()))
