"""CSV records with the line each starts on, and a quote left open caught before it eats the file.

A quoted field may hold line breaks, so ``csv`` reads on through the following lines until the
quote closes. When it never does (a stray ``"`` in one row), the field swallows every line up
to the next quote, or to the end of the file: one broken record where there were hundreds of
good ones. :class:`CsvRecords` watches the lines a record runs on into. A line that reads as a
complete record of its own (the header's number of fields, and an id of one token shaped like
the record's own: ``T11`` after ``T10``, ``12346`` after ``12345``) is a sign; the quote is
taken as unclosed when :data:`RUNAWAY_LINES` such lines come (the record stops there, before it
swallows more), or when one does and the record ends broken: the wrong number of fields, or
quotes that strict CSV refuses (a quote closed in the middle of a field). The line that opened
it is rejected alone (code ``unclosed_quote``) and reading starts again on the line after it, so
the records it had swallowed are read as what they are. A long quoted text whose lines do not
look like records (a pasted e-mail) is left alone.
"""

from __future__ import annotations

import csv
import re
import sys
from collections import deque
from collections.abc import Iterator
from typing import IO

from ticketpilot.errors import ImportFileError
from ticketpilot.tickets.model import Rejection

csv.field_size_limit(sys.maxsize)
RUNAWAY_LINES = 2
"""Lines inside one record that read as records of their own and prove its quote unclosed."""
_RAW_LIMIT = 4_000
_ALNUM = re.compile(r"[A-Za-z0-9]+")


class _RunawayQuoteError(Exception):
    """Raised from the line source, inside ``csv``, to stop a record running on."""


class CsvRecords:
    """The header and then the records of a CSV text stream; see the module docstring."""

    def __init__(self, text: IO[str], delimiter: str = ",") -> None:
        self._source = iter(text)
        self._delimiter = delimiter
        self._pending: deque[tuple[int, str]] = deque()
        self._number = 0
        """The last line handed to ``csv``."""
        self._start = 1
        """The line the record being read starts on."""
        self._first = ""
        self._held: list[tuple[int, str]] = []
        """The lines the record being read has run on into, after its first."""
        self._like = 0
        self._shape = ""
        """The shape of the id of the record being read (its letters and digits as ``x``)."""
        self._width = 0
        self._id_at = 0
        self._reader = self._new_reader()

    def header(self, name: str) -> list[str]:
        """The first record, stripped; ImportFileError when the file has none."""
        try:
            return [column.strip() for column in next(self._reader)]
        except StopIteration:
            raise ImportFileError(f"{name} is empty: no header row") from None

    def records(self, width: int, id_at: int) -> Iterator[tuple[int, list[str] | Rejection]]:
        """``(line, row)`` for each record after the header (blank ones included), or a
        rejection for a record ``csv`` cannot read and for a line whose quote never closes.
        ``width`` and ``id_at`` (the header's number of fields and the id's position) tell a
        line that reads as a record of its own."""
        self._width, self._id_at = width, id_at
        while True:
            self._start = self._number + 1
            if self._held:  # only a record that ran over lines has any of these set
                self._held = []
                self._like = 0
                self._shape = ""
            try:
                row = next(self._reader)
            except StopIteration:
                return
            except _RunawayQuoteError:
                yield self._resync()
                continue
            except csv.Error as exc:
                yield (
                    self._start,
                    Rejection(self._start, f"unreadable CSV: {exc}", "", None, "unreadable"),
                )
                continue
            if self._like and (len(row) != width or not self._strict()):
                yield self._resync()
                continue
            yield self._start, row

    def _new_reader(self) -> Iterator[list[str]]:
        return csv.reader(self._lines(), delimiter=self._delimiter, strict=False)

    def _lines(self) -> Iterator[str]:
        """The lines ``csv`` reads: those put back after a resync first, then the file's."""
        pending = self._pending
        while pending:
            self._number, line = pending.popleft()
            self._see(line)
            yield line
        for line in self._source:
            self._number += 1
            if self._number == self._start:
                self._first = line
            else:
                self._see(line)
            yield line

    def _see(self, line: str) -> None:
        if self._number == self._start:
            self._first = line
            return
        self._held.append((self._number, line))
        if self._width and self._reads_as_record(line):
            self._like += 1
            if self._like >= RUNAWAY_LINES:
                raise _RunawayQuoteError

    def _reads_as_record(self, line: str) -> bool:
        row = self._alone(line)
        if len(row) != self._width:
            return False
        ident = row[self._id_at].strip()
        if not ident or len(ident.split()) != 1:
            return False
        if not self._shape:
            first = self._alone(self._first)
            self._shape = _shape(first[self._id_at]) if len(first) > self._id_at else "?"
        return _shape(ident) == self._shape

    def _alone(self, line: str) -> list[str]:
        """``line`` read as a record on its own."""
        try:
            return next(csv.reader((line,), delimiter=self._delimiter, strict=False), [])
        except csv.Error:
            return []

    def _strict(self) -> bool:
        """Whether the record just read is valid strict CSV (quotes closed where they end)."""
        lines = [self._first, *(line for _, line in self._held)]
        try:
            rows = list(csv.reader(lines, delimiter=self._delimiter, strict=True))
        except csv.Error:
            return False
        return len(rows) == 1

    def _resync(self) -> tuple[int, Rejection]:
        """Reject the line that opened the runaway quote; read the lines after it again."""
        start, first = self._start, self._first
        self._pending.extendleft(reversed(self._held))
        self._held, self._like, self._shape = [], 0, ""
        self._number = start
        self._reader = self._new_reader()
        row = self._alone(first)
        ticket_id = row[self._id_at].strip() if len(row) > self._id_at else ""
        reason = (
            f"line {start} opens a quoted field that is never closed: the lines after it read "
            "as records of their own, so this line alone is quarantined and reading goes on at "
            f"line {start + 1}"
        )
        raw = first.rstrip("\r\n")
        raw = raw if len(raw) <= _RAW_LIMIT else raw[:_RAW_LIMIT] + f"... [{len(raw)} chars]"
        return start, Rejection(start, reason, raw, ticket_id or None, "unclosed_quote")


def _shape(ident: str) -> str:
    return _ALNUM.sub("x", ident.strip())
