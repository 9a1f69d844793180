"""An experiment on a real workspace, SQLite and PostgreSQL: migration 0009, the rehearsal with
variants, ``pilot status``'s Variants section, ``replay --variants`` and ``charter check``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from importlib import resources
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import select, text
from typer.testing import CliRunner

from service_workspace import pilot_charter, seed_history
from ticketpilot.cli.app import app
from ticketpilot.pilot.service import experiment_design, simulate
from ticketpilot.replay.service import run_replay
from ticketpilot.runtime import Runtime, build_runtime
from ticketpilot.store import create_engine_for
from ticketpilot.store.tables import metadata, pilot_tickets
from ticketpilot.workspace import create_workspace

runner = CliRunner()
EXPERIMENT = """
[experiment]
name = "brevity"
[[experiment.variants]]
name = "long"
prompt_template = "reply-v1"
share = 0.6
[[experiment.variants]]
name = "short"
prompt_template = "reply-v2"
share = 0.4
"""


def _alembic(url: str, action: str, revision: str) -> None:
    config = Config()
    config.set_main_option(
        "script_location", str(resources.files("ticketpilot.store").joinpath("migrations"))
    )
    engine = create_engine_for(url)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        getattr(command, action)(config, revision)
    engine.dispose()


def test_migration_0009_adds_the_variant_and_keeps_assigned_tickets(db_url: str) -> None:
    _alembic(db_url, "upgrade", "0008")
    engine = create_engine_for(db_url)
    with engine.begin() as connection:  # a ticket assigned before experiments existed
        connection.execute(text(
            "INSERT INTO pilot_tickets (pilot, ticket_id, arm, assigned_at, source, salt_hash, "
            "treatment_share, control_share) VALUES ('live', 'T1', 'treatment', :at, 'api', "
            "'abc', 0.1, 0.1)"), {"at": datetime(2026, 3, 1)})  # fmt: skip
    _alembic(db_url, "upgrade", "head")
    with engine.connect() as connection:
        row = connection.execute(select(pilot_tickets)).one()
        diff = compare_metadata(MigrationContext.configure(connection), metadata)
    assert (row.ticket_id, row.arm, row.experiment, row.variant) == ("T1", "treatment", None, None)
    assert [d for d in diff if "pilot_tickets" in repr(d)] == []
    _alembic(db_url, "downgrade", "0008")  # and back: the ticket stays, the columns go
    with engine.connect() as connection:
        assert connection.execute(text("SELECT ticket_id FROM pilot_tickets")).scalar() == "T1"
        columns = {c["name"] for c in MigrationContext.configure(connection).impl.dialect
                   .get_columns(connection, "pilot_tickets")}  # fmt: skip
    assert "variant" not in columns and "arm" in columns
    engine.dispose()


@pytest.fixture
def runtime(tmp_path: Path, db_url: str) -> Iterator[Runtime]:
    """A workspace with answered history, its index, a replay, and a two-variant experiment."""
    workspace = create_workspace(tmp_path / "ws", pilot_charter(share=0.4) + EXPERIMENT)
    runtime = build_runtime(workspace.root, environ={"TICKETPILOT_DATABASE_URL": db_url})
    seed_history(runtime, count=30)
    run_replay(runtime, sample=12)
    yield runtime
    runtime.close()


def test_a_rehearsal_assigns_variants_and_status_shows_them(
    runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = simulate(runtime, days=10, tickets_per_day=150, seed=2, start=datetime(2026, 2, 2))
    experiment = run.report.experiment
    assert experiment is not None and experiment.unassigned == 0
    treated = run.report.metrics.overall.units["treatment"]
    counts = {k: m.units["treatment"] for k, m in experiment.by_variant.items()}
    assert sum(counts.values()) == treated and set(counts) == {"long", "short"}
    assert experiment.srm.level == "ok", experiment.srm.describe()  # 60/40 as designed
    design = experiment_design(runtime)
    assert design is not None
    with runtime.engine.connect() as connection:
        rows = connection.execute(select(pilot_tickets.c.ticket_id, pilot_tickets.c.variant)
                                  .where(pilot_tickets.c.pilot == "rehearsal",
                                         pilot_tickets.c.arm == "treatment")).all()  # fmt: skip
    assert rows and all(variant == design.variant_of(tid) for tid, variant in rows)
    monkeypatch.setenv("TICKETPILOT_DATABASE_URL", str(runtime.engine.url.render_as_string(
        hide_password=False)))  # fmt: skip
    ws = str(runtime.workspace.root)
    shown = runner.invoke(app, ["pilot", "status", "--rehearsal", "-w", ws])
    assert shown.exit_code == 0, shown.output
    for expected in ("Variants of experiment 'brevity'", "long is the reference",
                     "sample ratio across variants", "Newcombe", "always-valid"):  # fmt: skip
        assert expected in shown.output, expected
    assert "short vs long" in shown.output or "short better" in shown.output or \
        "short worse" in shown.output  # fmt: skip
    assert "\u2026" not in shown.output  # no cut cell at the runner's 80 columns
    section = shown.output[shown.output.index("Variants of experiment") :]
    table = section[: section.index("Each cell")]
    assert max(len(line) for line in table.splitlines()) <= 80
    as_json = runner.invoke(app, ["pilot", "status", "--rehearsal", "--json", "-w", ws])
    data = json.loads(as_json.output)["experiment"]
    assert data["srm"]["observed"] == counts and set(data["differences"]) == {"short"}


def test_replay_variants_compares_paired_and_says_when_drafts_are_identical(
    runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TICKETPILOT_DATABASE_URL", str(runtime.engine.url.render_as_string(
        hide_password=False)))  # fmt: skip
    ws = str(runtime.workspace.root)
    result = runner.invoke(app, ["replay", "--variants", "--sample", "10", "--json", "-w", ws])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data["variants"]) == {"long", "short"} and data["sample"] == 10
    assert data["variants"]["short"]["prompt_version"].startswith("reply-v2+")
    diff = data["differences"]["short"]
    # the extractive drafter does not read the prompt: both wrote the same drafts, and say so
    assert diff["identical_drafts"] == diff["n"] == 10 and diff["difference"] == 0.0
    assert "identical drafts for all 10 tickets" in diff["verdict"]
    assert (runtime.workspace.reports_dir / "replay-variants.json").is_file()
    printed = runner.invoke(app, ["replay", "--variants", "--sample", "10", "-w", ws])
    assert printed.exit_code == 0 and "cannot tell them apart" in printed.output
    assert "\u2026" not in printed.output


def test_charter_check_names_experiment_problems(tmp_path: Path) -> None:
    bad = pilot_charter() + EXPERIMENT.replace('"reply-v2"', '"reply-v7"')
    ws = create_workspace(tmp_path / "ws", bad).root
    result = runner.invoke(app, ["charter", "check", "-w", str(ws)])
    assert result.exit_code == 2
    assert "experiment.variants.1.prompt_template: unknown prompt template 'reply-v7'" in (
        result.output
    )
    (ws / "ticketpilot.toml").write_text(pilot_charter() + EXPERIMENT, encoding="utf-8")
    good = runner.invoke(app, ["charter", "check", "-w", str(ws)])
    assert good.exit_code == 0 and "experiment 'brevity' (2 variants)" in good.output
