"""The HTTP service: :func:`create_app` builds the FastAPI app over a runtime factory.

Each worker calls the factory once, at start (the lifespan), and keeps what it built for its
life (:class:`~ticketpilot.api.state.AppState`): the same runtime and services the CLI uses, no
settings global. ``ticketpilot serve`` runs :func:`app_from_environment` under uvicorn, which
finds the workspace the way every command does.

    app = create_app(lambda: build_runtime(Path("my-program")))
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

from ticketpilot import __version__
from ticketpilot.api.errors import install_error_handlers
from ticketpilot.api.headers import SecurityHeaders
from ticketpilot.api.metrics import RequestTimer, ServiceMetrics
from ticketpilot.api.routes import (
    dashboard,
    events,
    health,
    pages,
    pilot,
    session,
    tickets,
    tokens,
)
from ticketpilot.api.state import AppState, RuntimeFactory
from ticketpilot.errors import TicketpilotError
from ticketpilot.runtime import build_runtime
from ticketpilot.server.service import (
    DEFAULT_DRAFT_NICE,
    DEFAULT_DRAFT_PROCESSES,
    DRAFT_NICE_ENV,
    DRAFT_PROCESSES_ENV,
)

DESCRIPTION = (
    "Draft replies to support tickets from similar past tickets, and run the controlled pilot "
    "that measures them. Authenticate with `Authorization: Bearer <token>` "
    "(`ticketpilot token create --role agent|lead|admin --name NAME`). Errors are "
    '`{"detail": "...", "errors": [...]}` with a 4xx status for bad input.'
)


def create_app(
    runtime_factory: RuntimeFactory,
    *,
    draft_processes: int = 0,
    draft_nice: int = DEFAULT_DRAFT_NICE,
) -> FastAPI:
    """The app; ``runtime_factory`` is called once per worker when it starts. Drafts are
    computed in ``draft_processes`` processes of the worker's, ``draft_nice`` lower in CPU
    priority (0 processes: in its threadpool; see :mod:`~ticketpilot.api.drafters`)."""
    metrics = ServiceMetrics()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        state = await run_in_threadpool(
            AppState.open, runtime_factory, metrics, draft_processes, draft_nice
        )
        app.state.service = state
        try:
            yield
        finally:
            await run_in_threadpool(state.close)

    app = FastAPI(
        title="ticketpilot",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,  # the interactive docs load assets from a CDN: none at run time
        redoc_url=None,
    )
    install_error_handlers(app)
    for module in (health, tickets, events, pilot, tokens, session, pages, dashboard):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(packages=[("ticketpilot.web", "static")]), name="static")
    app.add_middleware(SecurityHeaders)
    app.add_middleware(RequestTimer, metrics=metrics)
    return app


def app_from_environment() -> FastAPI:
    """The app for the workspace named by ``TICKETPILOT_WORKSPACE`` (or the current folder),
    drafting in ``TICKETPILOT_DRAFT_PROCESSES`` processes per worker (default 1) at
    ``TICKETPILOT_DRAFT_NICE`` lower priority: what ``ticketpilot serve`` runs in each worker."""
    processes, nice = drafting_from(os.environ)
    return create_app(build_runtime, draft_processes=processes, draft_nice=nice)


def drafting_from(environ: Mapping[str, str]) -> tuple[int, int]:
    """The drafting processes per worker and their nice increment named in ``environ``
    (``serve`` sets them)."""
    return (_whole(environ, DRAFT_PROCESSES_ENV, DEFAULT_DRAFT_PROCESSES),
            _whole(environ, DRAFT_NICE_ENV, DEFAULT_DRAFT_NICE))  # fmt: skip


def _whole(environ: Mapping[str, str], name: str, default: int) -> int:
    value = environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit():
        raise TicketpilotError(f"{name}={value!r}: a whole number, 0 or more")
    return int(value)
