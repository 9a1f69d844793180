"""Drafting in processes of the worker's own (``serve --draft-processes``): the same draft as in
the worker, stored and counted the same way; a killed drafting process answers 503 with the
reason and the pool is replaced; the processes run at a lower priority and stop with the app."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from service_workspace import bearer, ids_in, ticket_body
from ticketpilot.api.app import create_app, drafting_from
from ticketpilot.api.convert import to_ticket
from ticketpilot.api.drafters import DraftPool, DraftSetup, InProcessDrafter
from ticketpilot.api.schemas import TicketCreate
from ticketpilot.drafting.result import DraftResult
from ticketpilot.drafting.service import ticket_request
from ticketpilot.errors import DraftingUnavailable, TicketpilotError
from ticketpilot.pilot.service import ingest_ticket
from ticketpilot.runtime import Runtime
from ticketpilot.server.service import DEFAULT_DRAFT_NICE, DEFAULT_DRAFT_PROCESSES
from ticketpilot.store.tables import drafts, pilot_events

pytestmark = [pytest.mark.anyio, pytest.mark.slow]
_TIMINGS = {"latency_ms", "retrieval_ms", "generation_ms", "created_at"}


def _comparable(result: DraftResult) -> dict[str, Any]:
    return {k: v for k, v in result.as_dict().items() if k not in _TIMINGS}


@pytest.fixture
async def pooled(pilot_runtime: Runtime) -> AsyncIterator[FastAPI]:
    """The app over ``pilot_runtime`` drafting in one process of its own."""
    app = create_app(lambda: pilot_runtime, draft_processes=1)
    async with app.router.lifespan_context(app):
        yield app


@pytest.fixture
async def pooled_client(pooled: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=pooled)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


def _nice(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[16])  # field 19 of stat: nice


async def test_a_draft_from_the_pool_is_the_draft_computed_in_the_worker(
    pilot_runtime: Runtime,
) -> None:
    ids = ids_in("treatment", 2)
    for ticket_id, topic in zip(ids, ("shipping", "password"), strict=True):
        ticket = to_ticket(TicketCreate(**ticket_body(ticket_id, topic)))
        ingest_ticket(pilot_runtime, ticket, source="tests")
    in_process = InProcessDrafter(pilot_runtime)
    pool = DraftPool(DraftSetup.of(pilot_runtime, nice=10), 1)
    try:
        assert pool.warm() is None
        for ticket_id in ids:
            request = ticket_request(pilot_runtime, ticket_id)
            here, there = await in_process.draft(request), await pool.draft(request)
            assert there.outcome == "draft" and there.text
            assert _comparable(there) == _comparable(here)
            assert there.ticket_id not in {c.ticket_id for c in there.citations}
        [pid] = pool.pids()
        assert pid != os.getpid() and _nice(pid) == _nice(os.getpid()) + 10
    finally:
        in_process.close()
        pool.close()
    assert not pool.pids()
    with pytest.raises(ProcessLookupError):  # the pool's process is gone with the pool
        os.kill(pid, 0)


async def test_the_api_drafts_through_the_pool_and_stores_the_draft_once(
    pooled: FastAPI, pooled_client: httpx.AsyncClient, tokens: dict[str, str],
    pilot_runtime: Runtime,
) -> None:  # fmt: skip
    [ticket_id] = ids_in("treatment", 1)
    lead, agent = bearer(tokens["lead"]), bearer(tokens["agent"])
    assert (await pooled_client.post("/api/v1/tickets", json=ticket_body(ticket_id),
                                     headers=lead)).status_code == 201  # fmt: skip
    shown = await pooled_client.post(f"/api/v1/tickets/{ticket_id}/draft", headers=agent)
    assert shown.status_code == 200, shown.text
    assert shown.json()["outcome"] == "draft" and "10 business days" in shown.json()["text"]
    assert "maria.lopez@example.com" not in shown.json()["text"]
    again = (await pooled_client.post(f"/api/v1/tickets/{ticket_id}/draft", headers=agent)).json()
    assert again["reused"] and again["text"] == shown.json()["text"]
    with pilot_runtime.engine.connect() as connection:
        logged = connection.execute(select(drafts.c.id).where(drafts.c.ticket_id == ticket_id))
        kinds = connection.execute(select(pilot_events.c.kind).where(
            pilot_events.c.ticket_id == ticket_id)).scalars().all()  # fmt: skip
    assert len(logged.all()) == 1 and sorted(kinds) == ["assigned", "shown"]
    metrics = (await pooled_client.get("/metrics", headers=lead)).text
    assert 'ticketpilot_drafts_total{outcome="draft"} 1.0' in metrics
    assert pooled.state.service.drafting.restarts == 0


async def test_a_killed_drafting_process_answers_503_and_the_pool_is_replaced(
    pooled: FastAPI, pooled_client: httpx.AsyncClient, tokens: dict[str, str],
    pilot_runtime: Runtime,
) -> None:  # fmt: skip
    pool: DraftPool = pooled.state.service.drafting
    [ticket_id] = ids_in("treatment", 1)
    lead, agent = bearer(tokens["lead"]), bearer(tokens["agent"])
    await pooled_client.post("/api/v1/tickets", json=ticket_body(ticket_id), headers=lead)
    [pid] = pool.pids()
    os.kill(pid, signal.SIGKILL)  # as the out-of-memory killer would
    deadline = time.monotonic() + 10
    while pool.pids() and time.monotonic() < deadline:
        time.sleep(0.05)
    failed = await pooled_client.post(f"/api/v1/tickets/{ticket_id}/draft", headers=agent)
    assert failed.status_code == 503, failed.text
    assert "drafting process stopped" in failed.json()["detail"]
    assert pool.restarts == 1
    retried = await pooled_client.post(f"/api/v1/tickets/{ticket_id}/draft", headers=agent)
    assert retried.status_code == 200, retried.text
    assert retried.json()["outcome"] == "draft" and not retried.json()["reused"]
    assert not retried.json()["first_view"]  # the failed request stored the first view
    assert pool.pids() and pid not in pool.pids()
    metrics = (await pooled_client.get("/metrics", headers=lead)).text
    assert "ticketpilot_draft_process_restarts_total 1.0" in metrics


async def test_a_pool_that_cannot_open_its_workspace_says_why(pilot_runtime: Runtime) -> None:
    setup = DraftSetup(pilot_runtime.workspace.root / "missing", dict(pilot_runtime.environ))
    pool = DraftPool(setup, 1)
    try:
        assert "missing" in (pool.warm() or "")
        request = ticket_request(pilot_runtime, "P000")
        with pytest.raises(DraftingUnavailable, match="could not start"):
            await pool.draft(request)
    finally:
        pool.close()


def test_the_drafting_processes_and_their_priority_come_from_serve() -> None:
    assert drafting_from({}) == (DEFAULT_DRAFT_PROCESSES, DEFAULT_DRAFT_NICE)
    env = {"TICKETPILOT_DRAFT_PROCESSES": " 3 ", "TICKETPILOT_DRAFT_NICE": "0"}
    assert drafting_from(env) == (3, 0)
    with pytest.raises(TicketpilotError, match="whole number"):
        drafting_from({"TICKETPILOT_DRAFT_PROCESSES": "-1"})
    with pytest.raises(TicketpilotError, match="at least 1"):
        DraftPool(DraftSetup(Path.cwd()), 0)
