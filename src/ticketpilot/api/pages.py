"""Rendering the server-side pages: the Jinja2 environment over ``ticketpilot.web`` and the
error page.

Templates autoescape everything; each page gets the caller (for the header), the session's CSRF
token (for its forms and the ``<meta name="csrf-token">`` the script sends with requests).
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader, select_autoescape

from ticketpilot import __version__

_ENVIRONMENT = Environment(
    loader=PackageLoader("ticketpilot.web", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)
TEMPLATES = Jinja2Templates(env=_ENVIRONMENT)
"""The page templates (read-only: a loader, not settings)."""

_TITLES = {400: "Bad request", 401: "Sign in needed", 403: "Not allowed", 404: "Not found",
           409: "Conflict", 422: "Cannot use that input", 503: "Not ready"}  # fmt: skip


def render(
    request: Request, template: str, context: dict[str, Any], *, status_code: int = 200
) -> HTMLResponse:
    """Render ``template`` with ``context`` plus the version."""
    values = {"version": __version__, "caller": None, "csrf": "", **context}
    return TEMPLATES.TemplateResponse(request, template, values, status_code=status_code)


def render_error(request: Request, status_code: int, detail: str) -> HTMLResponse:
    """The error page: what went wrong and where to go."""
    title = _TITLES.get(status_code, "Something went wrong")
    return render(request, "error.html", {"title": title, "detail": detail,
                                          "status_code": status_code}, status_code=status_code)  # fmt: skip
