"""Generic JSON Lines: one ticket per line; nested keys mapped with dotted paths (``a.b``)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any, ClassVar

from ticketpilot.tickets.mapping import ALIASES, FIELDS, ColumnMapping
from ticketpilot.tickets.model import Rejection, Ticket
from ticketpilot.tickets.rows import RowBuilder
from ticketpilot.tickets.source import SourceFile

_RAW_LIMIT = 4_000


def dotted(record: dict[str, Any], path: str) -> Any:
    """The value at ``a.b.c`` in nested dicts, or ``None`` when any step is missing."""
    if path in record:
        return record[path]
    value: Any = record
    for part in path.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


class JsonlImporter:
    """Reads one JSON object per line; a line that is not a JSON object is quarantined."""

    name: ClassVar[str] = "jsonl"
    description: ClassVar[str] = "generic JSON Lines, one ticket object per line"
    suffixes: ClassVar[tuple[str, ...]] = (".jsonl", ".ndjson")

    def read(
        self, source: SourceFile, mapping: ColumnMapping
    ) -> Iterator[tuple[int, Ticket | Rejection]]:
        builder: RowBuilder | None = None
        flat = True
        with source.open_text() as text:
            for number, line in enumerate(text, start=1):
                if not line.strip():
                    continue
                raw = line if len(line) <= _RAW_LIMIT else line[:_RAW_LIMIT] + "..."
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    yield (
                        number,
                        Rejection(number, f"not valid JSON: {exc.msg} at column {exc.colno}", raw),
                    )
                    continue
                if not isinstance(record, dict):
                    yield (
                        number,
                        Rejection(
                            number, f"expected a JSON object, got {type(record).__name__}", raw
                        ),
                    )
                    continue
                if builder is None:
                    resolved = mapping.resolve(_paths(record, mapping))
                    resolved.require("id")
                    builder = RowBuilder(resolved, encoding=source.encoding)
                    # no dotted paths: the record's own get finds every column
                    flat = not any("." in column for column, _ in resolved.pairs)
                get = record.get if flat else _values(record)
                yield number, builder.build(get, number, _constant(raw))


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
