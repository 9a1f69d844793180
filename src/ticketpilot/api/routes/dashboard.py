"""The TPM dashboard (role lead) and the report files it links to.

``/dashboard`` renders :func:`ticketpilot.reports.service.dashboard_html` over the service's
runtime at each request: KPIs against the charter's targets, trends, latency, cost burn
against budget, the escalation queue, drift alerts with attribution, the gate. Its charts are
inline SVG with inline styles and there is no script, so its Content-Security-Policy allows
inline style and nothing else (no script at all, no connection, no external asset).
``/reports/NAME`` serves the workspace's report files (HTML, Markdown, SVG, PDF, JSON) by name.
"""

from __future__ import annotations

import re

from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse, HTMLResponse

from ticketpilot.api.deps import LeadPage, StateDep
from ticketpilot.reports.service import dashboard_html

router = APIRouter(tags=["pages"], include_in_schema=False)

#: inline styles only (matplotlib's SVG and the page's own <style>); no script may run
REPORT_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)
_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,80}\.(html|md|svg|pdf|json)$")
_TYPES = {"html": "text/html; charset=utf-8", "md": "text/markdown; charset=utf-8",
          "svg": "image/svg+xml", "pdf": "application/pdf",
          "json": "application/json"}  # fmt: skip


@router.get("/dashboard")
def dashboard(_: LeadPage, state: StateDep) -> HTMLResponse:
    """The program on one page, from the workspace as it is now."""
    html = dashboard_html(state.runtime, link_prefix="/reports/", served=True)
    return HTMLResponse(html, headers={"Content-Security-Policy": REPORT_CSP})


@router.get("/reports/{name}")
def report_file(name: str, _: LeadPage, state: StateDep) -> FileResponse:
    """One file of the workspace's ``reports/`` folder, by its plain name."""
    match = _NAME.match(name)
    path = state.runtime.workspace.reports_dir / name
    if match is None or not path.is_file():
        raise HTTPException(404, f"no report named {name!r} in this workspace")
    return FileResponse(path, media_type=_TYPES[match.group(1)],
                        headers={"Content-Security-Policy": REPORT_CSP})  # fmt: skip
