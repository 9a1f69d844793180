"""The synthetic demo history: deterministic, realistic where the playbook needs it, exact PII.

One history of 2,000 tickets is generated per module and read back from the files it wrote (not
from the generator's own counters), then imported through the real Zendesk and Freshdesk importers.
"""

from __future__ import annotations

import json
import re
import statistics
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from ticketpilot import demo
from ticketpilot.cli.demo_data import demo_data
from ticketpilot.demo import DemoResult, generate
from ticketpilot.demo.catalog import DRIFT, drift_start_for
from ticketpilot.errors import TicketpilotError
from ticketpilot.pii import PRESIDIO_ENTITIES, iban_valid, luhn_valid
from ticketpilot.store import create_engine_for, migrate
from ticketpilot.store.tickets import TicketRepository
from ticketpilot.tickets.importers import default_importers
from ticketpilot.tickets.importing.pipeline import ImportOptions, import_file
from ticketpilot.tickets.mapping import ColumnMapping
from ticketpilot.tickets.model import Ticket
from ticketpilot.tickets.text import to_plain_text

N = 2_000
SEED = 11
ENTITY_TYPES = {*PRESIDIO_ENTITIES, "ORDER_ID"}


@dataclass
class Row:
    """One exported ticket, read back from either format."""

    id: str
    created: datetime
    category: str | None
    subject: str
    texts: list[str]
    public_agent: list[str]
    csat: int | None
    resolution_h: float | None


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> DemoResult:
    out = tmp_path_factory.mktemp("demo")
    return generate(out, tickets=N, seed=SEED, formats="zendesk,freshdesk,jsonl")


def _time(value: str) -> datetime:
    return datetime.fromisoformat(value.removesuffix("Z"))


def _hours(start: str, end: str | None) -> float | None:
    return None if end is None else (_time(end) - _time(start)).total_seconds() / 3600


def _rows(result: DemoResult) -> Iterator[Row]:
    zendesk = json.loads(result.files["zendesk"].read_text(encoding="utf-8"))["tickets"]
    for t in zendesk:
        csat = next(f["value"] for f in t["custom_fields"] if f["id"] == 360001000003)
        yield Row(
            str(t["id"]), _time(t["created_at"]), t["type"], t["subject"],
            [c["plain_body"] for c in t["comments"]],
            [c["plain_body"] for c in t["comments"]
             if c["public"] and c["author_id"] != t["requester_id"]],
            csat, _hours(t["created_at"], t["metric_set"]["solved_at"]),
        )  # fmt: skip
    for t in json.loads(result.files["freshdesk"].read_text(encoding="utf-8")):
        conversations = t["conversations"]
        yield Row(
            str(t["id"]), _time(t["created_at"]), t["type"], t["subject"],
            [t["description_text"]] + [c["body_text"] for c in conversations],
            [c["body_text"] for c in conversations if not c["incoming"] and not c["private"]],
            t["custom_fields"]["cf_csat"], _hours(t["created_at"], t["stats"]["resolved_at"]),
        )  # fmt: skip


@pytest.fixture(scope="module")
def rows(history: DemoResult) -> list[Row]:
    return list(_rows(history))


@pytest.fixture(scope="module")
def truth(history: DemoResult) -> list[dict[str, Any]]:
    lines = history.ground_truth.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


@pytest.fixture(scope="module")
def imported(history: DemoResult, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Ticket]:
    """The tickets as the real importers store them."""
    engine = create_engine_for(f"sqlite:///{tmp_path_factory.mktemp('db') / 'demo.db'}")
    migrate(engine)
    try:
        for fmt in ("zendesk", "freshdesk"):
            options = ImportOptions(fmt=fmt, mapping=ColumnMapping.parse([]))
            result = import_file(engine, default_importers(), history.files[fmt], options,
                                 clock=lambda: datetime(2025, 1, 2))  # fmt: skip
            assert result.quarantined == 0, result.by_code
        return {t.id: t for t in TicketRepository(engine).iter_tickets()}
    finally:
        engine.dispose()


