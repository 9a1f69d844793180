"""Every command has help and is documented in the README (datasette's habit)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from ticketpilot.cli.app import app

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
runner = CliRunner()


def _commands() -> list[str]:
    root = typer.main.get_command(app)
    names: list[str] = []
    for name, command in root.commands.items():  # type: ignore[attr-defined]
        if hasattr(command, "commands"):
            names += [f"{name} {sub}" for sub in command.commands]
        else:
            names.append(name)
    return sorted(names)


@pytest.mark.parametrize("command", _commands())
def test_command_has_help_and_is_documented(command: str) -> None:
    result = runner.invoke(app, [*command.split(), "--help"])
    assert result.exit_code == 0, result.output
    assert len(result.output.strip()) > 40
    assert re.search(rf"`ticketpilot {re.escape(command)}\b", README), (
        f"README lacks `ticketpilot {command}`"
    )


def test_error_is_one_clear_line_and_exit_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["baseline", "--workspace", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert "no workspace at" in result.output
    assert "Traceback" not in result.output


def test_init_then_import_then_baseline_json(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    assert runner.invoke(app, ["init", str(ws)]).exit_code == 0
    data = tmp_path / "t.csv"
    data.write_text(
        "ticket_id,subject,description,created,resolved_at,type,reply\n"
        "1,Refund,Where is my refund?,2024-01-03T10:00:00Z,2024-01-03T20:00:00Z,billing,Sent\n"
        "2,Login,Cannot log in,2024-02-03T10:00:00Z,2024-02-04T10:00:00Z,,Reset link sent\n",
        encoding="utf-8",
    )
    imported = runner.invoke(app, ["import", str(data), "-w", str(ws), "--json"])
    assert imported.exit_code == 0, imported.output
    assert '"inserted": 2' in imported.output
    result = runner.invoke(app, ["baseline", "-w", str(ws), "--json"])
    assert result.exit_code == 0, result.output
    assert '"resolution_hours_mean"' in result.output
    assert '"value": 17.0' in result.output


def test_baseline_says_what_to_declare_when_history_lacks_it(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    assert runner.invoke(app, ["init", str(ws)]).exit_code == 0
    data = tmp_path / "t.csv"
    data.write_text(
        "id,body,reply\n1,Where is my refund?,On its way to you today\n", encoding="utf-8"
    )
    assert runner.invoke(app, ["import", str(data), "-w", str(ws)]).exit_code == 0
    result = runner.invoke(app, ["baseline", "-w", str(ws)])
    assert result.exit_code == 0, result.output
    assert "declare [baseline] monthly_volume" in " ".join(result.output.split())


def test_every_serve_option_is_in_the_service_docs() -> None:
    service = (Path(__file__).resolve().parents[2] / "docs" / "service.md").read_text("utf-8")
    serve = typer.main.get_command(app).commands["serve"]  # type: ignore[attr-defined]
    options = {o for param in serve.params for o in param.opts if o.startswith("--")} - {"--help"}
    assert "--draft-processes" in options
    for option in options:
        assert f"`{option}" in service, f"docs/service.md lacks {option}"
