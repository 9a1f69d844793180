"""What one worker holds for its whole life: the runtime, the drafter, the signing secret,
the metrics and the page templates.

Built once per worker when the app starts (FastAPI's lifespan), from the same
:func:`~ticketpilot.runtime.build_runtime` the CLI uses. The drafter
(:mod:`~ticketpilot.api.drafters`) computes the worker's drafts - in processes of its own
(``draft_processes``, ``ticketpilot serve --draft-processes``) or in its threadpool (0) - and
is warmed at start; :func:`open_draft` is the one way a route opens a pilot ticket.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from starlette.concurrency import run_in_threadpool

from ticketpilot.access.service import signing_secret
from ticketpilot.api.callers import CallerCache
from ticketpilot.api.drafters import Drafter, DraftPool, DraftSetup, InProcessDrafter
from ticketpilot.api.metrics import ServiceMetrics
from ticketpilot.desk.service import open_pilot_ticket, show_pilot_draft
from ticketpilot.pilot.results import PilotDraft
from ticketpilot.runtime import Runtime
from ticketpilot.server.service import DEFAULT_DRAFT_NICE

RuntimeFactory = Callable[[], Runtime]
SESSION_MAX_AGE_S = 12 * 3600
"""A page session lasts one working day; the token behind it is checked on every request."""


@dataclass
class AppState:
    """One worker's long-lived objects (see the module docstring)."""

    runtime: Runtime
    secret: bytes
    metrics: ServiceMetrics
    drafting: Drafter
    session_max_age: int = SESSION_MAX_AGE_S
    callers: CallerCache = field(default_factory=CallerCache)
    not_warm: str | None = None
    """Why the drafting engine could not be opened at start (it is retried on first use)."""
    closed: bool = field(default=False)

    @classmethod
    def open(
        cls,
        runtime_factory: RuntimeFactory,
        metrics: ServiceMetrics,
        draft_processes: int = 0,
        draft_nice: int = DEFAULT_DRAFT_NICE,
    ) -> AppState:
        runtime = runtime_factory()
        setup = DraftSetup.of(runtime, nice=draft_nice)
        drafter: Drafter = (
            DraftPool(setup, draft_processes, metrics.draft_restarts.inc)
            if draft_processes > 0 else InProcessDrafter(runtime)
        )  # fmt: skip
        state = cls(runtime, signing_secret(runtime), metrics, drafter)
        state.not_warm = drafter.warm()
        return state

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            self.drafting.close()
            self.runtime.close()


async def open_draft(state: AppState, ticket_id: str, *, agent: str) -> PilotDraft:
    """An agent opens pilot ticket ``ticket_id`` (``desk.service.pilot_draft``, in steps): the
    first view is stored, a treatment ticket not drafted yet is drafted by the worker's drafter
    - awaited, so neither the event loop nor a threadpool thread waits on it - and counted in
    the metrics, and the pilot service stores and links the draft and says what was shown."""
    runtime = state.runtime
    opening = await run_in_threadpool(open_pilot_ticket, runtime, ticket_id, agent=agent)
    result = None
    if opening.request is not None:
        result = await state.drafting.draft(opening.request, opening.variant)
        state.metrics.observe_draft(result)
    return await run_in_threadpool(show_pilot_draft, runtime, opening, result, agent=agent)
