"""Finding and creating a workspace: a folder holding the charter, the database, the index, reports.

The workspace is located from, in order: an explicit ``--workspace`` path, the
``TICKETPILOT_WORKSPACE`` environment variable, the current folder.

A workspace holds personal data (the database keeps tickets as imported), so what ticketpilot
creates in it is private to its owner: files 0600, folders 0700 (:func:`private_files` around
creation, :func:`make_private` after it).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ticketpilot.errors import WorkspaceError

CHARTER_FILE = "ticketpilot.toml"
ENV_VAR = "TICKETPILOT_WORKSPACE"
#: modes of what ticketpilot creates in a workspace: owner only
PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700
_PRIVATE_UMASK = 0o077


@contextmanager
def private_files() -> Iterator[None]:
    """Files and folders created inside the block are readable by their owner only (umask 077).

    The umask is the process's: use it around the creation of workspace files by one command,
    and :func:`make_private` for files that may already exist.
    """
    previous = os.umask(_PRIVATE_UMASK)
    try:
        yield
    finally:
        os.umask(previous)


def make_private(paths: Iterable[Path]) -> None:
    """Files to 0600 and folders (with everything in them) to 0700; missing paths are skipped."""
    for path in paths:
        if path.is_symlink() or not path.exists():
            continue
        if path.is_dir():
            path.chmod(PRIVATE_DIR)
            make_private(path.iterdir())
        elif stat.S_IMODE(path.stat().st_mode) & 0o077:
            path.chmod(PRIVATE_FILE)


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
    new_root = not workspace.root.exists()
    workspace.root.mkdir(parents=True, exist_ok=True)
    with private_files():
        for folder in (workspace.reports_dir, workspace.index_dir, workspace.state_dir):
            folder.mkdir(exist_ok=True)
        workspace.charter_path.write_text(charter_text, encoding="utf-8")
    # a folder we made is private; one the user pointed us at keeps its mode, its parts do not
    make_private(
        [workspace.root]
        if new_root
        else [
            workspace.reports_dir,
            workspace.index_dir,
            workspace.state_dir,
            workspace.charter_path,
        ]
    )
    return workspace
