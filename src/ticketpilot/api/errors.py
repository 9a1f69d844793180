"""How errors become responses: always a 4xx with a reason for bad input, never a 500.

API paths answer JSON ``{"detail": "...", "errors": [...]}``; pages answer the error page, or
send a visitor without a session to the login form. Pydantic's validation errors are turned
into one readable line per field (``body.severity: Input should be 'minor', 'major' or
'critical'``).
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, HTTPException, Request, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response

from ticketpilot.api.deps import LoginRequired
from ticketpilot.api.pages import render_error
from ticketpilot.cost.ledger import LedgerUnavailable
from ticketpilot.errors import (
    AccessError,
    CharterError,
    DraftingUnavailable,
    EventConflictError,
    PilotError,
    RecordError,
    RetrievalError,
    ScopeError,
    StorageError,
    TicketpilotError,
    UnknownPilotTicketError,
    WorkspaceError,
    WrongArmError,
)

log = logging.getLogger("ticketpilot.api")
_JSON_PREFIXES = ("/api/", "/healthz", "/readyz", "/metrics")
_UNPROCESSABLE = (PilotError, ScopeError, AccessError, RecordError)
_UNAVAILABLE = (
    WorkspaceError, RetrievalError, StorageError, LedgerUnavailable, CharterError,
    DraftingUnavailable,
)  # fmt: skip


def wants_json(request: Request) -> bool:
    """Whether ``request`` is an API call (JSON errors) rather than a page (HTML errors)."""
    return request.url.path.startswith(_JSON_PREFIXES)


def status_for(error: TicketpilotError) -> int:
    """The HTTP status of an error we raise on purpose."""
    if isinstance(error, LookupError | UnknownPilotTicketError):
        return status.HTTP_404_NOT_FOUND
    if isinstance(error, WrongArmError | EventConflictError):
        return status.HTTP_409_CONFLICT
    if isinstance(error, _UNPROCESSABLE):
        return status.HTTP_422_UNPROCESSABLE_CONTENT
    if isinstance(error, _UNAVAILABLE):
        return status.HTTP_503_SERVICE_UNAVAILABLE
    return status.HTTP_400_BAD_REQUEST


def field_errors(error: RequestValidationError) -> list[dict[str, str]]:
    """Pydantic's errors as ``{"field": "body.severity", "message": "..."}``."""
    found = []
    for item in error.errors():
        location = ".".join(str(part) for part in item.get("loc", ()))
        found.append({"field": location or "request", "message": str(item.get("msg", "invalid"))})
    return found


def _respond(request: Request, code: int, detail: str, **extra: Any) -> Response:
    if wants_json(request):
        return JSONResponse({"detail": detail, **extra}, status_code=code)
    return render_error(request, code, detail)


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers on ``app``."""

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, error: RequestValidationError) -> Response:
        errors = field_errors(error)
        detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
        return _respond(request, status.HTTP_422_UNPROCESSABLE_CONTENT, detail, errors=errors)

    @app.exception_handler(HTTPException)
    async def _http(request: Request, error: HTTPException) -> Response:
        detail = str(error.detail)
        if wants_json(request):
            return JSONResponse({"detail": detail}, status_code=error.status_code,
                                headers=error.headers)  # fmt: skip
        return render_error(request, error.status_code, detail)

    @app.exception_handler(LoginRequired)
    async def _login(request: Request, error: LoginRequired) -> Response:
        return RedirectResponse(f"/login?next={quote(error.next_path)}", status.HTTP_303_SEE_OTHER)

    @app.exception_handler(TicketpilotError)
    async def _ours(request: Request, error: TicketpilotError) -> Response:
        return _respond(request, status_for(error), str(error))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, error: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return _respond(request, 500, f"internal error ({type(error).__name__}); it is logged")
