"""The agent workspace: the queue, a ticket with its draft, a cited past ticket, the pilot
status; and the forms that send a reply or flag a draft. Server-rendered; every form carries
the session's CSRF token. The routes that open a ticket are async: the draft is awaited from
the worker's drafter (``api.state.open_draft``), storage runs in the threadpool."""

from __future__ import annotations

import secrets
from typing import Annotated, Literal
from urllib.parse import quote

from fastapi import APIRouter, Form, Request, status
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool

from ticketpilot.api.deps import AgentPage, LeadPage, StateDep, TicketPath
from ticketpilot.api.pages import render
from ticketpilot.api.routes.tickets import draft_public
from ticketpilot.api.schemas import ID_PATTERN, NoNul
from ticketpilot.api.state import open_draft
from ticketpilot.api.views import figure_rows, variant_rows
from ticketpilot.desk.service import flag_draft, past_ticket, queue, send_reply, ticket_thread
from ticketpilot.pilot.service import pilot_report

router = APIRouter(tags=["pages"], include_in_schema=False)
_QUEUE_LIMIT = 200


@router.get("/")
def home(_: AgentPage) -> RedirectResponse:
    """The queue is the start page."""
    return RedirectResponse("/queue", status.HTTP_303_SEE_OTHER)


@router.get("/queue")
def queue_page(request: Request, caller: AgentPage, state: StateDep, sent: str = "",
               outcome: str = "") -> HTMLResponse:  # fmt: skip
    """Open pilot tickets, the pilot cohort first; tickets another agent opened are left out."""
    items = queue(state.runtime, limit=_QUEUE_LIMIT, agent=caller.principal.name)
    return render(request, "queue.html", {
        "title": "Queue", "nav": "queue", "caller": caller, "csrf": caller.csrf(state.secret),
        "items": items, "sent": sent[:255], "outcome": outcome[:32], "limit": _QUEUE_LIMIT,
    })  # fmt: skip


@router.get("/tickets/{ticket_id}")
async def ticket_page(request: Request, ticket_id: TicketPath, caller: AgentPage,
                      state: StateDep, flagged: str = "") -> HTMLResponse:  # fmt: skip
    """A pilot ticket: its thread, and its draft (treatment) or an empty reply box (control).
    The first view starts the handling time."""
    shown = await open_draft(state, ticket_id, agent=caller.principal.name)
    ticket = await run_in_threadpool(ticket_thread, state.runtime, ticket_id)
    return await run_in_threadpool(render, request, "ticket.html", {
        "title": ticket.subject or ticket_id, "nav": "queue", "caller": caller,
        "csrf": caller.csrf(state.secret), "ticket": ticket, "draft": draft_public(shown),
        "form_key": secrets.token_urlsafe(12), "flagged": flagged[:16],
    })  # fmt: skip


@router.post("/tickets/{ticket_id}/reply")
async def reply(
    ticket_id: TicketPath,
    caller: AgentPage,
    state: StateDep,
    action: Annotated[Literal["accept", "send", "reject"], Form()],
    text: Annotated[str, Form(max_length=100_000), NoNul] = "",
    rejected: Annotated[bool, Form()] = False,
) -> RedirectResponse:
    """Send the reply: accepted, edited (with the edit distance), rejected or handled; the
    handling time ends now."""
    agent = caller.principal.name
    shown = await open_draft(state, ticket_id, agent=agent)  # the stored draft, reused
    sent = await run_in_threadpool(send_reply, state.runtime, shown, agent=agent, action=action,
                                   text=text, rejected=rejected)  # fmt: skip
    state.metrics.observe_event(sent.result.event.kind, duplicate=not sent.result.stored)
    target = f"/queue?sent={quote(ticket_id, safe='')}&outcome={sent.result.event.kind}"
    return RedirectResponse(target, status.HTTP_303_SEE_OTHER)


@router.post("/tickets/{ticket_id}/flag")
def flag(
    ticket_id: TicketPath,
    caller: AgentPage,
    state: StateDep,
    severity: Annotated[Literal["minor", "major", "critical"], Form()],
    form_key: Annotated[str, Form(max_length=64, pattern=ID_PATTERN)],
    note: Annotated[str, Form(max_length=2000), NoNul] = "",
) -> RedirectResponse:
    """Flag a hallucination in the draft (the reply is still to be sent)."""
    result = flag_draft(state.runtime, ticket_id, agent=caller.principal.name,
                        severity=severity, note=note, form_key=form_key)  # fmt: skip
    state.metrics.observe_event("flagged", duplicate=not result.stored)
    return RedirectResponse(f"/tickets/{quote(ticket_id, safe='')}?flagged={severity}",
                            status.HTTP_303_SEE_OTHER)  # fmt: skip


@router.get("/past/{ticket_id}")
def past_page(
    request: Request, ticket_id: TicketPath, caller: AgentPage, state: StateDep
) -> HTMLResponse:
    """A past ticket a draft cites, its customer's details masked."""
    past = past_ticket(state.runtime, ticket_id)
    return render(request, "past.html", {
        "title": f"Past ticket {ticket_id}", "nav": "queue", "caller": caller,
        "csrf": caller.csrf(state.secret), "past": past,
    })  # fmt: skip


@router.get("/pilot")
def pilot_page(request: Request, caller: LeadPage, state: StateDep) -> HTMLResponse:
    """The pilot's status in words, the criteria it is judged on, its figures, and with a
    charter ``[experiment]`` its variants side by side."""
    report = pilot_report(state.runtime)
    experiment = report.experiment
    return render(request, "pilot.html", {
        "title": "Pilot status", "nav": "pilot", "caller": caller,
        "csrf": caller.csrf(state.secret), "report": report, "rows": figure_rows(report),
        "status": report.status, "overall": report.metrics.overall, "experiment": experiment,
        "variants": variant_rows(experiment) if experiment else [],
    })  # fmt: skip
