"""Ingest (idempotent by the helpdesk's id), the queue, and a pilot ticket's draft, over HTTP."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI

from service_workspace import bearer, ids_in, ticket_body
from ticketpilot.runtime import Runtime
from ticketpilot.store.tickets import TicketRepository

pytestmark = pytest.mark.anyio


async def test_ingest_is_idempotent_by_the_helpdesk_id(
    client: httpx.AsyncClient, tokens: dict[str, str], api_runtime: Runtime
) -> None:
    lead = bearer(tokens["lead"])
    [ticket_id] = ids_in("treatment", 1)
    first = await client.post("/api/v1/tickets", json=ticket_body(ticket_id), headers=lead)
    assert first.status_code == 201, first.text
    assert first.json() == {"ticket_id": ticket_id, "arm": "treatment", "new": True,
                            "ticket": "inserted", "design_changed": False}  # fmt: skip
    again = await client.post("/api/v1/tickets", json=ticket_body(ticket_id), headers=lead)
    assert again.status_code == 200
    assert (again.json()["new"], again.json()["ticket"]) == (False, "unchanged")
    changed = ticket_body(ticket_id, subject="Shipping (updated)")
    updated = await client.post("/api/v1/tickets", json=changed, headers=lead)
    assert (updated.status_code, updated.json()["ticket"], updated.json()["arm"]) == (
        200, "updated", "treatment")  # fmt: skip


async def test_an_aware_time_is_stored_as_naive_utc(
    client: httpx.AsyncClient, tokens: dict[str, str], api_runtime: Runtime
) -> None:
    body = ticket_body("Z-1", created_at="2026-03-02T10:00:00+02:00",
                       messages=[{"role": "customer", "body": "Hello?",
                                  "created_at": "2026-03-02T10:00:00+02:00"}])  # fmt: skip
    response = await client.post("/api/v1/tickets", json=body, headers=bearer(tokens["lead"]))
    assert response.status_code == 201, response.text
    stored = TicketRepository(api_runtime.engine).get("Z-1")
    assert stored is not None and stored.created_at is not None
    assert stored.created_at.isoformat() == "2026-03-02T08:00:00"
    assert stored.messages[0].created_at == stored.created_at


@pytest.mark.parametrize(("body", "field"), [
    ({"subject": "no id"}, "body.id: Field required"),
    ({"id": ""}, "body.id: String should have at least 1 character"),
    ({"id": "x", "colour": "red"}, "body.colour: Extra inputs are not permitted"),
    ({"id": "x", "created_at": "yesterday"}, "body.created_at: Input should be a valid datetime"),
    ({"id": "x", "messages": [{"role": "robot", "body": "hi"}]},
     "body.messages.0.role: Input should be 'customer', 'agent' or 'bot'"),
    ({"id": "x", "tags": "not-a-list"}, "body.tags: Input should be a valid list"),
])  # fmt: skip
async def test_bad_tickets_get_a_readable_422(
    client: httpx.AsyncClient, tokens: dict[str, str], body: dict[str, object], field: str
) -> None:
    response = await client.post("/api/v1/tickets", json=body, headers=bearer(tokens["lead"]))
    assert response.status_code == 422
    assert field in response.json()["detail"]
    assert response.json()["errors"][0]["field"].startswith("body")


async def test_malformed_json_and_wrong_types_never_give_a_500(
    client: httpx.AsyncClient, tokens: dict[str, str]
) -> None:
    headers = {**bearer(tokens["admin"]), "Content-Type": "application/json"}
    bodies = ["{", "null", "[]", '"text"', "1e999", '{"id": 1e309}', '{"id": "\\ud800"}',
              '{"kind": "accepted"}', '{"kind": "nope", "ticket_id": "x"}',
              '{"kind": "rated", "ticket_id": "x", "score": "NaN", "key": "k"}',
              '{"kind": "edited", "ticket_id": "x", "key": "k", "distance": -1}']  # fmt: skip
    for path in ("/api/v1/tickets", "/api/v1/events", "/api/v1/tokens"):
        for raw in bodies:
            response = await client.post(path, content=raw.encode(), headers=headers)
            assert 400 <= response.status_code < 500, (path, raw, response.status_code)
            assert response.json()["detail"], (path, raw)


async def test_queue_puts_the_pilot_cohort_first(
    client: httpx.AsyncClient, tokens: dict[str, str]
) -> None:
    control, treatment = ids_in("control", 2), ids_in("treatment", 2)
    for ticket_id in (control[0], treatment[0], control[1], treatment[1]):
        await client.post("/api/v1/tickets", json=ticket_body(ticket_id),
                          headers=bearer(tokens["lead"]))  # fmt: skip
    response = await client.get("/api/v1/queue", headers=bearer(tokens["agent"]))
    assert response.status_code == 200
    arms = [item["arm"] for item in response.json()]
    assert arms == ["treatment", "treatment", "control", "control"]
    limited = await client.get("/api/v1/queue?limit=0", headers=bearer(tokens["agent"]))
    assert limited.status_code == 422 and "query.limit" in limited.json()["detail"]


async def test_a_treatment_ticket_is_drafted_once_per_ticket_and_the_engine_once_per_worker(
    app: FastAPI, client: httpx.AsyncClient, tokens: dict[str, str], pilot_runtime: Runtime
) -> None:
    first_id, second_id = ids_in("treatment", 2)
    [control_id] = ids_in("control", 1)
    for ticket_id in (first_id, second_id, control_id):
        await client.post("/api/v1/tickets", json=ticket_body(ticket_id),
                          headers=bearer(tokens["lead"]))  # fmt: skip
    agent = bearer(tokens["agent"])
    shown = (await client.post(f"/api/v1/tickets/{first_id}/draft", headers=agent)).json()
    assert shown["outcome"] == "draft", shown
    assert "10 business days" in shown["text"] and shown["first_view"] and not shown["reused"]
    assert shown["citations"] and all(c["url"] == f"/past/{c['ticket_id']}"
                                      for c in shown["citations"])  # fmt: skip
    assert "maria.lopez@example.com" not in shown["text"]
    again = (await client.post(f"/api/v1/tickets/{first_id}/draft", headers=agent)).json()
    assert again["reused"] and not again["first_view"] and again["text"] == shown["text"]
    other = (await client.post(f"/api/v1/tickets/{second_id}/draft", headers=agent)).json()
    assert other["outcome"] == "draft"
    control = (await client.post(f"/api/v1/tickets/{control_id}/draft", headers=agent)).json()
    assert (control["outcome"], control["text"], control["citations"]) == ("control", None, [])
    state = app.state.service
    assert state.drafting.opened == 1  # one engine for the worker, every request reuses it
    assert pilot_runtime.workspace.index_dir in pilot_runtime.indexes
    unknown = await client.post("/api/v1/tickets/nope/draft", headers=agent)
    assert unknown.status_code == 404 and "never took this ticket in" in unknown.json()["detail"]
