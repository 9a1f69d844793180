"""Reading helpdesk JSON exports one record at a time, with memory bounded by the largest record.

Three shapes are accepted, whatever the suffix says:

- a top-level array ``[{...}, {...}]``, streamed element by element;
- an object wrapping the list, ``{"tickets": [...], "count": 2}``, the list streamed under any of
  the importer's wrapper keys (other keys are read and ignored);
- JSON Lines (one object per line), read line by line so a broken line is quarantined and the
  rest continue; so are objects simply written one after another.

Records are decoded by :mod:`json`'s C scanner from a sliding buffer of text in the file's sniffed
encoding; bytes not valid in it reject one record only. A syntax error inside an array cannot be
skipped: it is quarantined with its line, saying that the rest of the file could not be read.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any

from ticketpilot.errors import ImportFileError
from ticketpilot.tickets.model import Rejection
from ticketpilot.tickets.source import SourceFile
from ticketpilot.tickets.text import has_undecodable_bytes

WRAPPER_KEYS = ("tickets", "conversations", "issues", "results", "data", "items", "records")
_SINGLE_KEYS = ("ticket", "conversation", "issue")
_LINE_SUFFIXES = (".jsonl", ".ndjson")
_CHUNK = 1 << 16
_FIRST_LINE_LIMIT = 8 << 20
MAX_RECORD_CHARS = 512 << 20
_RAW_LIMIT = 4_000
_SPACE = re.compile(r"[ \t\r\n]*")
_DECODER = json.JSONDecoder()


@dataclass(slots=True, frozen=True)
class JsonRecord:
    """One decoded JSON object, the line it starts on, and an excerpt of its text."""

    line: int
    data: dict[str, Any]
    raw: str


def read_objects(
    source: SourceFile, wrapper_keys: Sequence[str] = WRAPPER_KEYS
) -> Generator[JsonRecord | Rejection, None, None]:
    """Every record of a JSON export in file order; a record that is not an object is rejected."""
    with source.open_text() as text:
        if source.suffix in _LINE_SUFFIXES:
            yield from _lines(text, "", 1)
            return
        scanner = _Scanner(text)
        first = scanner.skip_space()
        if first == "[":
            if (yield from scanner.array()) and scanner.skip_space():
                yield scanner.broken("text after the end of the array")
        elif first == "{":
            yield from _object_file(scanner, text, wrapper_keys)
        elif first:
            raise ImportFileError(
                f"{source.path.name} is not a JSON export: it starts with {first!r}, "
                "not [ (an array), { (an object) or one object per line"
            )
        else:
            raise ImportFileError(f"{source.path.name} is empty")


def excerpt(text: str) -> str:
    """The start of a record's text, as kept in quarantine."""
    return text if len(text) <= _RAW_LIMIT else text[:_RAW_LIMIT] + f"... [{len(text):,} chars]"


def _checked(line: int, value: Any, text: str) -> JsonRecord | Rejection:
    if has_undecodable_bytes(text):
        reason = "record has bytes that are not valid in the file's encoding"
        return Rejection(line, reason, excerpt(text), None, "encoding")
    if not isinstance(value, dict):
        kind = "array" if isinstance(value, list) else type(value).__name__
        reason = f"expected a JSON object, got {kind}"
        return Rejection(line, reason, excerpt(text), None, "unreadable")
    return JsonRecord(line, value, excerpt(text))


def _lines(text: IO[str], head: str, number: int) -> Iterator[JsonRecord | Rejection]:
    """JSON Lines: ``head`` is text already read (whole lines); then the rest of the stream."""
    for line in _chain_lines(head, text):
        if line := line.strip():
            try:
                value = json.loads(line)
            except json.JSONDecodeError as exc:
                reason = f"not valid JSON: {exc.msg} at column {exc.colno}"
                yield Rejection(number, reason, excerpt(line), None, "unreadable")
            else:
                yield _checked(number, value, line)
        number += 1


def _chain_lines(head: str, text: IO[str]) -> Iterator[str]:
    lines = list(io.StringIO(head, newline=""))
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += text.readline()  # the buffer ended inside a line
    yield from lines
    yield from text


def _object_file(
    scanner: _Scanner, text: IO[str], wrapper_keys: Sequence[str]
) -> Iterator[JsonRecord | Rejection]:
    """A file starting with ``{``: JSON Lines if its first line is a whole record, else streamed."""
    first_line = scanner.first_line(_FIRST_LINE_LIMIT)
    if first_line is not None:
        try:
            value = json.loads(first_line)
        except json.JSONDecodeError:
            value = None
        if isinstance(value, dict) and not _wraps(value, wrapper_keys):
            yield from _lines(text, scanner.rest(), scanner.line())
            return
    yield from scanner.wrapper(wrapper_keys)


def _wraps(value: dict[str, Any], wrapper_keys: Sequence[str]) -> bool:
    return any(isinstance(value.get(key), list) for key in wrapper_keys)


class _MalformedError(Exception):
    """The text at the scanner's position is not valid JSON."""


