"""A twelve-brand social history end to end (issue 17): index, search, audit and replay.

The history (``tests/multibrand_pii_history.py``) is written to the store, indexed with the
model-free hashing embedder, searched, audited and replayed. What must hold: no customer
``@handle`` (nor first name, nor planted personal value) in the stored index, in a search result
or in a report; the brands' own handles kept; no draft sent to a human because of digits inside
a link; and everything the workspace holds private to its owner (0600 files, 0700 folders).
"""

from __future__ import annotations

import json
import re
import sqlite3
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import make_url

from multibrand_pii_history import MultibrandHistory, multibrand_history
from ticketpilot.audit.figures import PiiFigures
from ticketpilot.audit.service import AuditOutput, run_audit
from ticketpilot.charter import charter_template
from ticketpilot.replay.service import ReplayOutput, replay_and_report
from ticketpilot.retrieval import Hit
from ticketpilot.retrieval.service import PII_FILE, SearchQuery, build_index, search
from ticketpilot.runtime import Runtime, build_runtime
from ticketpilot.store.tickets import TicketRepository
from ticketpilot.workspace import create_workspace

SAMPLE = 36


@dataclass
class Built:
    runtime: Runtime
    history: MultibrandHistory
    audit: AuditOutput
    replay: ReplayOutput
    hits: list[Hit]


def _charter() -> str:
    charter = charter_template()
    for old, new in {'embedder = "minilm-l6-int8-onnx"': 'embedder = "hashing"',
                     'categories = ["billing", "legal", "security"]': "categories = []"}.items():  # fmt: skip
        assert old in charter, old
        charter = charter.replace(old, new, 1)
    return charter


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, module_db_url: str) -> Iterator[Built]:
    """One workspace per database: stored, indexed, searched, audited and replayed once."""
    ws = create_workspace(tmp_path_factory.mktemp("multibrand") / "ws", _charter())
    history = multibrand_history(seed=17, conversations=240)
    runtime = build_runtime(ws.root, environ={"TICKETPILOT_DATABASE_URL": module_db_url})
    with runtime.engine.begin() as connection:
        TicketRepository(runtime.engine).write_batch(connection, history.tickets)
    build_index(runtime)
    hits = [
        hit
        for query in (
            "my bag never arrived",
            "charged twice",
            "the app won't load my rewards",
            "files stopped syncing",
            "e-ticket won't scan",
        )
        for hit in search(runtime, SearchQuery(query, k=10))
    ]
    audit = run_audit(runtime)
    replay = replay_and_report(runtime, sample=SAMPLE)
    yield Built(runtime, history, audit, replay, hits)
    runtime.close()


