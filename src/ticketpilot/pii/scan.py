"""The text under analysis, with the cheap facts that recognizers use as pre-filters.

Computed once per text, on first use, and shared by every recognizer: the lower-cased text
(same offsets), the number of digits, the links (each one token: see ``ticketpilot.pii.urls``)
and the numeric runs outside them ("+44 20 7946 0958", "4111-1111-1111-1111", "192.168.0.1"):
digits joined by at most two of `` ().+/-``. Numbers with fewer than four digits are not runs,
so a flight number or a time costs the number-shaped recognizers nothing, and neither does the
article id or archive timestamp inside a link.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from ticketpilot.pii.urls import url_spans

_DIGITS = "0123456789"
_SEPARATORS = str.maketrans("", "", " ().+/-")
_RUN = re.compile(r"\d(?:[ ().+/-]{0,2}\d){3,}")
_DIGIT = re.compile(r"\d")


class NumericRun(NamedTuple):
    """One numeric run: ``text[start:end]`` holds ``digits`` digits."""

    start: int
    end: int
    digits: int


class TextScan:
    """One text being analysed, with lazily computed shared facts."""

    __slots__ = ("_digit_count", "_lower", "_mentions", "_runs", "_urls", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._lower: str | None = None
        self._digit_count = -1
        self._runs: list[NumericRun] | None = None
        self._urls: list[tuple[int, int]] | None = None
        self._mentions: dict[tuple[str, ...], bool] = {}

    def mentions(self, fragments: tuple[str, ...]) -> bool:
        """True when the lower-cased text contains any of ``fragments`` (cached per tuple).

        Recognizers that share a tuple of keywords share the answer.
        """
        found = self._mentions.get(fragments)
        if found is None:
            lower = self.lower
            found = self._mentions[fragments] = any(f in lower for f in fragments)
        return found

    @property
    def lower(self) -> str:
        """The text lower-cased, with the same length and offsets as ``text``."""
        if self._lower is None:
            lower = self.text.lower()
            if len(lower) != len(self.text):  # "İ" lower-cases to two code points
                lower = "".join(c.lower() if len(c.lower()) == 1 else c for c in self.text)
            self._lower = lower
        return self._lower

    @property
    def digit_count(self) -> int:
        """How many ASCII digits the text holds."""
        if self._digit_count < 0:
            count = self.text.count
            self._digit_count = sum(count(d) for d in _DIGITS)
        return self._digit_count

    @property
    def has_digit(self) -> bool:
        """True when the text holds at least one ASCII digit (cheaper than ``digit_count``)."""
        if self._digit_count < 0:
            return _DIGIT.search(self.text) is not None
        return self._digit_count > 0

    @property
    def urls(self) -> list[tuple[int, int]]:
        """``(start, end)`` of each link in the text, in text order (each one token)."""
        if self._urls is None:
            self._urls = url_spans(self.text)
        return self._urls

    def in_url(self, start: int, end: int) -> bool:
        """True when ``text[start:end]`` overlaps a link."""
        return any(start < u_end and u_start < end for u_start, u_end in self.urls)

    @property
    def runs(self) -> list[NumericRun]:
        """The numeric runs of four digits or more outside links, in text order."""
        if self._runs is None:
            runs = [
                NumericRun(m.start(), m.end(), len(m.group().translate(_SEPARATORS)))
                for m in _RUN.finditer(self.text)
            ]
            if runs and self.urls:
                runs = [run for run in runs if not self.in_url(run.start, run.end)]
            self._runs = runs
        return self._runs

    def windows(self, min_digits: int, before: int = 4, after: int = 3) -> list[tuple[int, int]]:
        """``(pos, endpos)`` around each run with ``min_digits`` or more, for ``finditer``.

        The margins let a pattern take a leading "+" or "(" and look one character past the run.
        """
        size = len(self.text)
        return [
            (max(0, run[0] - before), min(size, run[1] + after))
            for run in self.runs
            if run[2] >= min_digits
        ]
