"""The draft log: every drafting call's outcome, tokens, cost, latency, prompt and provider.

The drafted text is kept as the provider wrote it, with this ticket's PII as placeholders, and
the checks' evidence (which quotes the draft: a leaked e-mail, a number) is masked, so the log
never holds PII. Replays group their drafts under a ``replays`` row.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, func, insert, select, update

from ticketpilot.drafting.checks import CheckOutcome
from ticketpilot.drafting.result import DraftResult, check_dict
from ticketpilot.pii import mask_preview
from ticketpilot.store.tables import drafts, replays


def draft_row(result: DraftResult, replay_id: int | None = None) -> dict[str, Any]:
    return {
        "created_at": result.created_at,
        "ticket_id": result.ticket_id,
        "replay_id": replay_id,
        "outcome": result.outcome,
        "reasons": list(result.reasons),
        "flags": list(result.flags),
        "provider": result.provider,
        "model": result.model,
        "prompt_version": result.prompt_version,
        "input_tokens": result.input_tokens,
        "output_tokens": result.output_tokens,
        "cost": result.cost,
        "latency_ms": result.latency_ms,
        "retrieval_ms": result.retrieval_ms,
        "generation_ms": result.generation_ms,
        "attempts": result.attempts,
        "top_score": result.top_score,
        "citations": [c.as_dict() for c in result.citations],
        "checks": [_logged_check(c) for c in result.checks],
        "draft_redacted": result.redacted_text,
    }


def _logged_check(outcome: CheckOutcome) -> dict[str, Any]:
    """A check's outcome as the log keeps it: its evidence PII-masked."""
    row = check_dict(outcome)
    row["evidence"] = [mask_preview(e) for e in row["evidence"]]
    return row


class DraftLog:
    """Writes drafting calls; the engine's recorder is :meth:`record`."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def record(self, result: DraftResult) -> None:
        self.record_many([result])

    def record_many(self, results: Iterable[DraftResult], replay_id: int | None = None) -> int:
        rows = [draft_row(r, replay_id) for r in results]
        if rows:
            with self.engine.begin() as connection:
                connection.execute(insert(drafts), rows)
        return len(rows)

    def add(self, result: DraftResult) -> int:
        """Record one call and return its row id (the pilot links the draft it showed)."""
        with self.engine.begin() as connection:
            return self.insert(connection, result)

    @staticmethod
    def insert(connection: Connection, result: DraftResult) -> int:
        """:meth:`add` in the caller's transaction."""
        inserted = connection.execute(insert(drafts).values(**draft_row(result)))
        return int(inserted.inserted_primary_key[0])  # type: ignore[index]

    def find(self, result: DraftResult) -> int | None:
        """The row id of a call already recorded (by ticket and time, outside any replay)."""
        query = (
            select(drafts.c.id)
            .where(
                drafts.c.ticket_id == result.ticket_id,
                drafts.c.replay_id.is_(None),
                drafts.c.created_at == result.created_at,
            )
            .order_by(drafts.c.id.desc())
            .limit(1)
        )
        with self.engine.connect() as connection:
            found = connection.execute(query).scalar_one_or_none()
        return None if found is None else int(found)

    def get(self, draft_id: int) -> dict[str, Any] | None:
        """One recorded call by row id."""
        with self.engine.connect() as connection:
            row = connection.execute(select(drafts).where(drafts.c.id == draft_id)).first()
        return None if row is None else dict(row._mapping)

    def rows(self, replay_id: int | None = None) -> list[dict[str, Any]]:
        query = select(drafts).order_by(drafts.c.id)
        if replay_id is not None:
            query = query.where(drafts.c.replay_id == replay_id)
        with self.engine.connect() as connection:
            return [dict(row._mapping) for row in connection.execute(query)]

    def count(self) -> int:
        with self.engine.connect() as connection:
            return int(connection.execute(select(func.count()).select_from(drafts)).scalar_one())


def start_replay(engine: Engine, sample: int, now: datetime) -> int:
    with engine.begin() as connection:
        result = connection.execute(insert(replays).values(started_at=now, sample=sample))
        return int(result.inserted_primary_key[0])  # type: ignore[index]


def finish_replay(engine: Engine, replay_id: int, summary: dict[str, Any], now: datetime) -> None:
    with engine.begin() as connection:
        connection.execute(
            update(replays)
            .where(replays.c.id == replay_id)
            .values(finished_at=now, summary=summary)
        )


def latest_replay(engine: Engine) -> dict[str, Any] | None:
    with engine.connect() as connection:
        row = connection.execute(
            select(replays.c.summary)
            .where(replays.c.finished_at.is_not(None))
            .order_by(replays.c.id.desc())
            .limit(1)
        ).scalar_one_or_none()
    return dict(row) if row else None
