"""Feedback events from helpdesk apps and webhooks: the workspace page's events, idempotent
by key, so a retried or late event never counts twice."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Header, Response, status

from ticketpilot.api.convert import to_event
from ticketpilot.api.deps import AgentUser, StateDep
from ticketpilot.api.schemas import ErrorPublic, EventCreate, EventRecorded
from ticketpilot.errors import PilotError
from ticketpilot.pilot.service import record_event

router = APIRouter(prefix="/api/v1", tags=["feedback"])


@router.post(
    "/events",
    status_code=status.HTTP_201_CREATED,
    responses={404: {"model": ErrorPublic}, 409: {"model": ErrorPublic},
               422: {"model": ErrorPublic}},
)  # fmt: skip
def post_event(
    body: Annotated[EventCreate, Body()],
    caller: AgentUser,
    state: StateDep,
    response: Response,
    idempotency_key: Annotated[str | None, Header(max_length=255)] = None,
) -> EventRecorded:
    """Record one feedback event. The key (``Idempotency-Key`` header, or ``key``) names the
    event: the same key again is a duplicate (200, nothing counted), a key reused for another
    event is a 409. 201 when stored; 200 with ``outside`` for a resolution or rating of a
    ticket in neither cohort (the ticket is updated)."""
    key = idempotency_key or body.key
    if not key:
        raise PilotError("give an Idempotency-Key header or a key field: retries of an event "
                         "without one could be counted twice")  # fmt: skip
    if idempotency_key and body.key and idempotency_key != body.key:
        raise PilotError(f"the Idempotency-Key header ({idempotency_key!r}) and the key field "
                         f"({body.key!r}) differ: send one")  # fmt: skip
    runtime = state.runtime
    result = record_event(runtime, to_event(body, runtime.clock()), key=key,
                          actor=caller.principal.name)  # fmt: skip
    state.metrics.observe_event(result.event.kind, duplicate=not result.stored)
    if not result.stored:
        response.status_code = status.HTTP_200_OK
    return EventRecorded(**result.as_dict())
