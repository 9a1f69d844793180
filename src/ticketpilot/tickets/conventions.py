"""How a file writes its dates and ratings, told from its first records before any is built.

Two things about an export cannot be read from one value: whether ``03/05/2024`` is 3 May or
5 March, and whether a ``7`` rates 7 of 10 or is damage on a 1..5 scale. The generic importers
(CSV, JSON Lines, Parquet, flat JSON) hold back their first :data:`SAMPLE_RECORDS` records,
show each to a :class:`Profiler`, and build every ticket under the :class:`Conventions` it
settles on; the rest of the file streams as before. The user may name either instead
(``--date-order``, ``--csat-scale``). What was used, and from what evidence, is kept in the
file's :class:`ReadNotes` and shown in the import result.

Date order: a numeric date with a first number over 12 can only be day first, a second number
over 12 only month first. The order the file's unambiguous dates agree on is used; when they
disagree (more than :data:`MINORITY_SHARE` the other way), or when the sample holds ambiguous
dates and no unambiguous one, the file is refused with what was seen: a guess would shift
every such date silently.

CSAT scale: 1..5 unless the ratings say otherwise: 0..100 when most are over 10, 1..10 when at
least a fifth are over 5, good/bad when the numbers are exactly 0 and 1 (or the words). A
few values beyond a scale do not move it: they are the damage that scale quarantines.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from ticketpilot.errors import ImportFileError
from ticketpilot.tickets.csat import CSAT_SCALES, SCALE_NAMES
from ticketpilot.tickets.dates import DATE_ORDERS, ORDER_NAMES, numeric_date_reading

SAMPLE_RECORDS = 2_000
"""Records read ahead to tell a file's conventions (about a megabyte of a typical export)."""
MINORITY_SHARE = 0.1
"""The most unambiguous dates that may disagree with the rest before a file is refused."""
DATE_TARGETS = ("created_at", "first_response_at", "resolved_at")


@dataclass(slots=True, frozen=True)
class Finding:
    """A convention a file was read with: its value and what it was told from."""

    value: str
    evidence: str


@dataclass(slots=True)
class ReadNotes:
    """What an importer learned about a file while reading it, for the import result."""

    date_order: Finding | None = None
    csat_scale: Finding | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass(slots=True, frozen=True)
class Conventions:
    """How a file's values are read: its date order (``None``: no numeric dates seen, each is
    read the only way it can be) and the scale its ratings are on."""

    date_order: str | None = None
    csat_scale: str = "1-5"


@dataclass(slots=True)
class _Example:
    count: int = 0
    value: str = ""
    line: int = 0

    def add(self, value: str, line: int) -> None:
        if not self.count:
            self.value, self.line = value, line
        self.count += 1

    def __str__(self) -> str:
        return f"{self.count:,} (first {self.value!r} at line {self.line})"