def test_same_seed_writes_identical_bytes_and_another_seed_does_not(
    history: DemoResult, tmp_path: Path
) -> None:
    again = generate(tmp_path / "again", tickets=N, seed=SEED, formats="zendesk,freshdesk,jsonl")
    for path in [*history.files.values(), history.ground_truth, history.manifest_path]:
        assert (tmp_path / "again" / path.name).read_bytes() == path.read_bytes(), path.name
    other = generate(tmp_path / "other", tickets=200, seed=SEED + 1, formats="zendesk")
    small = generate(tmp_path / "small", tickets=200, seed=SEED, formats="zendesk")
    assert other.files["zendesk"].read_bytes() != small.files["zendesk"].read_bytes()
    assert again.manifest == history.manifest


def test_the_history_is_split_between_helpdesks_and_counts_add_up(
    history: DemoResult, rows: list[Row]
) -> None:
    assert len(rows) == N == len({r.id for r in rows})
    files = history.manifest["files"]
    assert files["zendesk"]["tickets"] + files["freshdesk"]["tickets"] == N
    assert files["zendesk"]["last_created"] < "2024-07-01" <= files["freshdesk"]["first_created"]
    jsonl = history.files["jsonl"].read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["id"] for line in jsonl] == [r.id for r in rows]


def test_about_forty_percent_of_tickets_are_untagged(rows: list[Row]) -> None:
    share = sum(r.category is None for r in rows) / len(rows)
    assert 0.38 <= share <= 0.42
    assert len({r.category for r in rows if r.category}) >= 10


def test_the_drift_topic_is_absent_before_its_start_and_visible_after(
    history: DemoResult, rows: list[Row]
) -> None:
    start = history.drift_start
    assert start == drift_start_for(date(2024, 1, 1)) == date(2024, 4, 9)
    assert history.manifest["drift"]["start"] == "2024-04-09"

    def drifted(row: Row) -> bool:
        text = " ".join([row.subject, *row.texts]).lower()
        return any(term.lower() in text for term in DRIFT.vocabulary)

    before = [r for r in rows if r.created.date() < start]
    later = [r for r in rows if r.created.date() >= date(2024, 5, 1)]
    assert before
    assert not any(drifted(r) for r in before)
    assert 0.05 <= sum(drifted(r) for r in later) / len(later) <= 0.25
    mix = history.manifest["drift"]
    assert mix["mix_after"]["drift_topic"] > 0.05
    assert mix["mix_after"]["returns"] > mix["mix_before"]["returns"]


def test_volume_is_seasonal(rows: list[Row]) -> None:
    months = Counter(r.created.month for r in rows)
    assert months[12] > months[6] * 1.4
    assert months[11] > statistics.mean(months.values())
    weekdays = Counter(r.created.weekday() for r in rows)
    assert weekdays[0] > weekdays[6] * 1.5


def test_resolution_times_and_csat_are_realistic_and_linked(rows: list[Row]) -> None:
    hours = [r.resolution_h for r in rows if r.resolution_h is not None]
    assert 15 <= statistics.median(hours) <= 21
    rated = [(r.csat, r.resolution_h) for r in rows if r.csat is not None and r.resolution_h]
    assert 0.2 <= len(rated) / len(rows) <= 0.45
    happy = statistics.median(h for score, h in rated if score >= 4)
    unhappy = statistics.median(h for score, h in rated if score <= 2)
    assert unhappy > happy * 1.5


def test_every_pii_type_is_planted_with_valid_values(
    history: DemoResult, truth: list[dict[str, Any]]
) -> None:
    types = Counter(g["entity_type"] for g in truth)
    assert set(types) == ENTITY_TYPES
    assert history.manifest["pii"]["by_type"] == dict(sorted(types.items()))
    fields = Counter(g["field"].split("[")[0] for g in truth if g["entity_type"] != "PERSON")
    assert fields["body"] > fields["messages"] > 0
    assert fields["subject"] > 0
    for g in truth:
        if g["entity_type"] == "CREDIT_CARD":
            assert luhn_valid(re.sub(r"\D", "", g["text"])), g
        if g["entity_type"] == "IBAN_CODE":
            assert iban_valid(g["text"].replace(" ", "")), g


