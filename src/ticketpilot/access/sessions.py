"""The pages' session cookie and CSRF tokens: HMAC-SHA256 under the service's secret.

A session names the token it was opened with, a random nonce and when it was opened:
``{token_id}.{nonce}.{opened}.{signature}``. Nothing secret is inside; the signature makes it
unforgeable, and the token is looked up on every request, so revoking the token ends its
sessions at once. The cookie is HttpOnly and SameSite=Strict (set by the adapter).

Every state-changing form or htmx request made with the cookie must carry the CSRF token
``HMAC(secret, "csrf:" + nonce)`` (a signed double-submit token bound to the session): a page of
another origin can make the browser send the cookie, but cannot read the token. The login form,
before any session exists, is bound the same way to a nonce in a short-lived cookie of its own.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass

_NONCE_BYTES = 16


@dataclass(frozen=True, slots=True)
class Session:
    """An open page session: the token it acts for, its nonce, and when it was opened (epoch s)."""

    token_id: int
    nonce: str
    opened: int


def new_nonce() -> str:
    """A random nonce for a session or a login form."""
    return secrets.token_urlsafe(_NONCE_BYTES)


def _sign(secret: bytes, message: str) -> str:
    digest = hmac.new(secret, message.encode("utf-8"), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def seal(session: Session, secret: bytes) -> str:
    """The cookie value of ``session``."""
    payload = f"{session.token_id}.{session.nonce}.{session.opened}"
    return f"{payload}.{_sign(secret, 'session:' + payload)}"


def unseal(value: str, secret: bytes, *, now: int, max_age: int) -> Session | None:
    """The session in a cookie value, or ``None`` when forged, malformed or older than
    ``max_age`` seconds."""
    parts = value.split(".")
    if len(parts) != 4:
        return None
    token_id, nonce, opened, signature = parts
    expected = _sign(secret, f"session:{token_id}.{nonce}.{opened}")
    if not hmac.compare_digest(expected.encode("ascii"), signature.encode("ascii", "replace")):
        return None
    if not (token_id.isdigit() and opened.isdigit()):
        return None
    if not 0 <= now - int(opened) <= max_age:
        return None
    return Session(int(token_id), nonce, int(opened))


def csrf_token(secret: bytes, nonce: str) -> str:
    """The CSRF token that goes with a session's (or a login form's) nonce."""
    return _sign(secret, "csrf:" + nonce)


def csrf_matches(secret: bytes, nonce: str, presented: str | None) -> bool:
    """Whether ``presented`` is the CSRF token of ``nonce``, in constant time."""
    if not presented:
        return False
    expected = csrf_token(secret, nonce).encode("ascii")
    return hmac.compare_digest(expected, presented.encode("ascii", "replace"))
