"""The columnar inputs of drift monitoring: feedback events, incoming tickets, ticket texts.

Detectors read plain numpy columns, never rows, so a million events cost milliseconds. Days are
whole UTC days counted from 1970-01-01 (``int32``); categories and prompt versions are integer
codes into a tuple of names. The pilot service, the draft log or a test fills a frame::

    frame = FeedbackFrame.from_events(events)          # anything with at/accepted/category/...
    frame = FeedbackFrame.from_labels(days, categories, prompts, accepted)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence, Sized
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol

import numpy as np
import numpy.typing as npt

from ticketpilot.errors import MonitorError

IntArray = npt.NDArray[np.int32]
BoolArray = npt.NDArray[np.bool_]
FloatMatrix = npt.NDArray[np.float32]
CountArray = npt.NDArray[np.int64]

UNTAGGED = "untagged"
_EPOCH = date(1970, 1, 1).toordinal()


def day_number(when: date | datetime) -> int:
    """Whole days since 1970-01-01 of a date or a (naive UTC) datetime."""
    day = when.date() if isinstance(when, datetime) else when
    return day.toordinal() - _EPOCH


def day_date(number: int) -> date:
    """The calendar date of a day number."""
    return date.fromordinal(int(number) + _EPOCH)


def month_of(days: IntArray) -> npt.NDArray[np.int64]:
    """Calendar month of each day number, counted from 1970-01 (so month 651 is 2024-04)."""
    months: npt.NDArray[np.int64] = (
        days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
    )
    return months


def month_label(month: int) -> str:
    """``2024-04`` for a month number from :func:`month_of`."""
    return f"{1970 + month // 12}-{month % 12 + 1:02d}"


def month_start(month: int) -> date:
    """The first day of a month number."""
    return date(1970 + month // 12, month % 12 + 1, 1)


def encode(labels: Sequence[str | None]) -> tuple[IntArray, tuple[str, ...]]:
    """Integer codes and their names (sorted) for labels; a missing label is ``untagged``."""
    values = np.asarray([UNTAGGED if v is None or v == "" else v for v in labels], dtype=object)
    if len(values) == 0:
        return np.zeros(0, dtype=np.int32), ()
    names, codes = np.unique(values.astype(str), return_inverse=True)
    return codes.astype(np.int32), tuple(str(n) for n in names)


def _check_codes(column: str, codes: IntArray, names: tuple[str, ...]) -> None:
    if len(codes) and (int(codes.min()) < 0 or int(codes.max()) >= len(names)):
        raise MonitorError(
            f"{column} codes must lie in 0..{len(names) - 1} (one per name in {column}s); "
            f"found {int(codes.min())}..{int(codes.max())}"
        )


def _check_lengths(**columns: Sized) -> int:
    lengths = {name: len(col) for name, col in columns.items()}
    if len(set(lengths.values())) > 1:
        shown = ", ".join(f"{name}={n:,}" for name, n in lengths.items())
        raise MonitorError(f"frame columns differ in length: {shown}")
    return next(iter(lengths.values()), 0)


class FeedbackLike(Protocol):
    """One feedback event as the pilot service (or a helpdesk webhook) records it."""

    @property
    def at(self) -> datetime: ...

    @property
    def accepted(self) -> bool: ...

    @property
    def category(self) -> str | None: ...

    @property
    def prompt_version(self) -> str: ...


@dataclass(frozen=True, slots=True)
class FeedbackEvent:
    """A plain :class:`FeedbackLike`: when, whether the draft was accepted, category, prompt."""

    at: datetime
    accepted: bool
    category: str | None = None
    prompt_version: str = "unknown"


@dataclass(frozen=True)
class FeedbackFrame:
    """Feedback events as columns: one row per drafted ticket an agent acted on.

    ``accepted`` is the success flag of ``measure`` (say, "the agent sent the draft, edited or
    not"); every figure computed from the frame names ``measure`` so a reader knows what a rate
    is a rate of.
    """

    day: IntArray
    category: IntArray
    prompt: IntArray
    accepted: BoolArray
    categories: tuple[str, ...]
    prompts: tuple[str, ...]
    measure: str = "draft accepted by the agent"

    def __post_init__(self) -> None:
        _check_lengths(
            day=self.day, category=self.category, prompt=self.prompt, accepted=self.accepted
        )
        _check_codes("category", self.category, self.categories)
        _check_codes("prompt", self.prompt, self.prompts)

    def __len__(self) -> int:
        return len(self.day)

    @classmethod
    def empty(cls, measure: str = "draft accepted by the agent") -> FeedbackFrame:
        none = np.zeros(0, dtype=np.int32)
        return cls(none, none, none, np.zeros(0, dtype=np.bool_), (), (), measure)

    @classmethod
    def from_labels(
        cls,
        days: Sequence[int] | IntArray,
        categories: Sequence[str | None],
        prompts: Sequence[str],
        accepted: Sequence[bool] | BoolArray,
        measure: str = "draft accepted by the agent",
    ) -> FeedbackFrame:
        """A frame from day numbers and label columns (codes are assigned here)."""
        category, category_names = encode(categories)
        prompt, prompt_names = encode(prompts)
        return cls(
            np.asarray(days, dtype=np.int32),
            category,
            prompt,
            np.asarray(accepted, dtype=np.bool_),
            category_names,
            prompt_names,
            measure,
        )

    @classmethod
    def from_events(
        cls, events: Iterable[FeedbackLike], measure: str = "draft accepted by the agent"
    ) -> FeedbackFrame:
        """The plug for the pilot service: any events with ``at``, ``accepted``, ``category``
        and ``prompt_version`` become a frame (a ``None`` category counts as ``untagged``)."""
        rows = [(day_number(e.at), e.category, e.prompt_version, bool(e.accepted)) for e in events]
        if not rows:
            return cls.empty(measure)
        days, cats, prompts, accepted = zip(*rows, strict=True)
        return cls.from_labels(days, cats, prompts, accepted, measure)

    @property
    def first_day(self) -> int:
        return int(self.day.min()) if len(self) else 0

    @property
    def last_day(self) -> int:
        return int(self.day.max()) if len(self) else -1

    def daily(self, by_category: bool = False) -> tuple[CountArray, CountArray]:
        """Events and acceptances per day from :attr:`first_day` to :attr:`last_day`.

        Shape (1, D) overall, or (categories, D) with ``by_category``.
        """
        days = self.last_day - self.first_day + 1
        offset = (self.day - self.first_day).astype(np.int64)
        rows = len(self.categories) if by_category else 1
        cell = self.category.astype(np.int64) * days + offset if by_category else offset
        n = np.bincount(cell, minlength=rows * days).reshape(rows, days)
        a = np.bincount(cell[self.accepted], minlength=rows * days).reshape(rows, days)
        return n, a

    def select(self, mask: BoolArray) -> FeedbackFrame:
        """The rows where ``mask`` holds (names kept, so codes stay comparable)."""
        return FeedbackFrame(
            self.day[mask],
            self.category[mask],
            self.prompt[mask],
            self.accepted[mask],
            self.categories,
            self.prompts,
            self.measure,
        )


@dataclass(frozen=True)
class TicketFrame:
    """Incoming tickets as columns: the day each was created and its category code."""

    day: IntArray
    category: IntArray
    categories: tuple[str, ...]

    def __post_init__(self) -> None:
        _check_lengths(day=self.day, category=self.category)
        _check_codes("category", self.category, self.categories)

    def __len__(self) -> int:
        return len(self.day)

    @classmethod
    def from_labels(
        cls, days: Sequence[int] | IntArray, categories: Sequence[str | None]
    ) -> TicketFrame:
        codes, names = encode(categories)
        return cls(np.asarray(days, dtype=np.int32), codes, names)


@dataclass(frozen=True)
class TextFrame:
    """Ticket texts and their unit vectors (from the workspace's embedder), with their days.

    ``texts`` are kept only to show examples and name a topic's words; ``mask`` makes an
    example safe to show (the service passes the PII masker).
    """

    vectors: FloatMatrix
    day: IntArray
    texts: tuple[str, ...]
    ids: tuple[str, ...] = ()
    embedder: str = "unknown"
    mask: Callable[[str], str] | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if self.vectors.ndim != 2:
            raise MonitorError(f"text vectors must be a matrix; got shape {self.vectors.shape}")
        _check_lengths(vectors=self.vectors, day=self.day, texts=self.texts)

    def __len__(self) -> int:
        return len(self.day)

    def shown(self, row: int, limit: int = 160, focus: str | None = None) -> str:
        """Row ``row``'s text as an example: masked, on one line, at most ``limit`` characters,
        cut so that ``focus`` (a word the example is shown for) stays in view."""
        text = " ".join(self.texts[row].split())
        if self.mask is not None:
            text = self.mask(text)
        if len(text) <= limit:
            return text
        at = text.lower().find(focus.lower()) if focus else -1
        if at + len(focus or "") < limit - 1:
            return text[: limit - 1] + "…"
        start = max(0, min(at - limit // 3, len(text) - limit + 2))
        return (
            "…" + text[start : start + limit - 2] + ("…" if start + limit - 2 < len(text) else "")
        )
