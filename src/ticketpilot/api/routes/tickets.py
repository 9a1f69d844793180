"""Tickets: the helpdesk's webhook (ingest), the agents' queue, and a pilot ticket's draft."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Query, Response, status

from ticketpilot.api.convert import to_ticket
from ticketpilot.api.deps import AgentUser, LeadUser, RuntimeDep, StateDep, TicketPath
from ticketpilot.api.schemas import (
    CheckPublic,
    CitationPublic,
    DraftPublic,
    ErrorPublic,
    QueueItemPublic,
    TicketCreate,
    TicketIngested,
)
from ticketpilot.api.state import open_draft
from ticketpilot.desk.service import queue
from ticketpilot.pilot.results import PilotDraft
from ticketpilot.pilot.service import ingest_ticket

router = APIRouter(prefix="/api/v1", tags=["tickets"])
_ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorPublic}, 409: {"model": ErrorPublic}, 422: {"model": ErrorPublic},
}  # fmt: skip


@router.post("/tickets", status_code=status.HTTP_201_CREATED, responses=_ERRORS)
def ingest(
    body: TicketCreate, _: LeadUser, runtime: RuntimeDep, response: Response
) -> TicketIngested:
    """Take in a ticket from the helpdesk (webhook-style), idempotent by its id: 201 when it
    is new, 200 when it was stored before (updated if it changed; its arm never changes)."""
    result = ingest_ticket(runtime, to_ticket(body), source=body.source)
    if result.ticket != "inserted":
        response.status_code = status.HTTP_200_OK
    return TicketIngested(ticket_id=result.ticket_id, arm=result.arm,  # type: ignore[arg-type]
                          new=result.new, ticket=result.ticket,
                          design_changed=result.design_changed)  # fmt: skip


@router.get("/queue", responses=_ERRORS)
def agent_queue(
    caller: AgentUser,
    runtime: RuntimeDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    mine: Annotated[bool, Query(description="Leave out tickets another agent opened.")] = False,
) -> list[QueueItemPublic]:
    """Open pilot tickets (no reply yet), the pilot cohort first, oldest first."""
    agent = caller.principal.name if mine else None
    return [QueueItemPublic(**item.as_dict()) for item in queue(runtime, limit=limit, agent=agent)]


@router.post("/tickets/{ticket_id}/draft", responses={**_ERRORS, 503: {"model": ErrorPublic}})
async def draft(ticket_id: TicketPath, caller: AgentUser, state: StateDep) -> DraftPublic:
    """Open a pilot ticket: its first view is stored (handling time starts), a treatment
    ticket is drafted once (later calls reuse that draft), a control ticket gets none. 503
    when the workspace cannot draft yet (no index) or the drafting process stopped."""
    return draft_public(await open_draft(state, ticket_id, agent=caller.principal.name))


def draft_public(shown: PilotDraft) -> DraftPublic:
    """The API's view of what the agent was shown."""
    warnings = [CheckPublic(check=c["check"], passed=c["passed"], severity=c["severity"],
                            reason=c["reason"]) for c in shown.checks if not c["passed"]]  # fmt: skip
    citations = [CitationPublic(ticket_id=c["ticket_id"], score=c["score"], used=c["used"],
                                url=f"/past/{quote(str(c['ticket_id']), safe='')}")
                 for c in shown.citations]  # fmt: skip
    return DraftPublic(
        ticket_id=shown.ticket_id, arm=shown.arm,
        outcome=shown.outcome or "control",  # type: ignore[arg-type]
        text=shown.text, reasons=list(shown.reasons), warnings=warnings, citations=citations,
        prompt_version=shown.prompt_version, latency_ms=shown.latency_ms,
        first_view_at=shown.first_view_at, first_view=shown.first_view, reused=shown.reused,
        variant=shown.variant,
    )  # fmt: skip
