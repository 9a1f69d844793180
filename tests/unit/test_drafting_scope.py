"""The drafting engine and scopes: what it asks retrieval for, and a ticket without a scope."""

from __future__ import annotations

from datetime import datetime

from ticketpilot.drafting.engine import DraftingEngine, DraftRequest, EngineSettings
from ticketpilot.drafting.providers.extractive import ExtractiveProvider
from ticketpilot.retrieval import Hit, SearchFilters

PAST = [
    Hit(f"{brand}-{i}", i + 1, 0.9, None, 0.9, "shipping", "en", datetime(2024, 1, i + 1),
        "my parcel never arrived", f"Parcels take 10 days, see https://{brand}-help.com/t", brand)
    for brand in ("acme", "globex") for i in range(3)
]  # fmt: skip


class FakeIndex:
    """Answers like the index: filters by scope and date, remembers what it was asked."""

    def __init__(self) -> None:
        self.asked: list[SearchFilters | None] = []

    def __call__(self, query: str, k: int, filters: SearchFilters | None) -> list[Hit]:
        self.asked.append(filters)
        hits = PAST
        if filters is not None and filters.scopes is not None:
            hits = [h for h in hits if h.scope in filters.scopes]
        if filters is not None and filters.created_to is not None:
            hits = [h for h in hits if h.created_at and h.created_at < filters.created_to]
        return hits[:k]


def _engine(index: FakeIndex, unscoped: str = "human") -> DraftingEngine:
    settings = EngineSettings(partition="brand", unscoped=unscoped, min_retrieval_score=0.0)  # type: ignore[arg-type]
    return DraftingEngine(index, ExtractiveProvider(), settings)


def test_a_scoped_request_searches_its_scope_only() -> None:
    index = FakeIndex()
    created = datetime(2024, 1, 3)
    request = DraftRequest("my parcel never arrived", scope="globex", created_at=created)
    result = _engine(index).draft(request)
    assert index.asked == [SearchFilters(scope="globex", created_to=created)]
    assert result.is_draft and result.scope == "globex" and "unscoped" not in result.flags
    assert {c.ticket_id for c in result.citations} == {"globex-0", "globex-1"}
    assert "globex-help.com" in (result.text or "") and "acme" not in (result.text or "")


def test_no_scope_value_goes_to_a_human_without_searching() -> None:
    index = FakeIndex()
    result = _engine(index).draft(DraftRequest("my parcel never arrived"))
    assert index.asked == [] and not result.is_draft and result.reasons == ("no_scope",)


def test_unscoped_all_searches_everything_and_flags_the_draft() -> None:
    index = FakeIndex()
    result = _engine(index, unscoped="all").draft(DraftRequest("my parcel never arrived"))
    assert index.asked == [None] and result.scope is None and "unscoped" in result.flags
    assert {c.ticket_id.split("-")[0] for c in result.citations} == {"acme", "globex"}


def test_without_a_partition_nothing_changes() -> None:
    index = FakeIndex()
    engine = DraftingEngine(index, ExtractiveProvider(), EngineSettings(min_retrieval_score=0.0))
    result = engine.draft(DraftRequest("my parcel never arrived"))
    assert index.asked == [None] and "unscoped" not in result.flags and result.reasons == ()
