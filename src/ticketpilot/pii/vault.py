"""The vault: placeholder -> original mappings stored encrypted with the workspace key.

The key is a Fernet key (AES-128-CBC with HMAC-SHA256, from the ``cryptography`` package) kept
in a file of the workspace, created with permissions 0600 on first use. A sealed mapping names
its ticket; opening it with another key, or for another ticket, fails with ``VaultError``.

Example::

    key = WorkspaceKey.load_or_create(workspace / "pii.key")
    vault = Vault(key)
    token = vault.seal(redactor.mapping, ticket_id="T-1042")
    mapping = vault.open(token, ticket_id="T-1042")
    draft = restore(model_reply, mapping)
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Mapping
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken

from ticketpilot.errors import VaultError

_FORMAT = 1


class WorkspaceKey:
    """The workspace's secret key; never printed, never stored next to what it protects."""

    def __init__(self, key: bytes) -> None:
        try:
            self._fernet = Fernet(key)
        except (ValueError, TypeError) as exc:
            message = "the PII key is not a valid Fernet key (32 url-safe base64 bytes)"
            raise VaultError(message) from exc

    def __repr__(self) -> str:
        return "WorkspaceKey(<secret>)"

    @classmethod
    def generate(cls) -> WorkspaceKey:
        """A new random key (not saved anywhere)."""
        return cls(Fernet.generate_key())

    @classmethod
    def load(cls, path: Path) -> WorkspaceKey:
        """The key stored at ``path``; VaultError when missing or readable by others."""
        try:
            mode = path.stat().st_mode
            data = path.read_bytes()
        except FileNotFoundError as exc:
            raise VaultError(f"no PII key at {path}: redaction cannot be reversed") from exc
        if os.name == "posix" and mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise VaultError(f"the PII key {path} is readable by others; run: chmod 600 {path}")
        return cls(data.strip())

    @classmethod
    def load_or_create(cls, path: Path) -> WorkspaceKey:
        """The key at ``path``, first writing a new one with permissions 0600 if none exists."""
        key = Fernet.generate_key()
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return cls.load(path)
        with os.fdopen(fd, "wb") as handle:
            handle.write(key + b"\n")
        return cls(key)

    def encrypt(self, data: bytes) -> bytes:
        """``data`` encrypted and authenticated."""
        return self._fernet.encrypt(data)

    def decrypt(self, token: bytes) -> bytes:
        """The plaintext of ``token``; VaultError when this key did not seal it."""
        try:
            return self._fernet.decrypt(token)
        except InvalidToken as exc:
            message = "the sealed PII mapping does not open with this workspace key"
            raise VaultError(message) from exc


class Vault:
    """Seals and opens per-ticket placeholder mappings with one workspace key."""

    def __init__(self, key: WorkspaceKey) -> None:
        self._key = key

    def seal(self, mapping: Mapping[str, str], *, ticket_id: str) -> bytes:
        """``mapping`` encrypted and bound to ``ticket_id``; store the bytes anywhere."""
        payload = {"v": _FORMAT, "ticket": ticket_id, "mapping": dict(mapping)}
        return self._key.encrypt(json.dumps(payload, ensure_ascii=False).encode())

    def open(self, token: bytes, *, ticket_id: str) -> dict[str, str]:
        """The mapping sealed for ``ticket_id``; VaultError for a wrong key or ticket."""
        payload = json.loads(self._key.decrypt(token))
        if payload.get("v") != _FORMAT or payload.get("ticket") != ticket_id:
            raise VaultError(f"the sealed PII mapping does not belong to ticket {ticket_id!r}")
        mapping = payload["mapping"]
        return {str(k): str(v) for k, v in mapping.items()}
