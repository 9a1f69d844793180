"""CSV records: a quote left open is caught and reading resumes on the next line."""

from __future__ import annotations

import io

from ticketpilot.tickets.importers.csv_records import CsvRecords
from ticketpilot.tickets.model import Rejection


def _read(text: str) -> list[tuple[int, object]]:
    records = CsvRecords(io.StringIO(text, newline=""))
    header = records.header("t.csv")
    return [
        (line, row.code if isinstance(row, Rejection) else row[0])
        for line, row in records.records(len(header), 0)
    ]


def test_a_runaway_quote_to_the_end_of_the_file_is_one_rejected_line() -> None:
    rows = "".join(f"T{n},subject {n},body {n}\n" for n in range(2, 8))
    text = "id,subject,body\n" + rows.replace("T4,subject 4,body", 'T4,subject 4,"body')
    assert _read(text) == [
        (2, "T2"), (3, "T3"), (4, "unclosed_quote"), (5, "T5"), (6, "T6"), (7, "T7"),
    ]  # fmt: skip


def test_quotes_that_close_inside_a_later_row_and_a_last_line_left_open() -> None:
    text = 'id,subject,body\nT2,a,"open\nT3,b,"quoted"\nT4,c,d\nT5,e,"never closed'
    assert _read(text) == [(2, "unclosed_quote"), (3, "T3"), (4, "T4"), (5, "T5")]


def test_real_multiline_fields_are_kept_even_when_a_line_looks_like_a_row() -> None:
    text = (
        "id,subject,body\n"
        'T2,pasted,"here is my export:\nid,name,total\nthanks"\n'  # a header-like line
        'T3,multi,"a line\nT9,with,three fields\nend"\n'  # one row-like line, valid quoting
        "T4,plain,x\n"
    )
    assert _read(text) == [(2, "T2"), (5, "T3"), (8, "T4")]


def test_line_numbers_stay_right_after_a_resync() -> None:
    text = 'id,subject,body\nT2,a,"x\nT3,b,c\nT4,d,"y\nT5,e,f\nT6,g,h\n'
    assert _read(text) == [
        (2, "unclosed_quote"), (3, "T3"), (4, "unclosed_quote"), (5, "T5"), (6, "T6"),
    ]  # fmt: skip


def test_after_a_resync_a_short_row_is_a_short_row() -> None:
    text = 'id,subject,body\nT2,a,"x\nT3,b,c\nT4,short\nT5,"two\nlines",ok\n'
    assert _read(text) == [(2, "unclosed_quote"), (3, "T3"), (4, "T4"), (5, "T5")]