def test_ground_truth_offsets_match_the_exported_plain_text(
    rows: list[Row], truth: list[dict[str, Any]]
) -> None:
    by_id = {r.id: r for r in rows}
    for g in truth:
        row = by_id[g["ticket_id"]]
        field = g["field"]
        if field == "subject":
            text = row.subject
        else:
            text = row.texts[0 if field == "body" else int(field.removeprefix("messages[")[:-1])]
        assert text[g["start"] : g["end"]] == g["text"], g
        assert to_plain_text(text) == text


def test_html_bodies_become_exactly_the_plain_text(history: DemoResult) -> None:
    zendesk = json.loads(history.files["zendesk"].read_text(encoding="utf-8"))["tickets"]
    for comment in (c for t in zendesk[:300] for c in t["comments"]):
        assert to_plain_text(comment["html_body"]) == comment["plain_body"]
    for ticket in json.loads(history.files["freshdesk"].read_text(encoding="utf-8"))[:300]:
        assert to_plain_text(ticket["description"]) == ticket["description_text"]


def test_ground_truth_offsets_hold_after_the_real_import(
    imported: dict[str, Ticket], truth: list[dict[str, Any]]
) -> None:
    assert len(imported) == N
    assert sum(t.category is None for t in imported.values()) / N == pytest.approx(0.40, abs=0.02)
    for g in truth:
        ticket = imported[g["ticket_id"]]
        field = g["field"]
        if field == "subject":
            text = ticket.subject
        elif field == "body":
            text = ticket.body
            assert ticket.messages[0].body == text
        else:
            text = ticket.messages[int(field[9:-1])].body
        assert text[g["start"] : g["end"]] == g["text"], g


def test_agent_replies_vary_in_tone_and_repeat_macros(rows: list[Row]) -> None:
    replies = [reply for r in rows for reply in r.public_agent]
    greetings = Counter(re.split(r"[\s,!]", reply, maxsplit=1)[0] for reply in replies)
    assert {"Dear", "Hi", "Hey", "Hello", "Good"} <= set(greetings)
    bodies = Counter(reply.split("\n\n", 1)[-1] for reply in replies)
    assert bodies.most_common(1)[0][1] >= 20  # a macro pasted verbatim
    assert sum("DM" in reply or "call us" in reply for reply in replies) >= 20
    assert sum("\n- " in reply for reply in replies) >= 20
    assert any(reply.endswith("Customer Care") for reply in replies)
    lengths = [len(reply) for reply in replies]
    assert max(lengths) > 4 * min(lengths)


def test_languages_customers_and_threads_look_like_a_real_helpdesk(
    history: DemoResult, rows: list[Row]
) -> None:
    manifest = history.manifest
    assert 0.02 <= 1 - manifest["languages"]["en"] <= 0.12
    assert manifest["customers"] < N
    assert {len(r.texts) for r in rows} >= {2, 3, 4, 5}
    assert manifest["notice"] == demo.SYNTHETIC_NOTICE
    assert "SYNTHETIC DATA" in history.manifest_path.read_text(encoding="utf-8")
    assert manifest["untagged_share"] == pytest.approx(0.40, abs=0.005)


def test_bad_settings_are_refused_with_a_clear_message(tmp_path: Path) -> None:
    with pytest.raises(TicketpilotError, match="unknown csv"):
        generate(tmp_path, tickets=10, formats="zendesk,csv")
    with pytest.raises(TicketpilotError, match="tickets must be at least 1"):
        generate(tmp_path, tickets=0)
    (tmp_path / "file").write_text("x")
    with pytest.raises(TicketpilotError, match="not a folder"):
        generate(tmp_path / "file", tickets=10)


def test_cli_writes_the_files_and_says_the_data_is_synthetic(tmp_path: Path) -> None:
    app = typer.Typer()
    app.command()(demo_data)
    out = tmp_path / "cli"
    result = CliRunner().invoke(app, ["--out", str(out), "--tickets", "150", "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["notice"].startswith("SYNTHETIC DATA")
    assert summary["tickets"] == 150
    assert (out / "manifest.json").is_file()
    plain = CliRunner().invoke(app, ["--out", str(out), "--tickets", "150"])
    assert "SYNTHETIC DATA" in plain.stdout
    bad = CliRunner().invoke(app, ["--out", str(out), "--formats", "nope"])
    assert bad.exit_code == 2


def test_public_api_is_exported() -> None:
    for name in demo.__all__:
        assert hasattr(demo, name), name
