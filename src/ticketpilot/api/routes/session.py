"""Signing in to the pages with a token, and signing out.

The login form is bound to a nonce in a short-lived ``tp_login`` cookie (its CSRF token is
``HMAC(secret, "login:" + nonce)``), so another site cannot sign a browser in with its own
token. A good token opens a session: the ``tp_session`` cookie, HttpOnly, SameSite=Strict,
Secure over HTTPS, for :data:`~ticketpilot.api.state.SESSION_MAX_AGE_S`.
"""

from __future__ import annotations

import time
from typing import Annotated

from fastapi import APIRouter, Form, Request, status
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from ticketpilot.access.service import authenticate
from ticketpilot.access.sessions import Session, csrf_matches, csrf_token, new_nonce, seal
from ticketpilot.api.deps import PUBLIC, SESSION_COOKIE, AgentPage, StateDep
from ticketpilot.api.pages import render

router = APIRouter(tags=["pages"], include_in_schema=False)
LOGIN_COOKIE = "tp_login"
_LOGIN_MAX_AGE = 3600


def safe_next(target: str | None) -> str:
    """Where to go after signing in: a path on this site only (never ``//host`` or a URL)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/queue"
    return target


def _form(request: Request, state: StateDep, next_path: str, *, error: str = "",
          status_code: int = 200) -> HTMLResponse:  # fmt: skip
    nonce = new_nonce()
    response = render(request, "login.html", {
        "csrf": csrf_token(state.secret, "login:" + nonce), "next": safe_next(next_path),
        "error": error, "title": "Sign in",
    }, status_code=status_code)  # fmt: skip
    response.set_cookie(LOGIN_COOKIE, nonce, max_age=_LOGIN_MAX_AGE, path="/login",
                        httponly=True, samesite="strict",
                        secure=request.url.scheme == "https")  # fmt: skip
    return response


@router.get("/login", dependencies=[PUBLIC])
def login_form(request: Request, state: StateDep, next: str = "/queue") -> HTMLResponse:
    """The sign-in form: paste a token."""
    return _form(request, state, next)


@router.post("/login", dependencies=[PUBLIC])
async def login(
    request: Request,
    state: StateDep,
    token: Annotated[str, Form(max_length=200)],
    csrf_token: Annotated[str, Form(max_length=200)],
    next: Annotated[str, Form(max_length=2000)] = "/queue",
) -> Response:
    """Check the token and open a session, or show the form again with the reason."""
    nonce = request.cookies.get(LOGIN_COOKIE, "")
    if not nonce or not csrf_matches(state.secret, "login:" + nonce, csrf_token):
        return _form(request, state, next, status_code=status.HTTP_403_FORBIDDEN,
                     error="The sign-in form expired or came from another site: try again.")  # fmt: skip
    principal = await run_in_threadpool(authenticate, state.runtime, token.strip())
    if principal is None:
        return _form(request, state, next, status_code=status.HTTP_401_UNAUTHORIZED,
                     error="That token is unknown or revoked.")  # fmt: skip
    session = Session(principal.token_id, new_nonce(), int(time.time()))
    response = RedirectResponse(safe_next(next), status.HTTP_303_SEE_OTHER)
    response.set_cookie(SESSION_COOKIE, seal(session, state.secret), max_age=state.session_max_age,
                        path="/", httponly=True, samesite="strict",
                        secure=request.url.scheme == "https")  # fmt: skip
    response.delete_cookie(LOGIN_COOKIE, path="/login")
    return response


@router.post("/logout")
def logout(_: AgentPage) -> Response:
    """End the page session (the token stays valid)."""
    response = RedirectResponse("/login", status.HTTP_303_SEE_OTHER)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
