"""Generic Parquet: one ticket per row, columns mapped exactly as for CSV.

Rows are read in record batches of only the mapped columns, so memory stays at about one batch
(plus pyarrow's buffer for one column chunk) whatever the file's size; progress is the share of
rows read, reported after each record batch. Struct columns are
reached with dotted names (``customer.id``), lists become tags, timestamps keep their zone.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import partial
from typing import Any, ClassVar

import pyarrow as pa
import pyarrow.parquet as pq

from ticketpilot.errors import ImportFileError
from ticketpilot.tickets.conventions import SAMPLE_RECORDS, Profiler
from ticketpilot.tickets.importers.generic_jsonl import dotted
from ticketpilot.tickets.mapping import ColumnMapping
from ticketpilot.tickets.model import Rejection, Ticket
from ticketpilot.tickets.rows import RowBuilder
from ticketpilot.tickets.sampling import read_ahead
from ticketpilot.tickets.source import SourceFile

_RAW_LIMIT = 4_000
_COMPRESSION_SUFFIXES = (".gz", ".bz2", ".xz")


class ParquetImporter:
    """Reads a Parquet file in record batches through the same :class:`RowBuilder` as CSV."""

    name: ClassVar[str] = "parquet"
    description: ClassVar[str] = "generic Parquet, one ticket per row, read in record batches"
    suffixes: ClassVar[tuple[str, ...]] = (".parquet", ".pq")
    batch_rows: ClassVar[int] = 2_048

    def read(
        self, source: SourceFile, mapping: ColumnMapping
    ) -> Iterator[tuple[int, Ticket | Rejection]]:
        if source.path.suffix.lower() in _COMPRESSION_SUFFIXES:
            raise ImportFileError(
                f"{source.path.name}: Parquet is compressed inside; import the .parquet file itself"
            )
        with source.path.open("rb") as handle:
            try:
                parquet = pq.ParquetFile(handle)
            except (pa.ArrowException, OSError) as exc:
                message = f"{source.path.name} is not a readable Parquet file: {exc}"
                raise ImportFileError(message) from None
            schema = parquet.schema_arrow
            resolved = mapping.resolve(column_paths(schema))
            resolved.require("id")
            top = dict.fromkeys(schema.names)
            wanted = list(dict.fromkeys(_top_column(column, top) for column, _ in resolved.pairs))
            head, rows = read_ahead(self._rows(parquet, wanted, source), SAMPLE_RECORDS)
            profiler = Profiler.for_pairs(resolved.pairs)
            if profiler.date_columns or profiler.csat_columns:
                for number, row in head:
                    profiler.observe(partial(_value, row), number)
            conventions = profiler.settle(mapping.date_order, mapping.csat_scale, source.notes)
            builder = RowBuilder(resolved, encoding="utf-8", conventions=conventions)
            for number, row in rows:
                yield number, builder.build(partial(_value, row), number, partial(_raw, row))
            source.notes.warnings.extend(builder.never_valued())

    def _rows(
        self, parquet: pq.ParquetFile, columns: list[str], source: SourceFile
    ) -> Iterator[tuple[int, dict[str, Any]]]:
        number, total = 0, max(parquet.metadata.num_rows, 1)
        for batch in parquet.iter_batches(batch_size=self.batch_rows, columns=columns):
            for row in batch.to_pylist():
                number += 1
                yield number, row
            source.reached(number / total)


def column_paths(schema: pa.Schema) -> list[str]:
    """Top-level column names, then the dotted paths of the fields of struct columns."""
    names: list[str] = list(schema.names)
    pending = [(field.name, field.type) for field in schema]
    while pending:
        prefix, kind = pending.pop(0)
        if pa.types.is_struct(kind):
            for child in (kind.field(i) for i in range(kind.num_fields)):
                names.append(f"{prefix}.{child.name}")
                pending.append((f"{prefix}.{child.name}", child.type))
    return names


def _top_column(column: str, top: dict[str, None]) -> str:
    return column if column in top else column.split(".", 1)[0]


def _value(row: dict[str, Any], column: str) -> Any:
    value = dotted(row, column)
    if isinstance(value, bytes):
        return value.decode("utf-8", "surrogateescape")
    return value


def _raw(row: dict[str, Any]) -> str:
    text = json.dumps(row, ensure_ascii=False, default=str)
    return text if len(text) <= _RAW_LIMIT else text[:_RAW_LIMIT] + f"... [{len(text)} chars]"
