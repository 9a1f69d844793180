"""The replay use case: the default drafter and two baselines over the same held-out tickets.

For each held-out ticket the engine drafts from older history only (the ticket itself and
anything created after it are out of reach); in the same pass the two baselines answer it - the
nearest past ticket's reply verbatim (the same retrieval's top hit) and a random past reply
from older history. All three texts are checked for grounding and leaks against the same
context and embedded with the index's model to compare with the reply the agent sent.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ticketpilot.drafting.checks import DraftContext, GroundingCheck, LeakCheck
from ticketpilot.drafting.engine import DraftingEngine, DraftRequest
from ticketpilot.drafting.result import DraftResult
from ticketpilot.drafting.service import drafting_engine
from ticketpilot.drafting.sources import mask_past
from ticketpilot.pii import Detector
from ticketpilot.replay.metrics import Calibration, calibrate_threshold, fact_overlap
from ticketpilot.replay.model import SYSTEMS, Attempted, ReplayReport, figures_of
from ticketpilot.replay.render import write_reports
from ticketpilot.replay.sample import ReplayCase, ReplaySample, draw_sample
from ticketpilot.retrieval import Hit, RetrievalIndex, SearchFilters
from ticketpilot.retrieval.service import workspace_index
from ticketpilot.runtime import Runtime
from ticketpilot.store.drafts import DraftLog, finish_replay, start_replay
from ticketpilot.store.tickets import TicketRepository
from ticketpilot.workspace import make_private, private_files

#: ``progress(phase, done, total)``
Progress = Callable[[str, int, int], None]
_CONTENT_CHECKS = ("grounding", "leak")


@dataclass(frozen=True, slots=True)
class ReplayOutput:
    """A replay's report and the files it was written to."""

    report: ReplayReport
    files: list[Path]


def replay_and_report(
    runtime: Runtime,
    *,
    sample: int | None = None,
    engine: DraftingEngine | None = None,
    progress: Progress | None = None,
) -> ReplayOutput:
    """Run the replay and write ``reports/replay.{html,json}``."""
    report = run_replay(runtime, sample=sample, engine=engine, progress=progress)
    with private_files():
        files = write_reports(report, runtime.workspace.reports_dir)
    make_private(files)
    return ReplayOutput(report, files)


def run_replay(
    runtime: Runtime,
    *,
    sample: int | None = None,
    engine: DraftingEngine | None = None,
    progress: Progress | None = None,
) -> ReplayReport:
    """Replay ``sample`` held-out tickets (default: the charter's ``[replay] sample``)."""
    started = time.perf_counter()
    settings = runtime.charter.replay
    size = sample or settings.sample
    repo = TicketRepository(runtime.engine)
    history = repo.count()
    index = workspace_index(runtime, purpose="the replay drafts from past tickets")
    tick = _ticker(progress, "reading history", history)
    drawn = draw_sample(repo.iter_tickets(batch_size=5_000), size, settings.seed, tick)
    replay_id = start_replay(runtime.engine, len(drawn.cases), runtime.clock())
    owned = engine is None
    engine = engine or drafting_engine(runtime, record=False)
    rng = random.Random(settings.seed)
    critical = {c.casefold() for c in engine.settings.critical_categories}
    results: list[DraftResult] = []
    rows: dict[str, list[Attempted]] = {name: [] for name in SYSTEMS}
    for i, case in enumerate(drawn.cases):
        result = engine.draft(_request(case), exclude={case.ticket_id})
        results.append(result)
        hits = _retrieved(result, index, case, engine.settings.k)
        context = _context(case, hits, engine.template.system, engine.detector)
        rows["default"].append(_default_row(case, result))
        nearest = hits[0].reply if hits and hits[0].reply else None
        randomly = _random_reply(rng, drawn, case)
        if (case.category or "").casefold() in critical:  # the charter's routing binds them too
            nearest = randomly = None
        rows["nearest_reply"].append(_baseline_row("nearest_reply", case, nearest, context,
                                                   result.retrieval_ms))  # fmt: skip
        rows["random_reply"].append(_baseline_row("random_reply", case, randomly, context, 0.0))
        if progress is not None:
            progress("drafting", i + 1, len(drawn.cases))
    if owned:
        engine.close()
    DraftLog(runtime.engine).record_many(results, replay_id)
    calibration = _calibration(runtime, index, drawn, progress)
    _score(index, drawn.cases, rows, calibration.threshold, progress)
    report = _report(replay_id, drawn, history, calibration, rows, results, engine,
                     time.perf_counter() - started)  # fmt: skip
    finish_replay(runtime.engine, replay_id, report.as_dict(), runtime.clock())
    return report


