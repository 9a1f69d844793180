"""Feedback events over HTTP: idempotent by key, arm rules, fill-ins, ticket updates."""

from __future__ import annotations

from datetime import datetime

import httpx
import pytest
from sqlalchemy import select

from service_workspace import bearer, ids_in, ticket_body
from ticketpilot.pilot.editdistance import levenshtein
from ticketpilot.runtime import Runtime
from ticketpilot.store.tables import pilot_events
from ticketpilot.store.tickets import TicketRepository

pytestmark = pytest.mark.anyio


async def _ingest(client: httpx.AsyncClient, tokens: dict[str, str], *ids: str) -> None:
    for ticket_id in ids:
        response = await client.post("/api/v1/tickets", json=ticket_body(ticket_id),
                                     headers=bearer(tokens["lead"]))  # fmt: skip
        assert response.status_code == 201, response.text


def _stored(runtime: Runtime, kind: str) -> list[dict[str, object]]:
    with runtime.engine.connect() as connection:
        rows = connection.execute(select(pilot_events).where(pilot_events.c.kind == kind))
        return [dict(r._mapping) for r in rows]


async def test_an_event_counts_once_whatever_the_retries(
    client: httpx.AsyncClient, tokens: dict[str, str], pilot_runtime: Runtime
) -> None:
    [ticket_id] = ids_in("treatment", 1)
    await _ingest(client, tokens, ticket_id)
    agent = bearer(tokens["agent"])
    await client.post(f"/api/v1/tickets/{ticket_id}/draft", headers=agent)
    body = {"kind": "accepted", "ticket_id": ticket_id}
    keyed = {**agent, "Idempotency-Key": "helpdesk-evt-1"}
    first = await client.post("/api/v1/events", json=body, headers=keyed)
    assert first.status_code == 201, first.text
    assert first.json()["outcome"] == "stored"
    assert first.json()["event"]["seconds"] >= 0  # first view -> send, filled in
    for _ in range(3):  # a retried delivery
        retry = await client.post("/api/v1/events", json=body, headers=keyed)
        assert (retry.status_code, retry.json()["outcome"]) == (200, "duplicate")
    in_body = await client.post("/api/v1/events", json={**body, "key": "helpdesk-evt-1"},
                                headers=agent)  # fmt: skip
    assert in_body.json()["outcome"] == "duplicate"
    assert len(_stored(pilot_runtime, "accepted")) == 1
    reused = await client.post("/api/v1/events", headers=keyed,
                               json={"kind": "rejected", "ticket_id": ticket_id})  # fmt: skip
    assert reused.status_code == 409 and "use a new key" in reused.json()["detail"]
    keyless = await client.post("/api/v1/events", json=body, headers=agent)
    assert keyless.status_code == 422 and "Idempotency-Key" in keyless.json()["detail"]
    clash = await client.post("/api/v1/events", json={**body, "key": "b"},
                              headers={**agent, "Idempotency-Key": "a"})  # fmt: skip
    assert clash.status_code == 422 and "differ" in clash.json()["detail"]


async def test_edited_from_both_texts_stores_the_distance(
    client: httpx.AsyncClient, tokens: dict[str, str], pilot_runtime: Runtime
) -> None:
    [ticket_id] = ids_in("treatment", 1)
    await _ingest(client, tokens, ticket_id)
    agent = bearer(tokens["agent"])
    draft = (await client.post(f"/api/v1/tickets/{ticket_id}/draft", headers=agent)).json()
    sent = draft["text"].replace("10 business days", "two weeks") + "\nP.S. Sorry again."
    body = {"kind": "edited", "ticket_id": ticket_id, "key": "e1", "draft_text": draft["text"],
            "sent_text": sent}  # fmt: skip
    response = await client.post("/api/v1/events", json=body, headers=agent)
    assert response.status_code == 201, response.text
    event = response.json()["event"]
    assert event["distance"] == levenshtein(draft["text"], sent)
    assert (event["draft_chars"], event["sent_chars"]) == (len(draft["text"]), len(sent))
    [row] = _stored(pilot_runtime, "edited")
    assert row["payload"]["distance"] == event["distance"] and row["actor"] == "agent-1"
    mixed = {**body, "key": "e2", "distance": 3}
    bad = await client.post("/api/v1/events", json=mixed, headers=agent)
    assert bad.status_code == 422 and "not a mix" in bad.json()["detail"]


