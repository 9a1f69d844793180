"""Finding and creating a workspace: a folder holding the charter, the database, the index, reports.

The workspace is located from, in order: an explicit ``--workspace`` path, the
``TICKETPILOT_WORKSPACE`` environment variable, the current folder.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ticketpilot.errors import WorkspaceError

CHARTER_FILE = "ticketpilot.toml"
ENV_VAR = "TICKETPILOT_WORKSPACE"


@dataclass(frozen=True, slots=True)
class Workspace:
    """The paths of one workspace; creating it is :func:`create_workspace`."""

    root: Path

    @property
    def charter_path(self) -> Path:
        return self.root / CHARTER_FILE

    @property
    def database_path(self) -> Path:
        return self.root / "ticketpilot.db"

    @property
    def index_dir(self) -> Path:
        return self.root / "index"

    @property
    def reports_dir(self) -> Path:
        return self.root / "reports"

    @property
    def state_dir(self) -> Path:
        """Private state: keys and caches that must not be shared or committed."""
        return self.root / ".ticketpilot"

    @property
    def key_path(self) -> Path:
        return self.state_dir / "vault.key"

    def exists(self) -> bool:
        return self.charter_path.is_file()


def resolve_root(explicit: Path | None, environ: Mapping[str, str] | None = None) -> Path:
    """The workspace folder the user meant: explicit path, then the environment, then cwd."""
    env = os.environ if environ is None else environ
    if explicit is not None:
        return explicit.expanduser().resolve()
    if env.get(ENV_VAR):
        return Path(env[ENV_VAR]).expanduser().resolve()
    return Path.cwd().resolve()


def find_workspace(
    explicit: Path | None = None, environ: Mapping[str, str] | None = None
) -> Workspace:
    """The existing workspace to work in, or a :class:`WorkspaceError` saying how to make one."""
    root = resolve_root(explicit, environ)
    workspace = Workspace(root)
    if not workspace.exists():
        raise WorkspaceError(
            f"no workspace at {root}: {CHARTER_FILE} is missing. "
            f"Run `ticketpilot init {root}` or pass --workspace DIR (or set {ENV_VAR})."
        )
    return workspace


def create_workspace(root: Path, charter_text: str, *, force: bool = False) -> Workspace:
    """Create the folder layout and write the charter; refuses to overwrite one unless forced."""
    workspace = Workspace(root.expanduser().resolve())
    if workspace.exists() and not force:
        raise WorkspaceError(
            f"{workspace.charter_path} already exists; pass --force to overwrite the charter."
        )
    for folder in (workspace.root, workspace.reports_dir, workspace.index_dir, workspace.state_dir):
        folder.mkdir(parents=True, exist_ok=True)
    workspace.state_dir.chmod(0o700)
    workspace.charter_path.write_text(charter_text, encoding="utf-8")
    return workspace
