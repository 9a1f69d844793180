"""The runtime: settings, database engine, registries and clock, built in one place.

The CLI and the API both call :func:`build_runtime`; nothing else reads the environment or opens
the database, so tests build a runtime over a temporary workspace and get the real thing.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine

from ticketpilot.charter import Charter, load_charter
from ticketpilot.store import create_engine_for, database_url_for, migrate
from ticketpilot.tickets.registry import ImporterRegistry, default_registry
from ticketpilot.workspace import Workspace, find_workspace

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """The current time as naive UTC, the convention of the whole store."""
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass(slots=True)
class Runtime:
    """Everything a use case needs; built by :func:`build_runtime`."""

    workspace: Workspace
    charter: Charter
    engine: Engine
    database_url: str
    clock: Clock = utc_now
    importers: ImporterRegistry = field(default_factory=default_registry)
    environ: Mapping[str, str] = field(default_factory=dict)

    def close(self) -> None:
        self.engine.dispose()


def build_runtime(
    workspace_dir: Path | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    clock: Clock = utc_now,
) -> Runtime:
    """Find the workspace, validate its charter, open and migrate its database."""
    env = os.environ if environ is None else environ
    workspace = find_workspace(workspace_dir, env)
    charter = load_charter(workspace.charter_path)
    url = database_url_for(workspace.database_path, charter.storage.database_url, env)
    engine = create_engine_for(url)
    migrate(engine)
    return Runtime(
        workspace=workspace,
        charter=charter,
        engine=engine,
        database_url=url,
        clock=clock,
        environ=dict(env),
    )
