"""The drift use case: the workspace's feedback, tickets and texts through every detector.

``ticketpilot drift``, and later the dashboard, the weekly report and the gate, call
:func:`run_drift`; it builds the inputs from the store (:func:`drift_inputs`), runs the
registered detectors, keeps their alerts (``drift_alerts``) and returns the lot.

Feedback comes from the pilot when it has any. Until then (and for workspaces without a
pilot) :func:`feedback_from_store` reads the draft log: there "accepted" means a draft reached
the agent rather than a human fallback, and the frame says so in its ``measure``. The pilot
service plugs in by passing its own frame::

    frame = FeedbackFrame.from_events(events, measure="agent sent the draft, edited or not")
    report = run_drift(runtime, feedback=frame)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
from sqlalchemy import Engine

from ticketpilot.monitor.detectors import (
    DetectorRegistry,
    DriftInputs,
    Verdict,
)
from ticketpilot.monitor.frame import FeedbackFrame, TextFrame, TicketFrame, month_of
from ticketpilot.pii import mask_preview
from ticketpilot.pilot.log import KIND, EventLog
from ticketpilot.retrieval.cache import CachedEmbedder, EmbeddingCache
from ticketpilot.retrieval.embedder import ProgressFn
from ticketpilot.retrieval.index import CACHE_FILE
from ticketpilot.retrieval.manifest import Manifest
from ticketpilot.retrieval.models import create_embedder
from ticketpilot.retrieval.service import indexed_doc
from ticketpilot.runtime import Runtime
from ticketpilot.store.drift_alerts import DriftAlerts, StoredAlert
from ticketpilot.store.drift_inputs import load_drafts, load_ticket_days, load_ticket_texts
from ticketpilot.store.pilot_event_log import read_event_log
from ticketpilot.tickets.model import Message, Role, Ticket

#: Tickets embedded per calendar month at most (the text detectors sample within these).
TEXTS_PER_MONTH = 2000
DRAFT_LOG_MEASURE = "draft reached the agent (not a human fallback); no agent verdicts logged yet"


@dataclass(frozen=True)
class DriftReport:
    """One drift run: every detector's verdict, the alerts it kept, and what it read."""

    generated_at: datetime
    verdicts: tuple[Verdict, ...]
    new_alerts: tuple[str, ...]
    alerts: tuple[StoredAlert, ...]
    sources: dict[str, str] = field(default_factory=dict)

    @property
    def drifting(self) -> list[Verdict]:
        return [v for v in self.verdicts if v.status == "drift"]

    def as_dict(self) -> dict[str, Any]:
        return {
            "generated_at": self.generated_at.isoformat(),
            "sources": self.sources,
            "verdicts": [v.as_dict() for v in self.verdicts],
            "new_alerts": list(self.new_alerts),
            "alerts": [a.as_dict() for a in self.alerts],
        }


def run_detectors(inputs: DriftInputs, detectors: DetectorRegistry) -> tuple[Verdict, ...]:
    """Every registered detector's verdict on ``inputs``, in registration order (pure)."""
    return tuple(detector.run(inputs) for detector in detectors)


def run_drift(
    runtime: Runtime,
    *,
    feedback: FeedbackFrame | None = None,
    detectors: DetectorRegistry | None = None,
    texts: bool = True,
    progress: ProgressFn | None = None,
) -> DriftReport:
    """Build the inputs, run the detectors, keep new alerts, return verdicts and alerts."""
    inputs, sources = drift_inputs(runtime, feedback=feedback, texts=texts, progress=progress)
    verdicts = run_detectors(inputs, detectors if detectors is not None else runtime.detectors)
    now = runtime.clock()
    repository = DriftAlerts(runtime.engine)
    fresh = repository.record([a for v in verdicts for a in v.alerts], now)
    return DriftReport(now, verdicts, tuple(fresh), tuple(repository.list()), sources)


def list_alerts(runtime: Runtime, limit: int = 50) -> list[StoredAlert]:
    """The stored alerts, most recently detected first."""
    return DriftAlerts(runtime.engine).list(limit)


def drift_inputs(
    runtime: Runtime,
    *,
    feedback: FeedbackFrame | None = None,
    texts: bool = True,
    progress: ProgressFn | None = None,
) -> tuple[DriftInputs, dict[str, str]]:
    """The detectors' inputs from the workspace, and a line on where each came from."""
    frame = feedback if feedback is not None else feedback_from_store(runtime)
    ids, created, categories = load_ticket_days(runtime.engine)
    days = _day_numbers(created)
    tickets = TicketFrame.from_labels(days, categories)
    text_frame = ticket_texts(runtime, ids, days, progress) if texts else None
    sources = {
        "feedback": f"{len(frame):,} events; accepted = {frame.measure}",
        "tickets": f"{len(tickets):,} tickets with a creation date",
        "texts": (
            f"{len(text_frame):,} tickets embedded with {text_frame.embedder} (at most "
            f"{TEXTS_PER_MONTH:,} a month)"
            if text_frame is not None
            else "none: no retrieval index in this workspace (`ticketpilot index`)"
            if texts
            else "not read (text detectors off)"
        ),
    }
    return DriftInputs(frame, tickets, text_frame), sources