@dataclass(slots=True)
class Profiler:
    """Collects the evidence of a file's conventions from the records read ahead."""

    date_columns: tuple[str, ...]
    csat_columns: tuple[str, ...]
    records: int = 0
    readings: dict[str, _Example] = field(
        default_factory=lambda: {k: _Example() for k in ("dmy", "mdy", "both")}
    )
    ratings: list[float] = field(default_factory=list)
    words: int = 0
    not_finite: int = 0

    @classmethod
    def for_pairs(cls, pairs: Iterable[tuple[str, str]]) -> Profiler:
        """A profiler of the columns mapped to dates and to ``csat``."""
        pairs = list(pairs)
        return cls(
            tuple(c for c, target in pairs if target in DATE_TARGETS),
            tuple(c for c, target in pairs if target == "csat"),
        )

    def observe(self, get: Callable[[str], Any], line: int) -> None:
        """Look at one record, whose values ``get(column)`` returns."""
        self.records += 1
        for column in self.date_columns:
            value = get(column)
            if isinstance(value, str) and (reading := numeric_date_reading(value)):
                self.readings[reading].add(value.strip(), line)
        for column in self.csat_columns:
            self._rating(get(column))

    def _rating(self, value: Any) -> None:
        if value is None or isinstance(value, bool):
            return
        if isinstance(value, str):
            text = value.strip().lower()
            if text.startswith(("good", "bad")):
                self.words += 1
                return
            try:
                value = float(text)
            except ValueError:
                return
        if isinstance(value, int | float):
            if math.isfinite(value):
                self.ratings.append(float(value))
            else:
                self.not_finite += 1

    def settle(
        self, date_order: str | None, csat_scale: str | None, notes: ReadNotes
    ) -> Conventions:
        """The conventions to read the file with (``date_order``/``csat_scale``: the user's,
        else told from the evidence), recorded in ``notes``; ImportFileError when the dates
        cannot tell and the user did not say."""
        order = date_order or self._date_order(notes)
        if date_order:
            notes.date_order = Finding(date_order, f"--date-order {date_order}")
        scale = csat_scale or self._csat_scale(notes)
        if csat_scale:
            notes.csat_scale = Finding(csat_scale, f"--csat-scale {csat_scale}")
        return Conventions(order, scale)

    def _date_order(self, notes: ReadNotes) -> str | None:
        dmy, mdy, both = (self.readings[k] for k in ("dmy", "mdy", "both"))
        seen = f"in the first {self.records:,} records"
        if not (dmy.count or mdy.count):
            if both.count:
                raise ImportFileError(
                    f"dates such as {both.value!r} (line {both.line}) read both day first and "
                    f"month first, and none of the {both.count:,} numeric dates {seen} has a "
                    "day over 12 to tell: pass --date-order dmy or --date-order mdy"
                )
            if self.date_columns:
                notes.date_order = Finding("none", f"no day/month dates {seen}")
            return None
        major, minor = ("dmy", "mdy") if dmy.count >= mdy.count else ("mdy", "dmy")
        votes = {"dmy": dmy, "mdy": mdy}
        if votes[minor].count > MINORITY_SHARE * (dmy.count + mdy.count):
            raise ImportFileError(
                f"the dates disagree on their order: {dmy} read only day first, {mdy} only "
                "month first: pass --date-order dmy or --date-order mdy"
            )
        evidence = f"{votes[major]} {seen} read only {ORDER_NAMES[major]}"
        if votes[minor].count:
            evidence += f"; {votes[minor]} read only the other way and are quarantined"
        if both.count:
            evidence += f"; {both.count:,} more read either way"
        notes.date_order = Finding(major, evidence)
        return major

    def _csat_scale(self, notes: ReadNotes) -> str:
        values, seen = self.ratings, f"in the first {self.records:,} records"
        n = len(values)
        if not n:
            scale = "good-bad" if self.words else "1-5"
            what = f"{self.words:,} good/bad ratings" if self.words else "no numeric rating"
            if self.words or self.csat_columns:
                notes.csat_scale = Finding(scale, f"{what} {seen}")
            return scale
        if set(values) == {0.0, 1.0}:
            scale = "good-bad"
        elif sum(10 < v <= 100 for v in values) >= 0.5 * n:
            scale = "0-100"
        elif sum(5 < v <= 10 for v in values) >= 0.2 * n:
            scale = "1-10"
        else:
            scale = "1-5"
        low, high = CSAT_SCALES[scale]
        outside = sum(not low <= v <= high for v in values) + self.not_finite
        evidence = (
            f"{n:,} numeric ratings {seen}, from {min(values):g} to {max(values):g}; "
            f"{outside:,} outside {SCALE_NAMES[scale]} (quarantined)"
        )
        notes.csat_scale = Finding(scale, evidence + ("; stored on 1..5" if scale != "1-5" else ""))
        return scale


def check_choice(name: str, value: str | None, choices: Iterable[str]) -> str | None:
    """``value`` when it is one of ``choices`` (or ``None``), else ImportFileError."""
    allowed = list(choices)
    if value is not None and value not in allowed:
        raise ImportFileError(f"{name} {value!r}: use one of {', '.join(allowed)}")
    return value


def check_conventions(date_order: str | None, csat_scale: str | None) -> None:
    """Refuse a ``--date-order`` or ``--csat-scale`` that is not one of the known ones."""
    check_choice("--date-order", date_order, DATE_ORDERS)
    check_choice("--csat-scale", csat_scale, CSAT_SCALES)