def _index_bytes(runtime: Runtime) -> dict[str, bytes]:
    folder = runtime.workspace.index_dir
    return {p.name: p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _customer_words(history: MultibrandHistory) -> set[str]:
    """Customers' handles without "@", lower-cased: how BM25 and SQLite would hold them."""
    return {h.lstrip("@").lower() for h in history.customer_handles}


def test_the_stored_index_holds_no_customer_handle_name_or_personal_value(built: Built) -> None:
    files = _index_bytes(built.runtime)
    assert {"docs.sqlite", "lexical.npz", PII_FILE} <= set(files)
    words = _customer_words(built.history)
    planted = {v for values in built.history.planted.values() for v in values}
    assert planted, "the history plants personal values"
    for name, data in files.items():
        text = data.decode("utf-8", errors="ignore").lower()
        assert not [
            w for w in words if re.search(rf"(?<![a-z0-9_]){re.escape(w)}(?![a-z0-9_])", text)
        ], name
        for value in planted:
            assert value.lower() not in text, (name, value)
            digits = re.sub(r"\W", "", value).lower()
            assert digits not in text.replace(" ", ""), (name, value)
    with sqlite3.connect(built.runtime.workspace.index_dir / "docs.sqlite") as db:
        stored = [t for row in db.execute("SELECT text, reply FROM docs") for t in row if t]
    assert len(stored) >= 2 * 200
    names = built.history.customer_names
    for text in stored:
        assert not any(re.search(rf"\b{n}\b", text) for n in names), text
    replies = " ".join(stored)
    assert "[SOCIAL_HANDLE]" in replies and "[PERSON]" in replies
    # the brands' own handles stay: they are not personal, and drafts need them
    kept = json.loads(files[PII_FILE])["kept_handles"]
    assert set(kept) == {h.lower() for h in built.history.brand_handles}
    assert sum(h in replies for h in built.history.brand_handles) >= 10


def test_search_results_carry_no_customer_handle(built: Built) -> None:
    assert len(built.hits) == 50
    shown = " ".join(f"{h.text}\n{h.reply}" for h in built.hits)
    assert not any(h in shown for h in built.history.customer_handles)
    assert not any(re.search(rf"\b{n}\b", shown) for n in built.history.customer_names)
    assert any(h in shown for h in built.history.brand_handles)


def test_audit_reports_show_no_customer_handle_and_keep_brand_handles(built: Built) -> None:
    assert built.audit.files
    examples = [e for finding in built.audit.report.findings for e in finding.examples]
    pii = built.audit.report.check("pii").figures_as(PiiFigures)
    assert "SOCIAL_HANDLE" in pii.by_type
    previews = [p.masked + p.redacted for p in pii.preview]
    assert previews and examples
    everything = "\n".join([*examples, *previews, *(p.read_text() for p in built.audit.files)])
    assert not any(h in everything for h in built.history.customer_handles)
    assert any(h in "\n".join(previews) for h in built.history.brand_handles)


def test_replay_sends_nothing_to_a_human_for_digits_in_links(built: Built) -> None:
    report = built.replay.report
    assert report.sample == SAMPLE
    assert report.fallback_reasons.get("leak", 0) == 0, report.fallback_reasons
    delivered = report.systems["default"].delivered
    assert delivered >= SAMPLE // 2
    assert report.systems["default"].grounding_failure_rate < 0.5
    # the nearest past reply, verbatim, is full of help, archive and tracking links: checked for
    # leaks against the same context, none of its link digits is another customer's phone
    nearest = report.systems["nearest_reply"]
    assert nearest.delivered >= SAMPLE - 2 and nearest.grounding_failure_rate == 0.0
    files = "\n".join(p.read_text() for p in built.replay.files)
    examples = json.dumps(report.examples)
    for text in (files, examples):
        assert not any(h in text for h in built.history.customer_handles)


def test_workspace_files_are_private(built: Built) -> None:
    if not built.runtime.database_url.startswith("sqlite"):
        pytest.skip("the database lives in PostgreSQL")
    root = built.runtime.workspace.root
    database = Path(make_url(built.runtime.database_url).database or "")
    paths = [root, *root.rglob("*"), *database.parent.glob(database.name + "*")]
    assert {"docs.sqlite", "audit.json", "replay.json", "manifest.json", "lexical.npz",
            "ticketpilot.toml", "pii.json", database.name,
            database.name + "-wal", database.name + "-shm"} <= {p.name for p in paths}  # fmt: skip
    wrong = {
        str(p): oct(stat.S_IMODE(p.stat().st_mode))
        for p in paths
        if stat.S_IMODE(p.stat().st_mode) != (0o700 if p.is_dir() else 0o600)
    }
    assert wrong == {}


def test_an_index_with_raw_texts_is_rebuilt_masked(tmp_path: Path) -> None:
    ws = create_workspace(tmp_path / "ws", _charter())
    history = multibrand_history(seed=5, conversations=24)
    runtime = build_runtime(ws.root, environ={})
    try:
        with runtime.engine.begin() as connection:
            TicketRepository(runtime.engine).write_batch(connection, history.tickets)
        build_index(runtime)
        runtime.indexes.close()
        (runtime.workspace.index_dir / PII_FILE).unlink()  # as an older version left it
        with sqlite3.connect(runtime.workspace.index_dir / "docs.sqlite") as db:
            db.execute("UPDATE docs SET reply = 'raw @someone_else reply'")
        run = build_index(runtime)
        assert (run.result.added, run.size) == (24, 24)
        assert b"someone_else" not in (runtime.workspace.index_dir / "docs.sqlite").read_bytes()
    finally:
        runtime.close()  # writes the snapshots again: still private
    index = runtime.workspace.index_dir
    assert {"lexical.npz", "manifest.json", "docs.sqlite"} <= {p.name for p in index.iterdir()}
    assert {p.name: oct(stat.S_IMODE(p.stat().st_mode)) for p in index.iterdir()} == {
        p.name: oct(0o600) for p in index.iterdir()
    }