class _Scanner:
    """A sliding window over a text stream that decodes one JSON value at a time."""

    def __init__(self, text: IO[str]) -> None:
        self._text = text
        self._buf = ""
        self._pos = 0
        self._eof = False
        self._line = 1
        self._counted = 0

    def _fill(self) -> bool:
        if self._eof:
            return False
        if self._pos:
            self.line_at(self._pos)
            self._buf, self._counted = self._buf[self._pos :], self._counted - self._pos
            self._pos = 0
        chunk = self._text.read(max(_CHUNK, len(self._buf)))
        if not chunk:
            self._eof = True
            return False
        self._buf += chunk
        return True

    def line_at(self, pos: int) -> int:
        """The line number at ``pos`` of the buffer; positions must not go backwards."""
        self._line += self._buf.count("\n", self._counted, pos)
        self._counted = pos
        return self._line

    def skip_space(self) -> str:
        """Move past whitespace; the next character, or "" at the end of the file."""
        while True:
            match = _SPACE.match(self._buf, self._pos)
            self._pos = match.end() if match else self._pos
            if self._pos < len(self._buf):
                return self._buf[self._pos]
            if not self._fill():
                return ""

    def first_line(self, limit: int) -> str | None:
        """The first line when it is complete and short enough, without consuming it."""
        while (end := self._buf.find("\n", self._pos)) < 0 and len(self._buf) < limit:
            if not self._fill():
                return self._buf[self._pos :]
        return self._buf[self._pos : end] if 0 <= end < limit else None

    def line(self) -> int:
        return self.line_at(self._pos)

    def rest(self) -> str:
        """The buffered text not consumed yet (the stream continues after it)."""
        return self._buf[self._pos :]

    def decode(self) -> tuple[Any, str]:
        """The next value and its text; :class:`_MalformedError` when it is not JSON."""
        self.skip_space()
        while True:
            try:
                value, end = _DECODER.raw_decode(self._buf, self._pos)
            except json.JSONDecodeError as exc:
                if not self._truncated(exc) or not self._fill():
                    raise _MalformedError(exc.msg) from None
                if len(self._buf) > MAX_RECORD_CHARS:
                    too_long = f"a record over {MAX_RECORD_CHARS:,} characters"
                    raise _MalformedError(too_long) from None
                continue
            if end == len(self._buf) and isinstance(value, int | float) and self._fill():
                continue  # a number at the end of the buffer may go on
            text = self._buf[self._pos : end]
            self._pos = end
            return value, text

    def _truncated(self, exc: json.JSONDecodeError) -> bool:
        return exc.msg.startswith("Unterminated string") or exc.pos >= len(self._buf) - 8

    def take(self, char: str) -> bool:
        if self.skip_space() == char:
            self._pos += 1
            return True
        return False

    def array(self) -> Generator[JsonRecord | Rejection, None, bool]:
        """The elements of the array at the position, each checked; False when it was broken."""
        self.take("[")
        index = 0
        while self.skip_space() not in ("]", ""):
            if index and not self.take(","):
                yield self.broken(f"expected ',' or ']' after record {index}")
                return False
            self.skip_space()
            line = self.line_at(self._pos)
            try:
                value, text = self.decode()
            except _MalformedError as exc:
                yield self.broken(f"record {index + 1}: {exc}")
                return False
            index += 1
            yield _checked(line, value, text)
        if not self.take("]"):
            yield self.broken("the array is not closed with ']' (truncated file?)")
            return False
        return True

    def wrapper(self, wrapper_keys: Sequence[str]) -> Iterator[JsonRecord | Rejection]:
        """An object holding the records under a wrapper key, or one record itself."""
        line = self.line_at(self._pos)
        self.take("{")
        head: dict[str, Any] = {}
        wrapped = False
        while not self.take("}"):
            try:
                if head or wrapped:
                    self._expect(",")
                key, _ = self.decode() if self.skip_space() == '"' else (None, "")
                if not isinstance(key, str):
                    raise _MalformedError("expected a key in double quotes")
                self._expect(":")
                if key in wrapper_keys and self.skip_space() == "[":
                    wrapped = True
                    if not (yield from self.array()):
                        return
                else:
                    head[key] = self.decode()[0]
            except _MalformedError as exc:
                yield self.broken(str(exc))
                return
        if not wrapped:
            single = [head[k] for k in _SINGLE_KEYS if isinstance(head.get(k), dict)]
            record = single[0] if len(head) == 1 and single else head
            yield _checked(line, record, json.dumps(record, ensure_ascii=False))
            yield from self._more_objects()
        elif self.skip_space():
            yield self.broken("text after the end of the JSON document")

    def _more_objects(self) -> Iterator[JsonRecord | Rejection]:
        """Further objects written one after another (pretty-printed JSON Lines)."""
        number = 1
        while self.skip_space():
            number += 1
            line = self.line_at(self._pos)
            try:
                value, text = self.decode()
            except _MalformedError as exc:
                yield self.broken(f"record {number}: {exc}")
                return
            yield _checked(line, value, text)

    def _expect(self, char: str) -> None:
        if not self.take(char):
            raise _MalformedError(f"expected {char!r}")

    def broken(self, message: str) -> Rejection:
        """The rejection for a syntax error: nothing after it can be read."""
        line = self.line()
        reason = (
            f"not valid JSON at line {line}: {message}; the rest of the file could not "
            "be read (fix it and import again)"
        )
        return Rejection(line, reason, excerpt(self._buf[self._pos : self._pos + 2_000]))
