"""Generic CSV: one ticket per row, columns mapped by name, alias or ``--map``.

The first rows are read ahead to tell the file's date order and CSAT scale
(:mod:`ticketpilot.tickets.conventions`); records come from
:class:`~ticketpilot.tickets.importers.csv_records.CsvRecords`, which catches a quote left open.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import ClassVar

from ticketpilot.tickets.conventions import SAMPLE_RECORDS, Profiler
from ticketpilot.tickets.importers.csv_records import CsvRecords
from ticketpilot.tickets.mapping import ColumnMapping
from ticketpilot.tickets.model import Rejection, Ticket
from ticketpilot.tickets.rows import RowBuilder
from ticketpilot.tickets.sampling import read_ahead
from ticketpilot.tickets.source import SourceFile

_RAW_LIMIT = 4_000


class CsvImporter:
    """Reads CSV with a header row; a row with the wrong number of fields is quarantined."""

    name: ClassVar[str] = "csv"
    description: ClassVar[str] = "generic CSV with a header row and a column mapping"
    suffixes: ClassVar[tuple[str, ...]] = (".csv", ".tsv")

    def read(
        self, source: SourceFile, mapping: ColumnMapping
    ) -> Iterator[tuple[int, Ticket | Rejection]]:
        delimiter = "\t" if source.suffix == ".tsv" else ","
        with source.open_text() as text:
            records = CsvRecords(text, delimiter)
            header = records.header(source.path.name)
            resolved = mapping.resolve(header)
            resolved.require("id")
            positions = {name: index for index, name in enumerate(header)}
            id_at = positions[_id_column(resolved)]
            width = len(header)
            head, rows = read_ahead(records.records(width, id_at), SAMPLE_RECORDS)
            profiler = Profiler.for_pairs(resolved.pairs)
            if profiler.date_columns or profiler.csat_columns:
                for line, row in head:
                    if isinstance(row, list) and len(row) == width:
                        profiler.observe(dict(zip(header, row, strict=True)).get, line)
            conventions = profiler.settle(mapping.date_order, mapping.csat_scale, source.notes)
            builder = RowBuilder(resolved, encoding=source.encoding, conventions=conventions)
            for start, row in rows:
                if isinstance(row, Rejection):
                    yield start, row
                    continue
                if not row or (len(row) == 1 and not row[0].strip()):
                    continue
                if len(row) != width:
                    yield (
                        start,
                        Rejection(
                            start,
                            f"row has {len(row)} fields, the header has {width} "
                            "(truncated or split row)",
                            _raw(row),
                            row[id_at] if len(row) > id_at else None,
                            "wrong_width",
                        ),
                    )
                    continue
                # a dict's own get: a third of the time of a function per column
                yield (
                    start,
                    builder.build(dict(zip(header, row, strict=True)).get, start, _raw_of(row)),
                )
            source.notes.warnings.extend(builder.never_valued())


def _raw_of(row: list[str]) -> Callable[[], str]:
    return lambda: _raw(row)


def _id_column(mapping: ColumnMapping) -> str:
    return next(column for column, target in mapping.pairs if target == "id")


def _raw(row: list[str]) -> str:
    text = ",".join(row)
    return text if len(text) <= _RAW_LIMIT else text[:_RAW_LIMIT] + f"... [{len(text)} chars]"