def _ticker(progress: Progress | None, phase: str, total: int) -> Callable[[int], None] | None:
    if progress is None:
        return None
    done = 0

    def tick(step: int) -> None:
        nonlocal done
        done += step
        if done % 500 == 0 or done == total:
            progress(phase, done, total)

    return tick


def _retrieved(result: DraftResult, index: RetrievalIndex, case: ReplayCase, k: int) -> list[Hit]:
    """The past tickets the baselines draw on: what the engine retrieved, or (when it stopped
    before retrieving: a critical category, an injection) the same search made here."""
    hits = list(result.hits)
    if not hits:
        query = f"{case.subject}\n{case.text}".strip()
        filters = SearchFilters(created_to=case.created_at) if case.created_at else None
        hits = index.search(query, k=k + 1, filters=filters) if query else []
    return [h for h in hits if h.ticket_id != case.ticket_id][:k]


def _request(case: ReplayCase) -> DraftRequest:
    return DraftRequest(text=case.text, subject=case.subject, ticket_id=case.ticket_id,
                        category=case.category, created_at=case.created_at)  # fmt: skip


def _context(
    case: ReplayCase, hits: Sequence[Hit], system_prompt: str, detector: Detector
) -> DraftContext:
    retrieved = [mask_past(t, detector) for h in hits for t in (h.text, h.reply or "") if t]
    return DraftContext(ticket_text=case.text, ticket_subject=case.subject, retrieved=retrieved,
                        system_prompt=system_prompt)  # fmt: skip


def _default_row(case: ReplayCase, result: DraftResult) -> Attempted:
    failed = any(
        c.check in _CONTENT_CHECKS and not c.passed and c.severity == "block" for c in result.checks
    )
    return Attempted("default", case.ticket_id, case.category, result.is_draft, result.text,
                     failed, result.latency_ms, result.reason)  # fmt: skip


def _baseline_row(
    system: str, case: ReplayCase, text: str | None, context: DraftContext, latency_ms: float
) -> Attempted:
    if text is None:
        return Attempted(system, case.ticket_id, case.category, False, None, False, latency_ms,
                         "no_reply_to_give")  # fmt: skip
    checks = (GroundingCheck().run(text, context), LeakCheck().run(text, context))
    failed = any(not c.passed and c.severity == "block" for c in checks)
    return Attempted(system, case.ticket_id, case.category, True, text, failed, latency_ms)


def _random_reply(rng: random.Random, drawn: ReplaySample, case: ReplayCase) -> str | None:
    """A reply from a random other ticket created before this one (``None`` when none is)."""
    if case.created_at is None:
        older = drawn.pool
    else:
        older = [p for p in drawn.pool if p[1] is None or p[1] < case.created_at]
    return rng.choice(older)[2] if older else None


def _embed(
    index: RetrievalIndex, texts: list[str], phase: str, progress: Progress | None
) -> np.ndarray:
    """``texts`` embedded by the index's model, which batches and reports ``progress``."""
    report = None if progress is None else (lambda done, total: progress(phase, done, total))
    return index.embedder.embed(texts, progress=report)


