"""The replay's per-ticket results: what the default drafter did for each held-out ticket.

The replay summary (``replays.summary``) keeps the aggregates; these rows keep, per held-out
ticket, what the pilot simulator needs to play agents over it: delivered or not, similarity to
the reply the agent really sent, a grounding failure, latency, the fallback reason, both texts'
lengths and their edit distance.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import astuple, dataclass, fields

from sqlalchemy import Engine, insert, select

from ticketpilot.store.tables import replay_results, replays


@dataclass(frozen=True, slots=True)
class ReplayResultRow:
    """One held-out ticket's result under the default drafter."""

    ticket_id: str
    category: str | None
    delivered: bool
    similarity: float | None
    grounding_failed: bool
    latency_ms: float
    reason: str
    draft_chars: int
    reply_chars: int
    edit_distance: int | None


_FIELDS = tuple(f.name for f in fields(ReplayResultRow))


def save_replay_results(engine: Engine, replay_id: int, rows: Sequence[ReplayResultRow]) -> int:
    """Store a replay's per-ticket rows; returns how many."""
    values = [{"replay_id": replay_id, **dict(zip(_FIELDS, astuple(r), strict=True))}
              for r in rows]  # fmt: skip
    if values:
        with engine.begin() as connection:
            connection.execute(insert(replay_results), values)
    return len(values)


@dataclass(frozen=True, slots=True)
class ReplayResults:
    """One replay's per-ticket rows and the prompt version it drafted with."""

    replay_id: int
    prompt_version: str
    rows: list[ReplayResultRow]


def latest_replay_results(engine: Engine) -> ReplayResults | None:
    """The newest finished replay that has per-ticket rows (``None``: none has)."""
    latest = (
        select(replays.c.id)
        .where(replays.c.finished_at.is_not(None))
        .where(replays.c.id.in_(select(replay_results.c.replay_id)))
        .order_by(replays.c.id.desc())
        .limit(1)
    )
    with engine.connect() as connection:
        found = connection.execute(
            select(replays.c.id, replays.c.summary).where(replays.c.id.in_(latest))
        ).first()
        if found is None:
            return None
        replay_id, summary = found
        query = (
            select(*(replay_results.c[name] for name in _FIELDS))
            .where(replay_results.c.replay_id == replay_id)
            .order_by(replay_results.c.id)
        )
        rows = [ReplayResultRow(*row) for row in connection.execute(query)]
    version = (summary or {}).get("prompt_version") or "unknown"
    return ReplayResults(int(replay_id), str(version), rows)