async def test_arm_rules_and_unknown_tickets_are_4xx(
    client: httpx.AsyncClient, tokens: dict[str, str], pilot_runtime: Runtime
) -> None:
    [control_id] = ids_in("control", 1)
    await _ingest(client, tokens, control_id)
    agent = bearer(tokens["agent"])
    accept = await client.post("/api/v1/events", headers=agent,
                               json={"kind": "accepted", "ticket_id": control_id, "key": "a"})  # fmt: skip
    assert accept.status_code == 409 and "control ticket" in accept.json()["detail"]
    handled = await client.post("/api/v1/events", headers=agent, json={
        "kind": "handled", "ticket_id": control_id, "key": "h", "seconds": 300})  # fmt: skip
    assert handled.status_code == 201 and handled.json()["event"]["seconds"] == 300
    unknown = await client.post("/api/v1/events", headers=agent,
                                json={"kind": "handled", "ticket_id": "ghost", "key": "g"})  # fmt: skip
    assert unknown.status_code == 404 and "ingest it first" in unknown.json()["detail"]
    flagged = await client.post("/api/v1/events", headers=agent, json={
        "kind": "flagged", "ticket_id": control_id, "key": "f", "severity": "fatal"})  # fmt: skip
    assert flagged.status_code == 422 and "body.flagged.severity" in flagged.json()["detail"]


async def test_flags_keep_their_note(
    client: httpx.AsyncClient, tokens: dict[str, str], pilot_runtime: Runtime
) -> None:
    [ticket_id] = ids_in("treatment", 1)
    await _ingest(client, tokens, ticket_id)
    agent = bearer(tokens["agent"])
    await client.post(f"/api/v1/tickets/{ticket_id}/draft", headers=agent)
    body = {"kind": "flagged", "ticket_id": ticket_id, "key": "f1", "severity": "major",
            "note": "Promises a refund policy we do not have."}  # fmt: skip
    assert (await client.post("/api/v1/events", json=body, headers=agent)).status_code == 201
    [row] = _stored(pilot_runtime, "flagged")
    assert row["payload"] == {"severity": "major", "note": body["note"]}
    long_note = {**body, "key": "f2", "note": "x" * 2001}
    too_long = await client.post("/api/v1/events", json=long_note, headers=agent)
    assert too_long.status_code == 422 and "body.flagged.note" in too_long.json()["detail"]


async def test_resolution_and_rating_update_the_ticket_and_a_late_one_never_wins(
    client: httpx.AsyncClient, tokens: dict[str, str], pilot_runtime: Runtime
) -> None:
    [ticket_id] = ids_in("treatment", 1)
    await _ingest(client, tokens, ticket_id)
    agent = bearer(tokens["agent"])

    async def post(body: dict[str, object]) -> httpx.Response:
        return await client.post("/api/v1/events", json={"ticket_id": ticket_id, **body},
                                 headers=agent)  # fmt: skip

    resolved = await post({"kind": "resolved", "key": "r2", "at": "2026-03-02T20:00:00Z"})
    assert resolved.status_code == 201
    assert resolved.json()["event"]["hours"] == pytest.approx(12.0)  # created 08:00 -> 20:00
    late = await post({"kind": "resolved", "key": "r1", "at": "2026-03-02T18:00:00Z"})
    assert late.status_code == 201  # stored in the log, but the newer resolution stays
    assert (await post({"kind": "rated", "key": "c1", "score": 4,
                        "at": "2026-03-03T09:00:00Z"})).status_code == 201  # fmt: skip
    assert (await post({"kind": "rated", "key": "c0", "score": 1,
                        "at": "2026-03-03T08:00:00Z"})).status_code == 201  # fmt: skip
    ticket = TicketRepository(pilot_runtime.engine).get(ticket_id)
    assert ticket is not None
    assert ticket.resolved_at == datetime(2026, 3, 2, 20, 0)
    assert ticket.csat == 4
