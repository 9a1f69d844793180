"""The PII engine against the demo generator's ground truth, through the real import path.

For each seed: ``generate`` about 3,000 tickets, ``ticketpilot init`` a workspace in a temp
folder, ``ticketpilot import`` the Zendesk and the Freshdesk export with the real importers into
its SQLite database, read every ticket back, run the detector over every stored field (subject,
body and each message of the thread, private notes included) and score the findings against
``pii_ground_truth.jsonl`` per entity type: a gold span counts as found when a finding of its
type overlaps it, a finding as correct when it overlaps a gold span of its type.

The findings scored are ``Detector.detect_fields`` over the fields of each ticket (what the
redactor does: a value found in one field is also found where it recurs in another). The table
printed with ``pytest -rP`` (or ``-s``) also shows precision and recall of ``Detector.detect``
run on each field alone, for comparison; the bar is held on the per-ticket figures.

Two seeds, so that no rule is tuned to one draw of the generator.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from ticketpilot.cli.app import app
from ticketpilot.demo import generate
from ticketpilot.pii import Detector, EntityScore, GoldSpan, RecognizerResult, score_spans
from ticketpilot.runtime import build_runtime
from ticketpilot.store.tickets import TicketRepository

pytestmark = pytest.mark.slow

SEEDS = (7, 20240611)
TICKETS = 3_000
#: The issue's bar: recall and precision per structured type, recall for names.
STRUCTURED = (
    "EMAIL_ADDRESS",
    "PHONE_NUMBER",
    "CREDIT_CARD",
    "IBAN_CODE",
    "IP_ADDRESS",
    "US_SSN",
    "ORDER_ID",
)
MIN_RECALL, MIN_PRECISION, MIN_PERSON_RECALL = 0.99, 0.95, 0.90

FieldKey = tuple[str, str]  # (ticket id, "subject" | "body" | "messages[i]")


@dataclass
class DemoScores:
    """One seed's corpus, scored per ticket (the bar) and per field alone (for comparison)."""

    seed: int
    tickets: int
    texts: dict[FieldKey, str]
    gold: dict[FieldKey, list[GoldSpan]]
    truth_lines: list[dict[str, Any]]
    per_ticket: dict[str, EntityScore]
    per_field: dict[str, EntityScore]

    def table(self) -> str:
        """The per-type table: gold, predicted, precision, recall, exact; then per field."""
        lines = [
            f"PII engine vs demo ground truth: seed {self.seed}, {self.tickets:,} tickets, "
            f"{len(self.texts):,} fields, {sum(map(len, self.gold.values())):,} gold spans",
            f"{'entity':14} {'gold':>6} {'pred':>6} {'prec':>6} {'recall':>6} {'exact':>6}"
            f" | per field alone: {'prec':>6} {'recall':>6}",
        ]
        for entity in sorted({*self.per_ticket, *self.per_field}):
            t = self.per_ticket.get(entity, EntityScore(entity))
            f = self.per_field.get(entity, EntityScore(entity))
            lines.append(
                f"{entity:14} {t.gold:6d} {t.predicted:6d} {t.precision:6.3f} {t.recall:6.3f} "
                f"{t.exact_rate:6.3f} | {'':17}{f.precision:6.3f} {f.recall:6.3f}"
            )
        return "\n".join(lines)


def _import_demo(root: Path, seed: int) -> tuple[dict[FieldKey, str], Path, int]:
    """Generate, init, import both exports; the stored fields by (ticket id, field name)."""
    result = generate(root / "demo", tickets=TICKETS, seed=seed)
    workspace = root / "ws"
    runner = CliRunner()
    done = runner.invoke(app, ["init", str(workspace)])
    assert done.exit_code == 0, done.output
    for fmt in ("zendesk", "freshdesk"):
        args = ["import", str(result.files[fmt]), "--format", fmt, "-w", str(workspace)]
        done = runner.invoke(app, args)
        assert done.exit_code == 0, done.output
    runtime = build_runtime(workspace)
    texts: dict[FieldKey, str] = {}
    try:
        for ticket in TicketRepository(runtime.engine).iter_tickets():
            texts[ticket.id, "subject"] = ticket.subject
            texts[ticket.id, "body"] = ticket.body
            for i, message in enumerate(ticket.messages[1:], start=1):  # [0] is the body
                texts[ticket.id, f"messages[{i}]"] = message.body
    finally:
        runtime.close()
    return texts, result.ground_truth, result.tickets


