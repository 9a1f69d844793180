"""Tokens over the API (admin): created once-shown, listed without secrets, revoked."""

from __future__ import annotations

import httpx
import pytest

from service_workspace import bearer

pytestmark = pytest.mark.anyio


async def test_an_admin_creates_lists_and_revokes_tokens(
    client: httpx.AsyncClient, tokens: dict[str, str]
) -> None:
    admin = bearer(tokens["admin"])
    created = await client.post("/api/v1/tokens", json={"role": "agent", "name": "Bo"},
                                headers=admin)  # fmt: skip
    assert created.status_code == 201, created.text
    issued = created.json()
    assert issued["token"].startswith("tp_") and issued["prefix"] == issued["token"][:10]
    listed = await client.get("/api/v1/tokens", headers=admin)
    assert [t["name"] for t in listed.json()] == ["agent-1", "lead-1", "admin-1", "Bo"]
    assert issued["token"] not in listed.text and "token_hash" not in listed.text
    revoked = await client.delete(f"/api/v1/tokens/{issued['id']}", headers=admin)
    assert revoked.status_code == 200 and revoked.json()["revoked_at"] is not None
    refused = await client.get("/api/v1/me", headers=bearer(issued["token"]))
    assert refused.status_code == 401
    again = await client.delete(f"/api/v1/tokens/{issued['id']}", headers=admin)
    assert again.status_code == 422 and "already revoked" in again.json()["detail"]
    missing = await client.delete("/api/v1/tokens/999", headers=admin)
    assert missing.status_code == 404
    with_revoked = await client.get("/api/v1/tokens?include_revoked=true", headers=admin)
    assert (
        len(with_revoked.json()) == 4
        and len((await client.get("/api/v1/tokens", headers=admin)).json()) == 3
    )
    bad_role = await client.post("/api/v1/tokens", json={"role": "root", "name": "x"},
                                 headers=admin)  # fmt: skip
    assert bad_role.status_code == 422 and "body.role" in bad_role.json()["detail"]
