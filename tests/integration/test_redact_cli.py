"""`ticketpilot redact`: PII out, placeholders consistent per ticket, restore only with the key."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from ticketpilot.cli.app import app

runner = CliRunner()
SECRETS = ("ana.lopez@example.com", "4111 1111 1111 1111", "+1 415-555-0134")


def _workspace(tmp_path: Path) -> Path:
    ws = tmp_path / "ws"
    assert runner.invoke(app, ["init", str(ws)]).exit_code == 0
    return ws


def test_redact_ticket_export_and_restore(tmp_path: Path) -> None:
    ws = _workspace(tmp_path)
    export = tmp_path / "tickets.jsonl"
    rows = [
        {
            "id": "1",
            "subject": "Refund for ana.lopez@example.com",
            "body": "Card 4111 1111 1111 1111 was charged twice; mail ana.lopez@example.com",
            "agent_reply": "We will call you on +1 415-555-0134 today.",
        },
        {
            "id": "2",
            "body": "Nothing personal, my parcel is late.",
            "agent_reply": "It ships today.",
        },
    ]
    export.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["redact", str(export), "-w", str(ws), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["units"] == 2
    assert summary["by_type"] == {"EMAIL_ADDRESS": 1, "CREDIT_CARD": 1, "PHONE_NUMBER": 1}
    redacted = Path(summary["output"]).read_text(encoding="utf-8")
    assert not any(secret in redacted for secret in SECRETS)
    first = json.loads(redacted.splitlines()[0])
    assert first["subject"] == "Refund for <EMAIL_ADDRESS_1>"
    assert "<EMAIL_ADDRESS_1>" in first["body"]  # the same value gets the same placeholder
    restored = tmp_path / "restored.jsonl"
    back = runner.invoke(
        app,
        [
            "redact",
            summary["output"],
            "--restore",
            summary["vault"],
            "-o",
            str(restored),
            "-w",
            str(ws),
        ],
    )
    assert back.exit_code == 0, back.output
    assert all(secret in restored.read_text(encoding="utf-8") for secret in SECRETS)


def test_restore_needs_the_workspace_key(tmp_path: Path) -> None:
    ws = _workspace(tmp_path)
    other = tmp_path / "other"
    assert runner.invoke(app, ["init", str(other)]).exit_code == 0
    text = tmp_path / "notes.txt"
    text.write_text("Reach me at ana.lopez@example.com\n", encoding="utf-8")
    assert runner.invoke(app, ["redact", str(text), "-w", str(ws)]).exit_code == 0
    redacted = tmp_path / "notes.redacted.txt"
    assert redacted.read_text(encoding="utf-8") == "Reach me at <EMAIL_ADDRESS_1>\n"
    vault = tmp_path / "notes.redacted.txt.vault"
    wrong = runner.invoke(app, ["redact", str(redacted), "--restore", str(vault), "-w", str(other)])
    assert wrong.exit_code == 2
    assert "ana.lopez@example.com" not in wrong.output
