"""Dependencies every route declares: the worker's state and runtime, and who is calling.

A route states its access with exactly one of these, and the route-table test holds every
route to it:

* ``AgentUser``, ``LeadUser``, ``AdminUser`` (API routes): a bearer token, or a page session,
  whose role is at least that; else 401 (no or unknown credentials) or 403 (role too low);
* ``AgentPage``, ``LeadPage`` (pages): the same, but a visitor without a session is sent to the
  login page;
* ``PUBLIC`` (``dependencies=[PUBLIC]``): open on purpose - liveness, readiness, the login form.

Who a token or session belongs to is remembered per worker for a few seconds
(:mod:`~ticketpilot.api.callers`): a revoked token is refused everywhere within that time.

A request authenticated by the session cookie that changes state (any method but GET, HEAD,
OPTIONS) must carry the session's CSRF token, in the ``X-CSRF-Token`` header or a
``csrf_token`` form field; bearer requests carry no ambient credential and need none.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, Literal

from fastapi import Depends, HTTPException, Path, Request, status
from starlette.concurrency import run_in_threadpool

from ticketpilot.access import Principal, Role
from ticketpilot.access.service import authenticate, principal_for
from ticketpilot.access.sessions import Session, csrf_matches, csrf_token, unseal
from ticketpilot.access.tokens import token_hash
from ticketpilot.api.schemas import ID_PATTERN
from ticketpilot.api.state import AppState
from ticketpilot.errors import TicketpilotError
from ticketpilot.runtime import Runtime

SESSION_COOKIE = "tp_session"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def get_state(request: Request) -> AppState:
    """The worker's :class:`AppState`."""
    state: AppState = request.app.state.service
    return state


async def _state(request: Request) -> AppState:
    # async: FastAPI runs a plain-function dependency in the threadpool, one hop per request
    return get_state(request)


StateDep = Annotated[AppState, Depends(_state)]


async def get_runtime(state: StateDep) -> Runtime:
    """The worker's runtime: the same one the CLI would build for this workspace."""
    return state.runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
TicketPath = Annotated[
    str, Path(min_length=1, max_length=255, pattern=ID_PATTERN, description="The ticket's id.")
]


class LoginRequired(TicketpilotError):  # noqa: N818 - a signal to redirect, not a failure
    """A page was asked for without a session: the handler redirects to the login form."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


@dataclass(frozen=True, slots=True)
class Caller:
    """Who is calling and how they proved it."""

    principal: Principal
    via: Literal["bearer", "session"]
    session: Session | None = None

    def csrf(self, secret: bytes) -> str:
        """The CSRF token pages embed for this session ('' for bearer callers)."""
        return csrf_token(secret, self.session.nonce) if self.session else ""


def _unauthorized(detail: str) -> HTTPException:
    return HTTPException(status.HTTP_401_UNAUTHORIZED, detail,
                         headers={"WWW-Authenticate": 'Bearer realm="ticketpilot"'})  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Credentials:
    """What a request presents, before any lookup: a bearer token or an unsealed session."""

    key: str  # the caller cache's key: the token's hash, or ``session:<token id>``
    token: str | None = None
    session: Session | None = None


def credentials(request: Request, state: AppState) -> _Credentials | None:
    """The bearer token, else the signed session cookie, of ``request`` (no database)."""
    header = request.headers.get("authorization")
    if header is not None:
        scheme, _, value = header.partition(" ")
        if scheme.lower() != "bearer" or not value.strip():
            raise _unauthorized("the Authorization header must be 'Bearer <token>'")
        return _Credentials(token_hash(value.strip()), token=value.strip())
    cookie = request.cookies.get(SESSION_COOKIE)
    if not cookie:
        return None
    session = unseal(cookie, state.secret, now=int(time.time()), max_age=state.session_max_age)
    return None if session is None else _Credentials(f"session:{session.token_id}", session=session)


def look_up(state: AppState, presented: _Credentials) -> Principal | None:
    """The principal behind ``presented`` from the database (runs in the threadpool)."""
    if presented.token is not None:
        return authenticate(state.runtime, presented.token)
    assert presented.session is not None
    return principal_for(state.runtime, presented.session.token_id)


async def identify(request: Request, state: AppState) -> Caller | None:
    """The caller of ``request``: from the worker's caller cache, else the database."""
    presented = credentials(request, state)
    if presented is None:
        return None
    principal = state.callers.get(presented.key)
    if principal is None:
        principal = await run_in_threadpool(look_up, state, presented)
        if principal is None:
            if presented.token is not None:
                raise _unauthorized("unknown or revoked token")
            return None
        state.callers.put(presented.key, principal)
    if presented.session is not None:
        return Caller(principal, "session", presented.session)
    return Caller(principal, "bearer")


async def _csrf_ok(request: Request, caller: Caller, secret: bytes) -> bool:
    assert caller.session is not None
    presented = request.headers.get(CSRF_HEADER)
    content_type = request.headers.get("content-type", "")
    if presented is None and content_type.startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        value = (await request.form()).get(CSRF_FIELD)
        presented = value if isinstance(value, str) else None
    return csrf_matches(secret, caller.session.nonce, presented)


Check = Callable[[Request], Awaitable[Caller]]
#: every access check by the callable FastAPI sees, with the role it needs (None: public)
ACCESS: dict[Callable[..., object], Role | None] = {}


def requires(role: Role, *, page: bool = False) -> Check:
    """A dependency admitting callers whose role covers ``role`` (see the module docstring)."""

    async def check(request: Request) -> Caller:
        state = get_state(request)
        caller = await identify(request, state)
        if caller is None:
            if page:
                raise LoginRequired(request.url.path)
            raise _unauthorized("sign in: send 'Authorization: Bearer <token>'")
        if not caller.principal.may(role):
            held = caller.principal.role
            raise HTTPException(
                status.HTTP_403_FORBIDDEN, f"this needs the {role} role; your token has {held}"
            )
        unsafe = caller.via == "session" and request.method not in SAFE_METHODS
        if unsafe and not await _csrf_ok(request, caller, state.secret):
            raise HTTPException(
                status.HTTP_403_FORBIDDEN,
                "CSRF token missing or wrong: reload the page and try again",
            )
        return caller

    check.__name__ = f"requires_{role}{'_page' if page else ''}"
    ACCESS[check] = role
    return check


def public() -> None:
    """Open to anyone on purpose: liveness, readiness, the login form."""


ACCESS[public] = None
PUBLIC = Depends(public)

AgentUser = Annotated[Caller, Depends(requires("agent"))]
LeadUser = Annotated[Caller, Depends(requires("lead"))]
AdminUser = Annotated[Caller, Depends(requires("admin"))]
AgentPage = Annotated[Caller, Depends(requires("agent", page=True))]
LeadPage = Annotated[Caller, Depends(requires("lead", page=True))]
