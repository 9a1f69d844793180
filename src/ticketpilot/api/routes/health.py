"""Liveness, readiness and the Prometheus metrics."""

from __future__ import annotations

from fastapi import APIRouter, Response
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from ticketpilot import __version__
from ticketpilot.api.deps import PUBLIC, LeadUser, RuntimeDep, StateDep
from ticketpilot.api.schemas import Health, ProbePublic, ReadyPublic
from ticketpilot.health import readiness

router = APIRouter(tags=["health"])


@router.get("/healthz", dependencies=[PUBLIC])
async def healthz() -> Health:
    """The process is up and its event loop answers (touches nothing else)."""
    return Health(version=__version__)


@router.get("/readyz", dependencies=[PUBLIC], responses={503: {"model": ReadyPublic}})
def readyz(runtime: RuntimeDep) -> JSONResponse:
    """The database answers and the retrieval index opens with tickets in it; else 503 with the
    reason."""
    result = readiness(runtime)
    body = ReadyPublic(
        ready=result.ready,
        reason=result.reason(),
        probes=[ProbePublic(name=p.name, ok=p.ok, detail=p.detail) for p in result.probes],
    )
    return JSONResponse(body.model_dump(), status_code=200 if result.ready else 503)


@router.get("/metrics", response_class=Response,
            responses={200: {"content": {"text/plain": {}}}})  # fmt: skip
async def metrics(_: LeadUser, state: StateDep) -> Response:
    """Prometheus text exposition, all workers added up (needs the lead role)."""
    body, content_type = await run_in_threadpool(state.metrics.exposition)
    return Response(body, media_type=content_type)
