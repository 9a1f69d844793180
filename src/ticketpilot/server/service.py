"""Running the HTTP service under uvicorn: ``ticketpilot serve``.

The app is named by import string (``ticketpilot.api.app:app_from_environment``), so each of
``--workers N`` processes builds its own app, runtime and drafting engine; the workspace
reaches them through ``TICKETPILOT_WORKSPACE``, the drafting processes each worker starts
(``--draft-processes``) and their lower priority (``--draft-nice``) through
``TICKETPILOT_DRAFT_PROCESSES`` and ``TICKETPILOT_DRAFT_NICE``. Before any worker starts, a fresh folder for
prometheus-client's multiprocess mode is named in ``PROMETHEUS_MULTIPROC_DIR`` (it must be set
before the library is imported), and removed when the server stops. A folder the operator set
there already is used (and emptied of stale files at start) and kept.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import uvicorn

from ticketpilot.errors import TicketpilotError
from ticketpilot.workspace import ENV_VAR

APP = "ticketpilot.api.app:app_from_environment"
MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
DRAFT_PROCESSES_ENV = "TICKETPILOT_DRAFT_PROCESSES"
DEFAULT_DRAFT_PROCESSES = 1
"""Drafting processes per worker: drafts computed beside the request handlers, never in them."""
MAX_DRAFT_PROCESSES = 16
DRAFT_NICE_ENV = "TICKETPILOT_DRAFT_NICE"
DEFAULT_DRAFT_NICE = 10
"""How much lower the drafting processes' CPU priority is than the request workers' (nice)."""


@dataclass(frozen=True, slots=True)
class ServeOptions:
    """Where to listen, how many workers, and the workspace they serve."""

    workspace: Path
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    log_level: str = "info"
    access_log: bool = False
    proxy_headers: bool = False
    draft_processes: int = DEFAULT_DRAFT_PROCESSES
    draft_nice: int = DEFAULT_DRAFT_NICE


def _metrics_dir() -> tuple[Path, bool]:
    """The multiprocess folder and whether we made it (and so remove it)."""
    given = os.environ.get(MULTIPROC_ENV)
    if given:
        folder = Path(given)
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.glob("*.db"):  # left by an earlier run: they would be added up
            stale.unlink()
        return folder, False
    return Path(tempfile.mkdtemp(prefix="ticketpilot-metrics-")), True


def serve(options: ServeOptions) -> None:
    """Serve until interrupted (Ctrl+C or SIGTERM stop the workers gracefully)."""
    if options.workers < 1:
        raise TicketpilotError(f"--workers {options.workers}: at least 1")
    if not 0 <= options.draft_processes <= MAX_DRAFT_PROCESSES:
        raise TicketpilotError(
            f"--draft-processes {options.draft_processes}: 0 (draft in the workers) to "
            f"{MAX_DRAFT_PROCESSES}"
        )
    if not 0 <= options.draft_nice <= 19:
        raise TicketpilotError(f"--draft-nice {options.draft_nice}: 0 (same priority) to 19")
    folder, made = _metrics_dir()
    os.environ[MULTIPROC_ENV] = str(folder)
    os.environ[ENV_VAR] = str(options.workspace)
    os.environ[DRAFT_PROCESSES_ENV] = str(options.draft_processes)
    os.environ[DRAFT_NICE_ENV] = str(options.draft_nice)
    try:
        uvicorn.run(
            APP, factory=True, host=options.host, port=options.port, workers=options.workers,
            log_level=options.log_level, access_log=options.access_log,
            proxy_headers=options.proxy_headers, server_header=False,
        )  # fmt: skip
    finally:
        if made:
            shutil.rmtree(folder, ignore_errors=True)