#: what "accepted" means when the frame comes from the live pilot's events
PILOT_MEASURE = (
    "the agent sent the draft unchanged (live pilot events: accepted vs edited/rejected)"
)
_REPLIES = ("accepted", "edited", "rejected")


def feedback_from_log(log: EventLog) -> FeedbackFrame | None:
    """The agents' verdicts on drafts in a pilot's events: one row per treatment ticket's first
    reply event (accepted = sent unchanged; edited or rejected = not), dated when it was sent,
    with the ticket's category (from ``assigned``) and the prompt version first shown; ``None``
    when the pilot has no verdict yet."""
    log = log.in_time_order()
    reply = log.first_of(*_REPLIES)
    tickets = np.flatnonzero(reply >= 0)
    if not tickets.size:
        return None
    order = np.argsort(reply[tickets], kind="stable")  # in the time order of the replies
    tickets = tickets[order]
    rows = reply[tickets]
    assigned, shown = log.first_of("assigned")[tickets], log.first_of("shown")[tickets]
    category = [log.category[r] if r >= 0 else None for r in assigned]
    prompt = [log.prompt_version[r] if r >= 0 else None for r in shown]
    epoch_days = log.at[rows].astype("datetime64[D]").astype(np.int32)
    return FeedbackFrame.from_labels(
        epoch_days,
        [c or "untagged" for c in category],
        [p or "unknown" for p in prompt],
        log.kind[rows] == KIND["accepted"],
        PILOT_MEASURE,
    )


def feedback_from_pilot(engine: Engine, pilot: str = "live") -> FeedbackFrame | None:
    """:func:`feedback_from_log` of the events stored for ``pilot``."""
    log, _ = read_event_log(engine, pilot)
    return feedback_from_log(log)


def feedback_from_store(runtime: Runtime) -> FeedbackFrame:
    """Feedback from the live pilot's events when agents have judged drafts; until then from
    the draft log (live drafts, else the latest replay), where "accepted" means a draft reached
    the agent (the frame's ``measure`` says which)."""
    pilot = feedback_from_log(runtime.event_logs.get(runtime.engine, "live"))
    if pilot is not None:
        return pilot
    log = load_drafts(runtime.engine)
    days = _day_numbers(log.at)
    accepted = [outcome == "draft" for outcome in log.outcome]
    measure = f"{DRAFT_LOG_MEASURE} ({log.source})"
    return FeedbackFrame.from_labels(days, log.category, log.prompt_version, accepted, measure)


def ticket_texts(
    runtime: Runtime, ids: list[str], days: np.ndarray, progress: ProgressFn | None = None
) -> TextFrame | None:
    """Up to :data:`TEXTS_PER_MONTH` tickets a month, embedded by the index's own model.

    Vectors come through the index's embedding cache, so tickets the index already holds cost
    a lookup, and any new ones are embedded once and kept. ``None`` without an index.
    """
    manifest = Manifest.load(runtime.workspace.index_dir)
    if manifest is None or not ids:
        return None
    rng = np.random.default_rng(7)
    months = month_of(days)
    chosen = np.concatenate([_sample(np.flatnonzero(months == m), rng) for m in np.unique(months)])
    raw = load_ticket_texts(runtime.engine, [ids[i] for i in chosen])
    rows = [(int(i), _indexed_text(ids[i], raw[ids[i]])) for i in chosen if ids[i] in raw]
    rows = [(i, text) for i, text in rows if text]
    cache = EmbeddingCache(runtime.workspace.index_dir / CACHE_FILE)
    try:
        embedder = CachedEmbedder(create_embedder(manifest.model, runtime.embedders), cache)
        vectors = embedder.embed([text for _, text in rows], progress=progress)
    finally:
        cache.close()
    keep = np.array([i for i, _ in rows], dtype=np.int64)
    return TextFrame(
        vectors,
        days[keep],
        tuple(t for _, t in rows),
        tuple(ids[i] for i in keep),
        manifest.model,
        mask=_mask,
    )


def _sample(rows: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    if len(rows) <= TEXTS_PER_MONTH:
        return rows
    return np.sort(rng.choice(rows, size=TEXTS_PER_MONTH, replace=False))


def _indexed_text(ticket_id: str, parts: tuple[str, str, str]) -> str:
    """The text the index embedded for this ticket (so the cache already holds its vector)."""
    subject, body, customer = parts
    thread = [Message(Role.CUSTOMER, customer)] if customer else []
    doc = indexed_doc(Ticket(id=ticket_id, subject=subject, body=body, messages=thread))
    return doc.text if doc else ""


def _mask(text: str) -> str:
    return mask_preview(text, style="type")


def _day_numbers(times: list[datetime]) -> np.ndarray:
    if not times:
        return np.zeros(0, dtype=np.int32)
    stamps = np.array(times, dtype="datetime64[us]")
    return stamps.astype("datetime64[D]").astype(np.int64).astype(np.int32)
