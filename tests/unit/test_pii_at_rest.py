"""Personal data at rest (issue 17): private workspace files, masked draft-log evidence."""

from __future__ import annotations

import stat
from datetime import datetime
from pathlib import Path

from ticketpilot.drafting.checks import CheckOutcome
from ticketpilot.drafting.result import DraftResult
from ticketpilot.store import create_engine_for, migrate
from ticketpilot.store.drafts import draft_row
from ticketpilot.workspace import create_workspace, make_private, private_files


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_workspace_is_private(tmp_path: Path) -> None:
    ws = create_workspace(tmp_path / "ws", "[program]\n")
    assert mode(ws.root) == 0o700
    for folder in (ws.reports_dir, ws.index_dir, ws.state_dir):
        assert mode(folder) == 0o700
    assert mode(ws.charter_path) == 0o600


def test_a_workspace_in_an_existing_folder_keeps_the_folders_mode(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    (folder / "notes.txt").write_text("mine")
    (folder / "notes.txt").chmod(0o644)
    ws = create_workspace(folder, "[program]\n")
    assert mode(folder) == 0o755 and mode(folder / "notes.txt") == 0o644
    assert mode(ws.index_dir) == 0o700 and mode(ws.charter_path) == 0o600


def test_the_sqlite_database_and_its_wal_are_created_private(tmp_path: Path) -> None:
    path = tmp_path / "ticketpilot.db"
    engine = create_engine_for(f"sqlite:///{path}")
    migrate(engine)
    with engine.connect() as connection:
        connection.exec_driver_sql("SELECT 1")
        wal = [p for p in tmp_path.iterdir() if p.name.startswith("ticketpilot.db-")]
        assert {p.name for p in wal} >= {"ticketpilot.db-wal", "ticketpilot.db-shm"}
        assert {p.name: mode(p) for p in [path, *wal]} == {p.name: 0o600 for p in [path, *wal]}
    engine.dispose()


def test_an_existing_world_readable_database_is_narrowed(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    path.touch()
    path.chmod(0o644)
    create_engine_for(f"sqlite:///{path}").dispose()
    assert mode(path) == 0o600


def test_private_files_and_make_private(tmp_path: Path) -> None:
    with private_files():
        (tmp_path / "a").mkdir()
        (tmp_path / "a" / "f.txt").write_text("x")
    assert (mode(tmp_path / "a"), mode(tmp_path / "a" / "f.txt")) == (0o700, 0o600)
    (tmp_path / "b").mkdir(mode=0o755)
    (tmp_path / "b" / "g.txt").write_text("y")
    (tmp_path / "b" / "g.txt").chmod(0o644)
    make_private([tmp_path / "b", tmp_path / "missing"])
    assert (mode(tmp_path / "b"), mode(tmp_path / "b" / "g.txt")) == (0o700, 0o600)


def test_the_draft_log_masks_what_the_checks_quote() -> None:
    leak = CheckOutcome(
        "leak", False, "block", "draft leaks PII",
        ["pii: maria.lopez@gmail.com", "pii: 4111 1111 1111 1111", "system prompt: be brief"],
    )  # fmt: skip
    result = DraftResult(
        ticket_id="T1", outcome="fallback", reasons=("leak",), text=None, redacted_text=None,
        citations=(), checks=(leak,), provider="extractive", model="none", prompt_version="v1",
        input_tokens=0, output_tokens=0, cost=None, latency_ms=1.0, retrieval_ms=0.5,
        generation_ms=0.5, attempts=1, created_at=datetime(2024, 1, 1),
    )  # fmt: skip
    row = draft_row(result)
    assert row["checks"][0]["evidence"] == [
        "pii: m***@g***.com",
        "pii: **** **** **** 1111",
        "system prompt: be brief",
    ]
    assert result.as_dict()["checks"][0]["evidence"][0] == "pii: maria.lopez@gmail.com"