def _detect(texts: dict[FieldKey, str]) -> tuple[dict[FieldKey, list[RecognizerResult]], ...]:
    """Findings per field: with ``detect_fields`` per ticket, and with ``detect`` alone."""
    detector = Detector()
    by_ticket: dict[str, list[FieldKey]] = defaultdict(list)
    for key in texts:
        by_ticket[key[0]].append(key)
    per_ticket: dict[FieldKey, list[RecognizerResult]] = {}
    for keys in by_ticket.values():
        found = detector.detect_fields([texts[k] for k in keys])
        per_ticket.update(zip(keys, found, strict=True))
    per_field = {key: detector.detect(text) for key, text in texts.items()}
    return per_ticket, per_field


@pytest.fixture(scope="module", params=SEEDS, ids=[f"seed{s}" for s in SEEDS])
def demo(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> DemoScores:
    seed: int = request.param
    texts, truth_path, tickets = _import_demo(tmp_path_factory.mktemp(f"demo{seed}"), seed)
    truth_lines = [json.loads(line) for line in truth_path.read_text("utf-8").splitlines()]
    gold: dict[FieldKey, list[GoldSpan]] = defaultdict(list)
    for row in truth_lines:
        key = (str(row["ticket_id"]), str(row["field"]))
        gold[key].append(GoldSpan(int(row["start"]), int(row["end"]), str(row["entity_type"])))
    per_ticket, per_field = _detect(texts)
    scores = DemoScores(
        seed,
        tickets,
        texts,
        dict(gold),
        truth_lines,
        score_spans((gold.get(k, []), per_ticket[k]) for k in texts),
        score_spans((gold.get(k, []), per_field[k]) for k in texts),
    )
    print(f"\n{scores.table()}")
    return scores


def test_ground_truth_offsets_hold_after_import(demo: DemoScores) -> None:
    assert demo.tickets == TICKETS
    assert len(demo.truth_lines) > 5 * TICKETS // 2
    for row in demo.truth_lines:
        key = (str(row["ticket_id"]), str(row["field"]))
        assert key in demo.texts, f"ground truth names a field that was not imported: {row}"
        assert demo.texts[key][row["start"] : row["end"]] == row["text"], row


@pytest.mark.parametrize("entity", STRUCTURED)
def test_structured_types_meet_the_bar(demo: DemoScores, entity: str) -> None:
    score = demo.per_ticket[entity]
    assert score.gold > 0, f"seed {demo.seed}: no {entity} planted\n{demo.table()}"
    assert score.recall >= MIN_RECALL, f"{score}\n{demo.table()}"
    assert score.precision >= MIN_PRECISION, f"{score}\n{demo.table()}"


def test_person_recall(demo: DemoScores) -> None:
    score = demo.per_ticket["PERSON"]
    assert score.gold >= 1_000
    assert score.recall >= MIN_PERSON_RECALL, f"{score}\n{demo.table()}"
    # not the bar, a guard: "Hello Northwind team" and "Hi, Firmware 4.2.1 fixes..."
    # once cost 5% of the names' precision
    assert score.precision >= MIN_PRECISION, f"{score}\n{demo.table()}"


@pytest.mark.parametrize("entity", ["LOCATION", "URL"])
def test_addresses_and_links(demo: DemoScores, entity: str) -> None:
    score = demo.per_ticket[entity]
    assert score.recall >= 0.95, f"{score}\n{demo.table()}"
    assert score.precision >= 0.95, f"{score}\n{demo.table()}"


def test_repeats_only_add_findings(demo: DemoScores) -> None:
    """The per-ticket pass finds at least what each field alone gives, never less."""
    for entity, alone in demo.per_field.items():
        together = demo.per_ticket[entity]
        assert together.found >= alone.found, entity
        assert together.correct >= alone.correct, entity