def _calibration(
    runtime: Runtime, index: RetrievalIndex, drawn: ReplaySample, progress: Progress | None
) -> Calibration:
    fixed = runtime.charter.replay.acceptance_threshold
    if fixed is not None:
        return Calibration(fixed, "charter")
    if len(drawn.labelled) < 2:
        return calibrate_threshold(np.zeros((0, 1)), [])
    vectors = _embed(index, [reply for _, reply in drawn.labelled], "calibrating", progress)
    return calibrate_threshold(vectors, [category for category, _ in drawn.labelled],
                               seed=runtime.charter.replay.seed)  # fmt: skip


def _score(
    index: RetrievalIndex,
    cases: Sequence[ReplayCase],
    rows: dict[str, list[Attempted]],
    threshold: float,
    progress: Progress | None,
) -> None:
    references = {c.ticket_id: c.reply for c in cases}
    todo = [r for name in SYSTEMS for r in rows[name] if r.text is not None]
    ref_ids = list(references)
    vectors = _embed(index, [references[i] for i in ref_ids] + [r.text or "" for r in todo],
                     "comparing with the agents' replies", progress)  # fmt: skip
    ref_vectors = dict(zip(ref_ids, vectors[: len(ref_ids)], strict=True))
    for row, vector in zip(todo, vectors[len(ref_ids) :], strict=True):
        row.similarity = float(np.dot(ref_vectors[row.ticket_id], vector))
        row.fact_overlap = fact_overlap(references[row.ticket_id], row.text or "")
        row.accepted = row.delivered and not row.grounding_failed and row.similarity >= threshold


def _report(
    replay_id: int,
    drawn: ReplaySample,
    history: int,
    calibration: Calibration,
    rows: dict[str, list[Attempted]],
    results: list[DraftResult],
    engine: DraftingEngine,
    seconds: float,
) -> ReplayReport:
    systems = {name: figures_of(name, rows[name]) for name in SYSTEMS}
    by_category: dict[str, dict[str, list[Attempted]]] = {}
    for name in SYSTEMS:
        for row in rows[name]:
            by_category.setdefault(row.category or "untagged", {}).setdefault(name, []).append(row)
    ordered = sorted(by_category.items(), key=lambda item: -len(item[1]["default"]))
    categories = {cat: {n: figures_of(n, r) for n, r in systems_rows.items()}
                  for cat, systems_rows in ordered}  # fmt: skip
    reasons = Counter(reason for r in results if not r.is_draft for reason in r.reasons)
    examples = [_example(case, rows, i, engine.detector) for i, case in enumerate(drawn.cases[:8])]
    first = next((r for r in results if r.provider), None)
    return ReplayReport(
        replay_id=replay_id, sample=len(drawn.cases), qualifying=drawn.qualifying, history=history,
        calibration=calibration, systems=systems, categories=categories,
        fallback_reasons=dict(reasons.most_common()), prompt_version=engine.template.version,
        provider=first.provider if first else engine.provider.name,
        model=first.model if first else engine.provider.model, seconds=seconds, examples=examples,
    )  # fmt: skip


def _example(
    case: ReplayCase, rows: dict[str, list[Attempted]], i: int, detector: Detector
) -> dict[str, object]:
    """One held-out ticket with each system's text, PII-masked for the report (the brand's
    handles the index kept stay)."""

    def masked(text: str | None) -> str | None:
        return None if text is None else mask_past(text, detector)

    return {
        "ticket_id": case.ticket_id,
        "category": case.category,
        "ticket": mask_past(f"{case.subject}\n{case.text}".strip(), detector),
        "agent_reply": mask_past(case.reply, detector),
        **{
            name: {
                "text": masked(rows[name][i].text),
                "similarity": rows[name][i].similarity,
                "accepted": rows[name][i].accepted,
                "reason": rows[name][i].reason,
            }
            for name in SYSTEMS
        },
    }
