"""API tests: the HTTP service in-process through ``httpx.ASGITransport``, over a real workspace."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from service_workspace import pilot_charter, seed_history
from ticketpilot.access.service import create_token
from ticketpilot.api.app import create_app
from ticketpilot.runtime import Runtime, build_runtime
from ticketpilot.workspace import create_workspace


@pytest.fixture
def api_runtime(tmp_path: Path, db_url: str) -> Iterator[Runtime]:
    """A runtime over a fresh workspace on each database (pilot: half treated, half
    control; a fixed salt), for an app under test."""
    workspace = create_workspace(tmp_path / "ws", pilot_charter())
    runtime = build_runtime(workspace.root, environ={"TICKETPILOT_DATABASE_URL": db_url})
    yield runtime
    runtime.close()


@pytest.fixture
def pilot_runtime(api_runtime: Runtime) -> Runtime:
    """:func:`api_runtime` with answered history and its index (model-free embedder)."""
    seed_history(api_runtime)
    return api_runtime


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
async def app(api_runtime: Runtime) -> AsyncIterator[FastAPI]:
    """The app over ``api_runtime``, started (its lifespan ran) and stopped afterwards."""
    app = create_app(lambda: api_runtime)
    async with app.router.lifespan_context(app):
        yield app


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client talking to ``app`` in-process."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


@pytest.fixture
def tokens(api_runtime: Runtime) -> dict[str, str]:
    """One bearer token per role, by role."""
    return {role: create_token(api_runtime, role=role, name=f"{role}-1").token
            for role in ("agent", "lead", "admin")}  # fmt: skip
