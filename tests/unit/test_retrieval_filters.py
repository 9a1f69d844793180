"""Metadata filters: normalisation and the masks they produce."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from ticketpilot.retrieval.filters import FilterColumns, SearchFilters

ROWS = [
    ("BAGGAGE", "en", datetime(2024, 1, 10), "acme"),
    ("DELAY", "en", datetime(2024, 2, 10), "globex"),
    ("BAGGAGE", "fr", datetime(2024, 3, 10), "globex"),
    (None, None, None, None),
]


def _columns() -> FilterColumns:
    columns = FilterColumns()
    columns.append(ROWS)
    return columns


def test_filters_accept_one_value_or_several() -> None:
    assert SearchFilters(category="A").categories == frozenset({"A"})
    assert SearchFilters(language=["en", "fr"]).languages == frozenset({"en", "fr"})
    assert SearchFilters().is_empty
    assert not SearchFilters(created_to=datetime(2024, 1, 1)).is_empty


def test_category_and_language_masks() -> None:
    columns = _columns()
    assert columns.mask(SearchFilters()).tolist() == [True, True, True, True]
    assert columns.mask(SearchFilters(category="BAGGAGE")).tolist() == [True, False, True, False]
    both = SearchFilters(category="BAGGAGE", language="en")
    assert columns.mask(both).tolist() == [True, False, False, False]
    assert not columns.mask(SearchFilters(category="UNKNOWN")).any()


def test_date_range_is_from_inclusive_to_exclusive_and_skips_undated() -> None:
    columns = _columns()
    window = SearchFilters(created_from=datetime(2024, 2, 10), created_to=datetime(2024, 3, 10))
    assert columns.mask(window).tolist() == [False, True, False, False]
    since = SearchFilters(created_from=datetime(2024, 1, 1))
    assert columns.mask(since).tolist() == [True, True, True, False]


def test_naive_dates_are_utc_and_aware_dates_compare_by_instant() -> None:
    columns = FilterColumns()
    paris = timezone(timedelta(hours=1))
    columns.append([(None, None, datetime(2024, 1, 1, 0, 30, tzinfo=paris), None)])  # 23:30 UTC
    assert columns.mask(SearchFilters(created_to=datetime(2024, 1, 1, tzinfo=UTC))).all()
    assert not columns.mask(SearchFilters(created_from=datetime(2024, 1, 1))).any()


def test_retired_rows_never_match() -> None:
    columns = _columns()
    columns.retire([0])
    assert columns.alive_count == 3
    assert columns.mask(SearchFilters(category="BAGGAGE")).tolist() == [False, False, True, False]


def test_scope_masks_keep_one_scope_and_never_rows_without_one() -> None:
    columns = _columns()
    assert SearchFilters(scope="acme").scopes == frozenset({"acme"})
    assert not SearchFilters(scope="acme").is_empty
    assert columns.mask(SearchFilters(scope="globex")).tolist() == [False, True, True, False]
    both = SearchFilters(scope="globex", category="BAGGAGE")
    assert columns.mask(both).tolist() == [False, False, True, False]
    assert not columns.mask(SearchFilters(scope="initech")).any()
    assert columns.scope_counts() == {"acme": 1, "globex": 2}
    columns.retire([1])
    assert columns.scope_counts() == {"acme": 1, "globex": 1}
