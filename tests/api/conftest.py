"""API tests: the HTTP service in-process through ``httpx.ASGITransport``, over a real workspace."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ticketpilot.charter import charter_template
from ticketpilot.runtime import Runtime, build_runtime
from ticketpilot.workspace import create_workspace


@pytest.fixture
def api_runtime(tmp_path: Path, db_url: str) -> Iterator[Runtime]:
    """A runtime over a fresh workspace on each database, for an app under test."""
    workspace = create_workspace(tmp_path / "ws", charter_template())
    runtime = build_runtime(workspace.root, environ={"TICKETPILOT_DATABASE_URL": db_url})
    yield runtime
    runtime.close()
