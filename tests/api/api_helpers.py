"""Helpers the API tests share (importable: ``tests/api`` is on the path through rootdir)."""

from __future__ import annotations


def bearer(token: str) -> dict[str, str]:
    """The Authorization header for ``token``."""
    return {"Authorization": f"Bearer {token}"}
