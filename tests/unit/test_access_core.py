"""Access, pure: roles and their order, tokens and their hashes, sessions and CSRF tokens."""

from __future__ import annotations

import hashlib

import pytest

from ticketpilot.access import ROLES, Principal, allows, parse_role
from ticketpilot.access.sessions import (
    Session,
    csrf_matches,
    csrf_token,
    new_nonce,
    seal,
    unseal,
)
from ticketpilot.access.tokens import (
    hash_matches,
    new_token,
    token_hash,
    token_prefix,
    well_formed,
)
from ticketpilot.errors import AccessError

SECRET = b"k" * 32


def test_roles_are_ranked_agent_lead_admin() -> None:
    assert ROLES == ("agent", "lead", "admin")
    granted = {(held, needed) for held in ROLES for needed in ROLES if allows(held, needed)}
    assert granted == {("agent", "agent"), ("lead", "agent"), ("lead", "lead"),
                       ("admin", "agent"), ("admin", "lead"), ("admin", "admin")}  # fmt: skip
    assert Principal(1, "a", "lead").may("agent")
    assert not Principal(1, "a", "lead").may("admin")


def test_parse_role_accepts_case_and_names_the_roles_when_wrong() -> None:
    assert parse_role(" Lead ") == "lead"
    with pytest.raises(AccessError, match="'boss' is not one of agent, lead, admin"):
        parse_role("boss")


def test_tokens_are_random_and_only_their_sha256_identifies_them() -> None:
    tokens = {new_token() for _ in range(200)}
    assert len(tokens) == 200
    token = next(iter(tokens))
    assert token.startswith("tp_") and len(token) == 46 and well_formed(token)
    assert token_hash(token) == hashlib.sha256(token.encode()).hexdigest()
    assert hash_matches(token_hash(token), token)
    assert not hash_matches(token_hash(token), token[:-1] + ("A" if token[-1] != "A" else "B"))
    assert token_prefix(token) == token[:10]
    assert not well_formed("Bearer abc")
    assert not well_formed("tp_short")
    assert not well_formed("tp_" + "é" * 40)


def test_a_sealed_session_opens_only_unchanged_and_in_time() -> None:
    session = Session(7, new_nonce(), 1_000_000)
    value = seal(session, SECRET)
    assert unseal(value, SECRET, now=1_000_010, max_age=60) == session
    assert unseal(value, SECRET, now=1_000_061, max_age=60) is None  # too old
    assert unseal(value, SECRET, now=999_000, max_age=60) is None  # from the future
    assert unseal(value, b"other" * 8, now=1_000_010, max_age=60) is None
    forged = value.replace("7.", "8.", 1)  # another token id, same signature
    assert unseal(forged, SECRET, now=1_000_010, max_age=60) is None
    for broken in ("", "a.b.c", "x.y.z.w.v", value + "x", "7.n.1000000.é"):
        assert unseal(broken, SECRET, now=1_000_010, max_age=60) is None


def test_csrf_token_belongs_to_its_nonce_and_secret() -> None:
    nonce = new_nonce()
    token = csrf_token(SECRET, nonce)
    assert csrf_matches(SECRET, nonce, token)
    assert not csrf_matches(SECRET, new_nonce(), token)
    assert not csrf_matches(b"other" * 8, nonce, token)
    assert not csrf_matches(SECRET, nonce, None)
    assert not csrf_matches(SECRET, nonce, "")
    assert not csrf_matches(SECRET, nonce, token + "é")
