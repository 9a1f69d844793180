"""Liveness, readiness with its reasons, Prometheus metrics, the OpenAPI schema, no CORS."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import create_engine

from service_workspace import bearer, ids_in, seed_history, ticket_body
from ticketpilot.api.openapi import main, openapi_text
from ticketpilot.runtime import Runtime

pytestmark = pytest.mark.anyio
OPENAPI_PATH = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"


async def test_healthz_answers_and_readyz_says_why_not_ready(
    client: httpx.AsyncClient, api_runtime: Runtime
) -> None:
    health = await client.get("/healthz")
    assert health.status_code == 200 and health.json()["status"] == "ok"
    not_ready = await client.get("/readyz")
    assert not_ready.status_code == 503
    body = not_ready.json()
    assert body["ready"] is False and "index: no index" in body["reason"]
    assert "ticketpilot index" in body["reason"]
    assert [p["name"] for p in body["probes"]] == ["database", "index"]
    assert body["probes"][0]["ok"] is True
    seed_history(api_runtime)
    ready = await client.get("/readyz")
    assert ready.status_code == 200, ready.text
    assert ready.json()["reason"] == "" and "18 past tickets" in ready.json()["probes"][1]["detail"]


async def test_readyz_names_a_database_that_does_not_answer(
    client: httpx.AsyncClient, api_runtime: Runtime
) -> None:
    seed_history(api_runtime)
    good = api_runtime.engine
    broken = (
        "sqlite:////nonexistent-dir/nope.db"
        if good.url.get_backend_name() == "sqlite"
        else "postgresql+psycopg://postgres@127.0.0.1:1/none"
    )
    api_runtime.engine = create_engine(broken)
    try:
        response = await client.get("/readyz")
    finally:
        api_runtime.engine.dispose()
        api_runtime.engine = good
    assert response.status_code == 503
    assert response.json()["reason"].startswith("database: OperationalError")


async def test_metrics_count_requests_by_route_and_drafts_by_outcome(
    client: httpx.AsyncClient, tokens: dict[str, str], pilot_runtime: Runtime
) -> None:
    treatment = ids_in("treatment", 1)[0]
    await client.post(
        "/api/v1/tickets", json=ticket_body(treatment), headers=bearer(tokens["lead"])
    )
    await client.post(f"/api/v1/tickets/{treatment}/draft", headers=bearer(tokens["agent"]))
    await client.post("/api/v1/events", headers=bearer(tokens["agent"]),
                      json={"kind": "accepted", "ticket_id": treatment, "key": "k1"})  # fmt: skip
    assert (await client.get("/metrics", headers=bearer(tokens["agent"]))).status_code == 403
    response = await client.get("/metrics", headers=bearer(tokens["lead"]))
    assert response.status_code == 200
    text = response.text
    assert response.headers["content-type"].startswith("text/plain")
    assert 'ticketpilot_drafts_total{outcome="draft"} 1.0' in text
    assert 'ticketpilot_draft_tokens_total{direction="input"}' in text
    assert "ticketpilot_draft_spend_total 0.0" in text  # the extractive drafter costs nothing
    assert 'ticketpilot_feedback_events_total{kind="accepted",result="recorded"} 1.0' in text
    route = 'route="/api/v1/tickets/{ticket_id}/draft"'
    assert (
        f'ticketpilot_http_request_duration_seconds_count{{method="POST",{route},status="200"}} 1.0'
        in text
    )
    assert treatment not in text  # ids never become labels


async def test_fallbacks_are_counted_by_reason(
    client: httpx.AsyncClient, tokens: dict[str, str], pilot_runtime: Runtime
) -> None:
    [ticket_id] = ids_in("treatment", 1, prefix="L")
    body = ticket_body(ticket_id, category="legal")  # a critical category: always a human
    await client.post("/api/v1/tickets", json=body, headers=bearer(tokens["lead"]))
    shown = await client.post(f"/api/v1/tickets/{ticket_id}/draft", headers=bearer(tokens["agent"]))
    assert shown.json()["outcome"] == "fallback" and shown.json()["reasons"] == [
        "critical_category"
    ]
    text = (await client.get("/metrics", headers=bearer(tokens["lead"]))).text
    assert 'ticketpilot_draft_fallbacks_total{reason="critical_category"} 1.0' in text
    assert 'ticketpilot_drafts_total{outcome="fallback"} 1.0' in text


async def test_no_cors_headers_for_another_origin(client: httpx.AsyncClient) -> None:
    preflight = await client.options("/api/v1/events", headers={
        "Origin": "https://evil.example", "Access-Control-Request-Method": "POST"})  # fmt: skip
    assert "access-control-allow-origin" not in preflight.headers
    simple = await client.get("/healthz", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in simple.headers
    assert simple.headers["x-content-type-options"] == "nosniff"


async def test_the_checked_in_openapi_schema_matches_the_app(app: FastAPI) -> None:
    checked_in = OPENAPI_PATH.read_text(encoding="utf-8")
    assert checked_in == openapi_text(app), (
        "docs/openapi.json is stale: run `python -m ticketpilot.api.openapi` and commit it"
    )
    schema = json.loads(checked_in)
    assert "/api/v1/events" in schema["paths"] and "/login" not in schema["paths"]


def test_the_schema_command_writes_and_checks_without_a_workspace(tmp_path: Path) -> None:
    target = tmp_path / "openapi.json"
    assert main([str(target), "--check"]) == 1
    assert main([str(target)]) == 0
    assert main([str(target), "--check"]) == 0
    assert target.read_text(encoding="utf-8") == OPENAPI_PATH.read_text(encoding="utf-8")
