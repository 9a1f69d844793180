"""What goes into the index (`IndexedDoc`) and what comes out of a search (`Hit`)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

#: How a search ranks: BM25 only, embeddings only, or both fused.
SearchMode = Literal["hybrid", "lexical", "dense"]

#: A PII redaction hook (e.g. from `ticketpilot.pii`), applied to text shown to someone else.
RedactFn = Callable[[str], str]


@dataclass(frozen=True, slots=True)
class IndexedDoc:
    """One past ticket as the index sees it.

    `text` is what is matched (the customer's first message, or subject and body); `reply` is
    the agent's reply, stored for display only and never matched. `scope` is the value of the
    field that partitions history (a brand, say: which field is the caller's choice, recorded
    in the manifest as `scope_field`); `SearchFilters(scope=...)` keeps a search inside one.
    """

    ticket_id: str
    text: str
    category: str | None = None
    language: str | None = None
    created_at: datetime | None = None
    reply: str | None = None
    scope: str | None = None


@dataclass(frozen=True, slots=True)
class Hit:
    """One search result, best first (`rank` 1 is the best).

    `score` is what the ranking used; `lexical_score` (BM25) and `dense_score` (cosine) are the
    components where they were computed, `None` otherwise.
    """

    ticket_id: str
    rank: int
    score: float
    lexical_score: float | None
    dense_score: float | None
    category: str | None
    language: str | None
    created_at: datetime | None
    text: str
    reply: str | None
    scope: str | None = None

    @classmethod
    def of(
        cls,
        doc: IndexedDoc,
        rank: int,
        score: float,
        lexical_score: float | None,
        dense_score: float | None,
    ) -> Hit:
        """The hit for an indexed document at `rank` with these scores."""
        return cls(
            doc.ticket_id, rank, score, lexical_score, dense_score,
            doc.category, doc.language, doc.created_at, doc.text, doc.reply, doc.scope,
        )  # fmt: skip

    def redacted(self, redact: RedactFn) -> Hit:
        """This hit with its text and reply passed through `redact` (for showing it to others)."""
        reply = None if self.reply is None else redact(self.reply)
        return dataclasses.replace(self, text=redact(self.text), reply=reply)
