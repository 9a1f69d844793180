"""Metadata filters: what a search may return (`SearchFilters`) and the columns they test.

The columns live in memory as small numpy arrays (an int code per category, language and
scope, an epoch second per creation date, a liveness flag) so a filter costs one vectorised
pass.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

import numpy as np
import numpy.typing as npt

BoolArray = npt.NDArray[np.bool_]

#: Epoch seconds stored for a document with no creation date (never matches a date filter).
NO_DATE = np.iinfo(np.int64).min
_NO_CODE = -1


def epoch_seconds(moment: datetime) -> int:
    """Seconds since the epoch; a naive datetime is taken as UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return int(moment.timestamp())


def _as_set(value: str | Collection[str] | None) -> frozenset[str] | None:
    if value is None:
        return None
    if isinstance(value, str):
        return frozenset({value})
    return frozenset(value)


@dataclass(frozen=True, slots=True, init=False)
class SearchFilters:
    """Restricts a search to some categories, languages, scopes and a creation-date range.

    Each of `category`, `language` and `scope` takes one value or several (any of them
    matches); `created_from` is inclusive and `created_to` exclusive. A document with no value
    for a filtered field never matches that filter.

    >>> SearchFilters(category="BAGGAGE", language=["en", "fr"], scope="acme").is_empty
    False
    """

    categories: frozenset[str] | None = field(default=None)
    languages: frozenset[str] | None = field(default=None)
    created_from: datetime | None = field(default=None)
    created_to: datetime | None = field(default=None)
    scopes: frozenset[str] | None = field(default=None)

    def __init__(
        self,
        category: str | Collection[str] | None = None,
        language: str | Collection[str] | None = None,
        created_from: datetime | None = None,
        created_to: datetime | None = None,
        scope: str | Collection[str] | None = None,
    ) -> None:
        object.__setattr__(self, "categories", _as_set(category))
        object.__setattr__(self, "languages", _as_set(language))
        object.__setattr__(self, "created_from", created_from)
        object.__setattr__(self, "created_to", created_to)
        object.__setattr__(self, "scopes", _as_set(scope))

    @property
    def is_empty(self) -> bool:
        """True when the filters let every document through."""
        return (
            self.categories is None
            and self.languages is None
            and self.created_from is None
            and self.created_to is None
            and self.scopes is None
        )


class _Codes:
    """A growable int32 column of codes for string values (-1 for None)."""

    def __init__(self) -> None:
        self.values: list[str] = []
        self.code_of: dict[str, int] = {}
        self.column = np.empty(0, dtype=np.int32)

    def encode(self, value: str | None) -> int:
        if value is None:
            return _NO_CODE
        code = self.code_of.get(value)
        if code is None:
            code = len(self.values)
            self.values.append(value)
            self.code_of[value] = code
        return code

    def matching(self, wanted: frozenset[str]) -> BoolArray:
        codes = [self.code_of[v] for v in wanted if v in self.code_of]
        return np.isin(self.column, np.asarray(codes, dtype=np.int32))


#: one row's filterable values: (category, language, created_at, scope)
FilterRow = tuple[str | None, str | None, datetime | None, str | None]


class FilterColumns:
    """The filterable metadata of every row in the index, in row order."""

    def __init__(self) -> None:
        self._categories = _Codes()
        self._languages = _Codes()
        self._scopes = _Codes()
        self._created = np.empty(0, dtype=np.int64)
        self._alive = np.empty(0, dtype=np.bool_)

    def __len__(self) -> int:
        return len(self._alive)

    def append(self, rows: Iterable[FilterRow]) -> None:
        """Append (category, language, created_at, scope) for new rows, all alive."""
        cats: list[int] = []
        langs: list[int] = []
        scopes: list[int] = []
        dates: list[int] = []
        for category, language, created_at, scope in rows:
            cats.append(self._categories.encode(category))
            langs.append(self._languages.encode(language))
            scopes.append(self._scopes.encode(scope))
            dates.append(NO_DATE if created_at is None else epoch_seconds(created_at))
        for codes, new in ((self._categories, cats), (self._languages, langs),
                           (self._scopes, scopes)):  # fmt: skip
            codes.column = np.concatenate([codes.column, np.asarray(new, dtype=np.int32)])
        self._created = np.concatenate([self._created, np.asarray(dates, dtype=np.int64)])
        self._alive = np.concatenate([self._alive, np.ones(len(cats), dtype=np.bool_)])

    def scope_counts(self) -> dict[str, int]:
        """How many alive rows carry each scope value (rows without one are not counted)."""
        codes = self._scopes.column[self._alive]
        counts = np.bincount(codes[codes >= 0], minlength=len(self._scopes.values))
        return {value: int(n) for value, n in zip(self._scopes.values, counts, strict=True) if n}

    def retire(self, rows: Iterable[int]) -> None:
        """Mark rows as replaced by a newer version: no search returns them again."""
        self._alive[np.fromiter(rows, dtype=np.int64)] = False

    @property
    def alive(self) -> BoolArray:
        """The rows that searches may return (a view: do not modify)."""
        return self._alive

    @property
    def alive_count(self) -> int:
        """How many rows are alive."""
        return int(self._alive.sum())

    def mask(self, filters: SearchFilters) -> BoolArray:
        """The alive rows that pass `filters`."""
        keep = self._alive.copy()
        if filters.categories is not None:
            keep &= self._categories.matching(filters.categories)
        if filters.languages is not None:
            keep &= self._languages.matching(filters.languages)
        if filters.scopes is not None:
            keep &= self._scopes.matching(filters.scopes)
        if filters.created_from is not None or filters.created_to is not None:
            keep &= self._created != NO_DATE
        if filters.created_from is not None:
            keep &= self._created >= epoch_seconds(filters.created_from)
        if filters.created_to is not None:
            keep &= self._created < epoch_seconds(filters.created_to)
        return keep
