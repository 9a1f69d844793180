"""The vault: key file creation, sealing and opening, wrong key, wrong ticket."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from ticketpilot.pii import Redactor, Vault, VaultError, WorkspaceKey, restore


def test_key_file_is_created_with_0600(tmp_path: Path) -> None:
    path = tmp_path / "pii.key"
    WorkspaceKey.load_or_create(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(path.read_bytes().strip()) == 44  # url-safe base64 of 32 bytes


def test_load_or_create_reuses_the_existing_key(tmp_path: Path) -> None:
    path = tmp_path / "pii.key"
    token = Vault(WorkspaceKey.load_or_create(path)).seal({"<PERSON_1>": "Ana"}, ticket_id="T1")
    again = Vault(WorkspaceKey.load_or_create(path))
    assert again.open(token, ticket_id="T1") == {"<PERSON_1>": "Ana"}


def test_round_trip_restores_a_draft(tmp_path: Path) -> None:
    vault = Vault(WorkspaceKey.load_or_create(tmp_path / "pii.key"))
    redactor = Redactor()
    safe = redactor.redact("Hi, I'm Maria Lopez, card 4111 1111 1111 1111, maria@example.com")
    token = vault.seal(redactor.mapping, ticket_id="T-1042")
    assert b"Maria" not in token
    assert b"4111" not in token
    mapping = vault.open(token, ticket_id="T-1042")
    assert restore(safe, mapping) == (
        "Hi, I'm Maria Lopez, card 4111 1111 1111 1111, maria@example.com"
    )


def test_wrong_key_cannot_open(tmp_path: Path) -> None:
    token = Vault(WorkspaceKey.load_or_create(tmp_path / "a.key")).seal(
        {"<EMAIL_ADDRESS_1>": "a@example.com"}, ticket_id="T1"
    )
    other = Vault(WorkspaceKey.load_or_create(tmp_path / "b.key"))
    with pytest.raises(VaultError, match="does not open"):
        other.open(token, ticket_id="T1")


def test_another_ticket_cannot_open(tmp_path: Path) -> None:
    vault = Vault(WorkspaceKey.generate())
    token = vault.seal({"<PERSON_1>": "Ana"}, ticket_id="T1")
    with pytest.raises(VaultError, match="does not belong"):
        vault.open(token, ticket_id="T2")


def test_tampered_token_is_rejected() -> None:
    vault = Vault(WorkspaceKey.generate())
    token = bytearray(vault.seal({"<PERSON_1>": "Ana"}, ticket_id="T1"))
    token[20] = ord("A") if token[20] != ord("A") else ord("B")
    with pytest.raises(VaultError):
        vault.open(bytes(token), ticket_id="T1")


def test_missing_and_unsafe_key_files(tmp_path: Path) -> None:
    with pytest.raises(VaultError, match="no PII key"):
        WorkspaceKey.load(tmp_path / "absent.key")
    path = tmp_path / "pii.key"
    WorkspaceKey.load_or_create(path)
    path.chmod(0o644)
    with pytest.raises(VaultError, match="chmod 600"):
        WorkspaceKey.load(path)
    bad = tmp_path / "bad.key"
    bad.write_text("not a key")
    bad.chmod(0o600)
    with pytest.raises(VaultError, match="not a valid Fernet key"):
        WorkspaceKey.load(bad)


def test_key_repr_hides_the_secret() -> None:
    assert repr(WorkspaceKey.generate()) == "WorkspaceKey(<secret>)"
