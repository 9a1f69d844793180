"""Bearer tokens: 256 random bits, shown once, stored only as their SHA-256.

A token is ``tp_`` followed by 43 URL-safe characters (32 bytes from :mod:`secrets`). With that
much entropy a plain SHA-256 is the right hash (a slow password hash protects guessable secrets;
nothing here is guessable), and looking a token up by its hash is safe. The stored hash is still
compared with :func:`hmac.compare_digest`, so a check takes the same time whatever matches.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

PREFIX = "tp_"
_BYTES = 32
SHOWN_CHARS = 10
"""How many leading characters of a token are kept in the clear, to recognise it in lists."""


def new_token() -> str:
    """A fresh random token."""
    return PREFIX + secrets.token_urlsafe(_BYTES)


def token_hash(token: str) -> str:
    """The SHA-256 hex digest of ``token``: all the store ever keeps of it."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def token_prefix(token: str) -> str:
    """The first characters of ``token``, kept to tell tokens apart in ``token list``."""
    return token[:SHOWN_CHARS]


def hash_matches(stored: str, token: str) -> bool:
    """Whether ``token`` hashes to ``stored``, in constant time."""
    return hmac.compare_digest(stored.encode("ascii"), token_hash(token).encode("ascii"))


def well_formed(token: str) -> bool:
    """Whether ``token`` could be one of ours (cheap refusal before touching the database)."""
    return token.startswith(PREFIX) and 30 <= len(token) <= 100 and token.isascii()
