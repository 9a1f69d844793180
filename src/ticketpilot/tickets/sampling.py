"""Reading ahead: the first records of a file, looked at before the first ticket is built.

An importer holds back its first records (:data:`~ticketpilot.tickets.conventions.SAMPLE_RECORDS`)
to tell the file's conventions and to check the user's ``--map`` against what the records hold,
then yields them and streams the rest: memory grows by one sample, never with the file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from itertools import chain, islice
from typing import Any, TypeVar

from ticketpilot.errors import ImportFileError

T = TypeVar("T")
_KEYS_SHOWN = 40


def read_ahead(items: Iterator[T], count: int) -> tuple[list[T], Iterator[T]]:
    """The first ``count`` items, and an iterator over all of them, those first ones again.

    The iterator empties the list as it goes, so the items read ahead are not held once
    yielded: look at the list before iterating.
    """
    head = list(islice(items, count))
    return head, chain(_drain(head), items)


def _drain(items: list[T]) -> Iterator[T]:
    items.reverse()
    while items:
        yield items.pop()


def refuse_absent(
    pairs: Sequence[tuple[str, str]],
    records: Sequence[dict[str, Any]],
    has: Callable[[dict[str, Any], str], bool],
) -> None:
    """ImportFileError for a ``--map`` source that none of the records read ahead has, naming
    it and the keys they do have: a misspelt key would leave that field empty in every ticket."""
    for column, target in pairs:
        if records and not any(has(record, column) for record in records):
            keys = sorted({str(key) for record in records for key in record})
            shown = ", ".join(keys[:_KEYS_SHOWN])
            if len(keys) > _KEYS_SHOWN:
                shown += f" and {len(keys) - _KEYS_SHOWN} more"
            raise ImportFileError(
                f"--map {column}={target}: none of the first {len(records):,} records has "
                f"{column!r}, so no ticket would get a {target} from it; the records have "
                f"the keys {shown}"
            )
