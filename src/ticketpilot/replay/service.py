"""The replay use case: the default drafter and two baselines over the same held-out tickets.

For each held-out ticket the engine drafts from older history only (the ticket itself and
anything created after it are out of reach); in the same pass the two baselines answer it - the
nearest past ticket's reply verbatim (the same retrieval's top hit) and a random past reply
from older history. All three texts are checked for grounding and leaks against the same
context and embedded with the index's model to compare with the reply the agent sent.

With ``[scope] partition`` every system stays inside the held-out ticket's scope (its brand...):
the drafter's retrieval is filtered, the nearest reply comes from that retrieval, the random
reply from the scope's own history, and the acceptance threshold is calibrated on pairs of
replies within one scope.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ticketpilot.drafting.engine import DraftingEngine, DraftRequest, request_filters
from ticketpilot.drafting.result import DraftResult
from ticketpilot.drafting.service import drafting_engine
from ticketpilot.drafting.sources import mask_past
from ticketpilot.pii import Detector
from ticketpilot.pilot.editdistance import levenshtein
from ticketpilot.replay.metrics import Calibration, calibrate_threshold, fact_overlap
from ticketpilot.replay.model import SYSTEMS, Attempted, ReplayReport, figures_of
from ticketpilot.replay.render import write_reports
from ticketpilot.replay.rows import (
    baseline_row,
    default_row,
    mark_links,
    random_reply,
    review_context,
)
from ticketpilot.replay.sample import ReplayCase, ReplaySample, draw_sample
from ticketpilot.retrieval import Hit, RetrievalIndex
from ticketpilot.retrieval.service import workspace_index
from ticketpilot.runtime import Runtime
from ticketpilot.store.drafts import DraftLog, finish_replay, start_replay
from ticketpilot.store.replay_results import ReplayResultRow, save_replay_results
from ticketpilot.store.tickets import TicketRepository
from ticketpilot.workspace import make_private, private_files

#: ``progress(phase, done, total)``
Progress = Callable[[str, int, int], None]


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
    partition = runtime.charter.scope.partition
    drawn = draw_sample(repo.iter_tickets(batch_size=5_000), size, settings.seed, tick, partition)
    replay_id = start_replay(runtime.engine, len(drawn.cases), runtime.clock())
    owned = engine is None
    engine = engine or drafting_engine(runtime, record=False)
    results: list[DraftResult] = []
    rows: dict[str, list[Attempted]] = {name: [] for name in SYSTEMS}
    rng = random.Random(settings.seed)
    for i, case in enumerate(drawn.cases):
        result = engine.draft(case_request(case), exclude={case.ticket_id})
        results.append(result)
        _baselines(case, result, index, engine, (drawn, rng), rows)
        for name in SYSTEMS:
            mark_links(rows[name][-1], case, drawn)
        if progress is not None:
            progress("drafting", i + 1, len(drawn.cases))
    if owned:
        engine.close()
    DraftLog(runtime.engine).record_many(results, replay_id)
    calibration = replay_calibration(runtime, index, drawn, progress)
    score_rows(index, drawn.cases, rows, calibration.threshold, progress)
    report = _report(replay_id, drawn, history, calibration, rows, results, engine,
                     time.perf_counter() - started)  # fmt: skip
    report.partition = partition
    save_replay_results(runtime.engine, replay_id, _results(rows["default"], drawn.cases))
    finish_replay(runtime.engine, replay_id, report.as_dict(), runtime.clock())
    return report


def _baselines(
    case: ReplayCase,
    result: DraftResult,
    index: RetrievalIndex,
    engine: DraftingEngine,
    pool: tuple[ReplaySample, random.Random],
    rows: dict[str, list[Attempted]],
) -> None:
    """The drafter's row and both baselines' for ``case``, bound by the same routing: a
    critical category or (with a partition) a ticket without a scope value gets no text.
    The random reply is drawn from ``pool``'s sample with its generator."""
    drawn, rng = pool
    rows["default"].append(default_row(case, result))
    hits = _retrieved(result, index, case, engine.settings.k)
    context = review_context(case, hits, engine.template.system, engine.detector)
    top = hits[0] if hits and hits[0].reply else None
    scoped = engine.settings.partition is not None and case.scope is not None
    drawn_reply = random_reply(rng, drawn.pool, case, scoped)
    critical = {c.casefold() for c in engine.settings.critical_categories}
    reason = "no_reply_to_give"
    if (case.category or "").casefold() in critical:
        top, drawn_reply, reason = None, None, "critical_category"
    elif "no_scope" in result.reasons:
        top, drawn_reply, reason = None, None, "no_scope"
    rows["nearest_reply"].append(baseline_row(
        "nearest_reply", case, top.reply if top else None, context, result.retrieval_ms,
        source_scope=top.scope if top else None, reason=reason,
    ))  # fmt: skip
    rows["random_reply"].append(baseline_row(
        "random_reply", case, drawn_reply[2] if drawn_reply else None, context, 0.0,
        source_scope=drawn_reply[3] if drawn_reply else None, reason=reason,
    ))  # fmt: skip


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
    if not hits and "no_scope" not in result.reasons:
        query = f"{case.subject}\n{case.text}".strip()
        filters = request_filters(case_request(case))
        hits = index.search(query, k=k + 1, filters=filters) if query else []
    return [h for h in hits if h.ticket_id != case.ticket_id][:k]


