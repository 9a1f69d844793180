"""The TPM dashboard and the report files over HTTP: role lead, no script allowed, no file
outside ``reports/``."""

from __future__ import annotations

import httpx
import pytest

from service_workspace import bearer
from ticketpilot.runtime import Runtime

pytestmark = pytest.mark.anyio


async def test_the_lead_sees_the_dashboard_and_the_agent_does_not(
    client: httpx.AsyncClient, tokens: dict[str, str]
) -> None:
    page = await client.get("/dashboard", headers=bearer(tokens["lead"]))
    assert page.status_code == 200, page.text
    html = page.text
    assert "<h1>TPM dashboard:" in html
    # an empty workspace: every panel says what it lacks instead of inventing a figure
    assert "No pilot events in this workspace" in html
    assert "No cost forecast in reports/" in html
    assert "Q1. What metric moves?" in html and "UNANSWERED" in html
    csp = page.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script" not in csp  # no script may run at all
    assert "<script" not in html
    refused = await client.get("/dashboard", headers=bearer(tokens["agent"]))
    assert refused.status_code == 403


async def test_report_files_are_served_by_name_only(
    client: httpx.AsyncClient, tokens: dict[str, str], api_runtime: Runtime
) -> None:
    folder = api_runtime.workspace.reports_dir
    folder.mkdir(exist_ok=True)
    (folder / "weekly.html").write_text("<!DOCTYPE html><p>weekly</p>", encoding="utf-8")
    (api_runtime.workspace.root / "secret.json").write_text("{}", encoding="utf-8")
    lead = bearer(tokens["lead"])
    got = await client.get("/reports/weekly.html", headers=lead)
    assert got.status_code == 200 and "weekly" in got.text
    assert got.headers["content-type"].startswith("text/html")
    for name in ("missing.html", "..%2Fsecret.json", "weekly.exe", ".hidden.html"):
        assert (await client.get(f"/reports/{name}", headers=lead)).status_code == 404, name
    assert (
        await client.get("/reports/weekly.html", headers=bearer(tokens["agent"]))
    ).status_code == 403
