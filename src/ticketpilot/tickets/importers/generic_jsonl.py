"""Generic JSON Lines: one ticket per line; nested keys mapped with dotted paths (``a.b``).

The first records are read ahead (:mod:`ticketpilot.tickets.sampling`): a ``--map`` key that
none of them has refuses the file (a misspelt key would leave its field empty in every
ticket), and the file's date order and CSAT scale are told from them. :func:`flat_tickets`
does the same for flat records of a ``.json`` file.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any, ClassVar

from ticketpilot.tickets.conventions import SAMPLE_RECORDS, Profiler
from ticketpilot.tickets.mapping import ALIASES, FIELDS, ColumnMapping
from ticketpilot.tickets.model import Rejection, Ticket
from ticketpilot.tickets.rows import RowBuilder
from ticketpilot.tickets.sampling import read_ahead, refuse_absent
from ticketpilot.tickets.source import SourceFile

_RAW_LIMIT = 4_000
_MISSING = object()

FlatRecord = tuple[int, dict[str, Any], str] | Rejection
"""A record as read: ``(line, object, raw excerpt)``, or the rejection of one."""


def dotted(record: dict[str, Any], path: str) -> Any:
    """The value at ``a.b.c`` in nested dicts, or ``None`` when any step is missing."""
    value = _step(record, path)
    return None if value is _MISSING else value


def has_path(record: dict[str, Any], path: str) -> bool:
    """Whether ``a.b.c`` is a key of the record (its value may be null)."""
    return _step(record, path) is not _MISSING


def _step(record: dict[str, Any], path: str) -> Any:
    if path in record:
        return record[path]
    value: Any = record
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            return _MISSING
        value = value[part]
    return value


class JsonlImporter:
    """Reads one JSON object per line; a line that is not a JSON object is quarantined."""

    name: ClassVar[str] = "jsonl"
    description: ClassVar[str] = "generic JSON Lines, one ticket object per line"
    suffixes: ClassVar[tuple[str, ...]] = (".jsonl", ".ndjson")

    def read(
        self, source: SourceFile, mapping: ColumnMapping
    ) -> Iterator[tuple[int, Ticket | Rejection]]:
        with source.open_text() as text:
            yield from flat_tickets(_lines(text), source, mapping)


def _lines(text: Iterable[str]) -> Iterator[FlatRecord]:
    for number, line in enumerate(text, start=1):
        if not line.strip():
            continue
        raw = line if len(line) <= _RAW_LIMIT else line[:_RAW_LIMIT] + "..."
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Rejection(number, f"not valid JSON: {exc.msg} at column {exc.colno}", raw)
            continue
        if not isinstance(record, dict):
            reason = f"expected a JSON object, got {type(record).__name__}"
            yield Rejection(number, reason, raw)
            continue
        yield number, record, raw


def flat_tickets(
    records: Iterator[FlatRecord], source: SourceFile, mapping: ColumnMapping
) -> Iterator[tuple[int, Ticket | Rejection]]:
    """Tickets from flat JSON records, mapped by key, alias, ``--map`` or dotted path."""
    head, items = read_ahead(records, SAMPLE_RECORDS)
    sample = [(item[0], item[1]) for item in head if not isinstance(item, Rejection)]
    builder: RowBuilder | None = None
    flat = True
    for item in items:
        if isinstance(item, Rejection):
            yield item.line, item
            continue
        number, record, raw = item
        if builder is None:
            builder = _builder(record, sample or [(number, record)], source, mapping)
            # no dotted paths: the record's own get finds every column
            flat = not any("." in column for column, _ in builder.mapping.pairs)
            sample = []
        get = record.get if flat else _values(record)
        yield number, builder.build(get, number, _constant(raw))
    if builder is not None:
        source.notes.warnings.extend(builder.never_valued())


def _builder(
    first: dict[str, Any],
    sample: list[tuple[int, dict[str, Any]]],
    source: SourceFile,
    mapping: ColumnMapping,
) -> RowBuilder:
    """The builder for the file: the mapping resolved on the first record, checked and
    profiled on the records read ahead (with their lines)."""
    resolved = mapping.resolve(_paths(first, mapping))
    resolved.require("id")
    refuse_absent(mapping.pairs, [record for _, record in sample], has_path)
    profiler = Profiler.for_pairs(resolved.pairs)
    if profiler.date_columns or profiler.csat_columns:
        for line, record in sample:
            profiler.observe(_values(record), line)
    conventions = profiler.settle(mapping.date_order, mapping.csat_scale, source.notes)
    return RowBuilder(resolved, encoding=source.encoding, conventions=conventions)


def _values(record: dict[str, Any]) -> Callable[[str], Any]:
    return lambda column: dotted(record, column)


def _constant(text: str) -> Callable[[], str]:
    return lambda: text


def _paths(record: dict[str, Any], mapping: ColumnMapping) -> list[str]:
    """Keys of the first record, the canonical names and aliases, and the mapped dotted paths.

    Later records may carry keys the first one lacks; canonical names are looked up in every one.
    """
    names = list(record)
    for name in (*FIELDS, *ALIASES, *(column for column, _ in mapping.pairs)):
        if name not in names:
            names.append(name)
    return names
