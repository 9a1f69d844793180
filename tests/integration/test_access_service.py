"""Tokens on SQLite and PostgreSQL: created once-shown and stored hashed, listed, revoked,
authenticated; the signing secret shared by every process; ``ticketpilot token``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from ticketpilot.access.service import (
    authenticate,
    create_token,
    list_tokens,
    principal_for,
    revoke_token,
    signing_secret,
)
from ticketpilot.charter import charter_template
from ticketpilot.cli.app import app
from ticketpilot.errors import AccessError, UnknownToken
from ticketpilot.runtime import Runtime, build_runtime
from ticketpilot.store.tables import api_tokens
from ticketpilot.workspace import create_workspace


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, 9, 0)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def runtime(tmp_path: Path, db_url: str, clock: Clock) -> Iterator[Runtime]:
    ws = create_workspace(tmp_path / "ws", charter_template())
    runtime = build_runtime(ws.root, environ={"TICKETPILOT_DATABASE_URL": db_url}, clock=clock)
    yield runtime
    runtime.close()


def test_a_token_is_stored_only_as_its_hash_and_authenticates_by_it(runtime: Runtime) -> None:
    issued = create_token(runtime, role="lead", name="  Ada  ")
    assert issued.record.name == "Ada" and issued.record.role == "lead"
    with runtime.engine.connect() as connection:
        stored = [dict(r._mapping) for r in connection.execute(select(api_tokens))]
    assert len(stored) == 1
    assert issued.token not in json.dumps(stored, default=str)
    assert stored[0]["prefix"] == issued.token[:10]
    principal = authenticate(runtime, issued.token)
    assert principal is not None and (principal.name, principal.role) == ("Ada", "lead")
    assert authenticate(runtime, issued.token[:-2]) is None
    assert authenticate(runtime, "not-a-token") is None


def test_last_use_is_written_at_most_once_a_minute(runtime: Runtime, clock: Clock) -> None:
    issued = create_token(runtime, role="agent", name="bob")
    assert list_tokens(runtime)[0].last_used_at is None
    authenticate(runtime, issued.token)
    first = clock.now
    clock.now += timedelta(seconds=30)
    authenticate(runtime, issued.token)
    assert list_tokens(runtime)[0].last_used_at == first
    clock.now += timedelta(seconds=31)
    authenticate(runtime, issued.token)
    assert list_tokens(runtime)[0].last_used_at == clock.now


def test_revoking_by_id_or_name_refuses_the_token_and_its_sessions(runtime: Runtime) -> None:
    alice = create_token(runtime, role="agent", name="alice")
    bob = create_token(runtime, role="admin", name="bob")
    assert principal_for(runtime, alice.record.id) is not None
    revoked = revoke_token(runtime, "alice")
    assert revoked.revoked_at is not None
    assert authenticate(runtime, alice.token) is None
    assert principal_for(runtime, alice.record.id) is None
    assert [r.name for r in list_tokens(runtime)] == ["bob"]
    assert [r.name for r in list_tokens(runtime, include_revoked=True)] == ["alice", "bob"]
    revoke_token(runtime, str(bob.record.id))
    assert authenticate(runtime, bob.token) is None
    with pytest.raises(AccessError, match="already revoked"):
        revoke_token(runtime, str(bob.record.id))
    with pytest.raises(UnknownToken, match="no token with id 99"):
        revoke_token(runtime, "99")
    with pytest.raises(UnknownToken, match="no active token named 'alice'"):
        revoke_token(runtime, "alice")


def test_two_active_tokens_with_one_name_are_revoked_by_id(runtime: Runtime) -> None:
    first = create_token(runtime, role="agent", name="desk")
    create_token(runtime, role="agent", name="desk")
    with pytest.raises(AccessError, match=rf"revoke by id \({first.record.id}, "):
        revoke_token(runtime, "desk")


@pytest.mark.parametrize(("role", "name", "message"), [
    ("boss", "x", "not one of agent, lead, admin"),
    ("agent", "   ", "needs a name"),
    ("agent", "a\nb", "printable"),
    ("agent", "x" * 129, "at most 128"),
])  # fmt: skip
def test_bad_roles_and_names_are_refused(runtime: Runtime, role: str, name: str,
                                         message: str) -> None:  # fmt: skip
    with pytest.raises(AccessError, match=message):
        create_token(runtime, role=role, name=name)
    assert list_tokens(runtime, include_revoked=True) == []


def test_the_signing_secret_is_made_once_and_shared(runtime: Runtime, db_url: str) -> None:
    first = signing_secret(runtime)
    other = build_runtime(runtime.workspace.root, environ={"TICKETPILOT_DATABASE_URL": db_url})
    try:
        assert signing_secret(other) == first
    finally:
        other.close()
    assert len(first) == 32


def test_token_cli_creates_lists_and_revokes(tmp_path: Path) -> None:
    runner = CliRunner()
    ws = tmp_path / "ws"
    assert runner.invoke(app, ["init", str(ws)]).exit_code == 0
    created = runner.invoke(app, ["token", "create", "--role", "lead", "--name", "ops",
                                  "-w", str(ws), "--json"])  # fmt: skip
    assert created.exit_code == 0, created.output
    issued = json.loads(created.output)
    assert issued["token"].startswith("tp_") and issued["role"] == "lead"
    plain = runner.invoke(
        app, ["token", "create", "--role", "agent", "--name", "ann", "-w", str(ws)]
    )
    assert "cannot be shown again" in plain.output
    listed = runner.invoke(app, ["token", "list", "-w", str(ws), "--json"])
    assert [t["name"] for t in json.loads(listed.output)] == ["ops", "ann"]
    assert issued["token"] not in listed.output
    revoked = runner.invoke(app, ["token", "revoke", "ops", "-w", str(ws)])
    assert revoked.exit_code == 0 and "revoked token 1" in revoked.output
    again = runner.invoke(app, ["token", "revoke", "ops", "-w", str(ws)])
    assert again.exit_code == 2 and "no active token named 'ops'" in again.output
    bad = runner.invoke(app, ["token", "create", "--role", "root", "--name", "x", "-w", str(ws)])
    assert bad.exit_code == 2 and "not one of agent, lead, admin" in bad.output
