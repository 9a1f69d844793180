"""An import killed from outside (SIGKILL) is marked interrupted by the next run, which also
removes its scratch folder, never one whose owner lives; on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, update
from typer.testing import CliRunner

from ticketpilot.cli.app import app
from ticketpilot.store import create_engine_for
from ticketpilot.store.imports import ImportLog
from ticketpilot.store.tables import imports
from ticketpilot.tickets.importers import default_importers
from ticketpilot.tickets.importing.owner import this_host
from ticketpilot.tickets.importing.pipeline import ImportOptions, import_file, settle_abandoned
from ticketpilot.tickets.importing.scratch import PREFIX, ScratchDatabase

# the import runs in a child that stops for good after 25 records, two batches of 10 stored
CHILD = r"""
import sys, time
from datetime import datetime
from pathlib import Path
from ticketpilot.store import create_engine_for
from ticketpilot.tickets.importers import default_importers
from ticketpilot.tickets.importing.owner import this_host
from ticketpilot.tickets.importing.pipeline import ImportOptions, import_file
from ticketpilot.tickets.registry import importer_registry

class Stalling:
    name = "stalling"
    description = "the CSV importer, stuck after 25 records"
    suffixes = ()

    def read(self, source, mapping):
        for n, item in enumerate(default_importers().get("csv").read(source, mapping)):
            if n == 25:
                time.sleep(600)
            yield item

options = ImportOptions(fmt="stalling", batch_size=10, reader="inline", source="csv")
import_file(create_engine_for(sys.argv[1]), importer_registry([Stalling()]), Path(sys.argv[2]),
            options, clock=lambda: datetime(2025, 1, 1))
"""


def _csv(path: Path, n: int = 50) -> Path:
    rows = "".join(f"K{i},Order {i},my parcel {i} is late\n" for i in range(n))
    path.write_text("id,subject,body\n" + rows, encoding="utf-8")
    return path


def _wait_for(engine: Engine, rows: int, child: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if child.poll() is not None:
            raise AssertionError(f"the import ended early: {child.stderr.read()!r}")  # type: ignore[union-attr]
        log = ImportLog(engine).all()
        if log and log[-1].rows_read >= rows:
            return
        time.sleep(0.1)
    raise AssertionError("the import stored nothing in 60 s")


def test_a_killed_import_is_marked_interrupted_and_its_scratch_removed(
    engine: Engine, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    path = _csv(tmp_path / "tickets.csv")
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, db_url, str(path)],
        env={**os.environ, "TMPDIR": str(scratch)},
        stderr=subprocess.PIPE,
    )
    try:
        _wait_for(engine, 20, child)
        [left] = list(scratch.iterdir())
        assert left.name.startswith(f"{PREFIX}{child.pid}_")
        assert ImportLog(engine).all()[-1].status == "running"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stderr.close()  # type: ignore[union-attr]
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    with ScratchDatabase("live", "CREATE TABLE t (a)") as live:  # ours: its owner lives
        settled = settle_abandoned(engine, lambda: datetime(2025, 1, 1, 0, 5))
        assert [(r.status, r.pid, r.rows_read, r.inserted) for r in settled] == [
            ("interrupted", child.pid, 20, 20)
        ]
        assert list(scratch.iterdir()) == [live.folder]
    [record] = ImportLog(engine).all()
    assert (record.status, record.rows_read, record.inserted) == ("interrupted", 20, 20)
    assert record.finished_at == record.heartbeat_at  # when it was last seen alive
    assert settle_abandoned(engine, lambda: datetime(2025, 1, 1, 0, 6)) == []
    resumed = import_file(
        engine, default_importers(), path, ImportOptions(), clock=lambda: datetime(2025, 1, 1)
    )
    assert (resumed.counts.inserted, resumed.counts.unchanged) == (30, 20)


def test_a_running_import_of_this_host_is_left_alone_and_another_hosts_only_when_stale(
    engine: Engine,
) -> None:
    log = ImportLog(engine)
    ours = log.start("a.csv", "0" * 64, "csv", datetime(2025, 1, 1), pid=os.getpid(), host="h1")
    remote = log.start("b.csv", "1" * 64, "csv", datetime(2025, 1, 1), pid=1, host="other")
    old = log.start("c.csv", "2" * 64, "csv", datetime(2024, 12, 1))  # no pid: from before 0007
    with engine.begin() as connection:
        connection.execute(update(imports).where(imports.c.id == old).values(heartbeat_at=None))
    settled = log.settle("h1", lambda pid: pid == os.getpid(), datetime(2025, 1, 1, 12))
    assert [r.id for r in settled] == [old]
    settled = log.settle("h1", lambda pid: pid == os.getpid(), datetime(2025, 1, 2, 1))
    assert [r.id for r in settled] == [remote]
    assert [r.status for r in log.all()] == ["running", "interrupted", "interrupted"]
    assert ours == 1


def test_imports_command_lists_runs_and_marks_the_killed(tmp_path: Path) -> None:
    runner = CliRunner()
    workspace = tmp_path / "ws"
    assert runner.invoke(app, ["init", str(workspace)]).exit_code == 0
    path = _csv(tmp_path / "t.csv", 3)
    assert runner.invoke(app, ["import", str(path), "-w", str(workspace)]).exit_code == 0
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    engine = create_engine_for(f"sqlite:///{workspace / 'ticketpilot.db'}")
    ImportLog(engine).start(
        str(path), "f" * 64, "csv", datetime(2025, 1, 1), pid=gone.pid, host=this_host()
    )
    engine.dispose()
    text = runner.invoke(app, ["imports", "-w", str(workspace)], terminal_width=200)
    assert text.exit_code == 0, text.output
    assert f"import #2 (t.csv) was killed: its process {gone.pid} is gone" in text.output
    result = runner.invoke(app, ["imports", "-w", str(workspace), "--json"])
    assert result.exit_code == 0, result.output
    listing = json.loads(result.stdout)
    assert [(r["id"], r["status"], r["source"]) for r in listing["imports"]] == [
        (1, "done", "csv"),
        (2, "interrupted", None),
    ]
    assert listing["interrupted_now"] == []  # settled by the listing before