def case_request(case: ReplayCase) -> DraftRequest:
    return DraftRequest(text=case.text, subject=case.subject, ticket_id=case.ticket_id,
                        category=case.category, created_at=case.created_at,
                        scope=case.scope)  # fmt: skip


def _embed(
    index: RetrievalIndex, texts: list[str], phase: str, progress: Progress | None
) -> np.ndarray:
    """``texts`` embedded by the index's model, which batches and reports ``progress``."""
    report = None if progress is None else (lambda done, total: progress(phase, done, total))
    return index.embedder.embed(texts, progress=report)


def replay_calibration(
    runtime: Runtime, index: RetrievalIndex, drawn: ReplaySample, progress: Progress | None
) -> Calibration:
    fixed = runtime.charter.replay.acceptance_threshold
    if fixed is not None:
        return Calibration(fixed, "charter")
    if len(drawn.labelled) < 2:
        return calibrate_threshold(np.zeros((0, 1)), [])
    partition = runtime.charter.scope.partition
    vectors = _embed(index, [reply for _, reply, _ in drawn.labelled], "calibrating", progress)
    return calibrate_threshold(
        vectors, [category for category, _, _ in drawn.labelled],
        seed=runtime.charter.replay.seed,
        scopes=[scope for _, _, scope in drawn.labelled] if partition else None,
        within=partition,
    )  # fmt: skip


def score_rows(
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
        row.accepted = (row.delivered and not row.grounding_failed and not row.outside_links
                        and row.similarity >= threshold)  # fmt: skip


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
        link_field=drawn.link_field, scopes=len(drawn.domains),
    )  # fmt: skip


def _results(rows: Sequence[Attempted], cases: Sequence[ReplayCase]) -> list[ReplayResultRow]:
    """The drafter's row per held-out ticket, kept for the pilot simulator (docs/pilot.md)."""
    return [
        ReplayResultRow(
            ticket_id=row.ticket_id, category=row.category, delivered=row.delivered,
            similarity=row.similarity, grounding_failed=row.grounding_failed,
            latency_ms=row.latency_ms, reason=row.reason, draft_chars=len(row.text or ""),
            reply_chars=len(case.reply),
            edit_distance=levenshtein(row.text, case.reply) if row.text else None,
        )
        for row, case in zip(rows, cases, strict=True)
    ]  # fmt: skip


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
        "scope": case.scope,
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
