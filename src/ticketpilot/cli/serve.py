"""``ticketpilot serve``: the HTTP API, the agent workspace pages and ``/metrics``."""

from __future__ import annotations

from typing import Annotated

import typer

from ticketpilot.cli.common import WorkspaceOption, console, runtime_for, user_errors
from ticketpilot.server.service import (
    DEFAULT_DRAFT_NICE,
    DEFAULT_DRAFT_PROCESSES,
    MAX_DRAFT_PROCESSES,
    ServeOptions,
    serve,
)


def serve_command(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    workers: Annotated[
        int,
        typer.Option(
            min=1, max=64, help="Worker processes; each opens its own runtime and index once."
        ),
    ] = 1,
    log_level: Annotated[
        str, typer.Option(help="uvicorn log level: critical, error, warning, info, debug.")
    ] = "info",
    access_log: Annotated[bool, typer.Option(help="Log every request.")] = False,
    proxy_headers: Annotated[
        bool,
        typer.Option(help="Trust X-Forwarded-Proto/For from a proxy on 127.0.0.1 (for HTTPS)."),
    ] = False,
    draft_processes: Annotated[
        int,
        typer.Option(
            min=0,
            max=MAX_DRAFT_PROCESSES,
            help="Drafting processes per worker, at a lower CPU priority than the requests "
            "(0: draft in the worker itself).",
        ),
    ] = DEFAULT_DRAFT_PROCESSES,
    draft_nice: Annotated[
        int,
        typer.Option(
            min=0,
            max=19,
            help="How much lower the drafting processes' CPU priority is (nice; 0: the same).",
        ),
    ] = DEFAULT_DRAFT_NICE,
    workspace: WorkspaceOption = None,
) -> None:
    """Serve the API and the agent workspace (tokens: `ticketpilot token create`)."""
    with runtime_for(workspace) as runtime:  # checks the charter and migrates the database once
        root = runtime.workspace.root
    console.print(f"serving {root} on http://{host}:{port} with {workers} worker(s), "
                  f"{draft_processes} drafting process(es) each; health /healthz, readiness "
                  "/readyz, metrics /metrics", highlight=False)  # fmt: skip
    with user_errors():
        serve(ServeOptions(root, host, port, workers, log_level, access_log, proxy_headers,
                           draft_processes, draft_nice))  # fmt: skip
