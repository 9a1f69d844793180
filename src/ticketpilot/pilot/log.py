"""A pilot's events as NumPy columns: what the metrics, the reports and drift read.

A six-month pilot at the playbook's volume stores about a million events; as event objects
they take seconds to build and fold, as columns a fraction of that. :class:`EventLog` holds
every event field the readers use, one column each (NaN, ``False`` or ``""`` where an event
kind has no such field), with the kind as a code into :data:`KINDS` and the ticket as a code
into ``ticket_ids``. It is built from stored rows (:meth:`EventLog.from_rows`, the store's
path: raw JSON payloads parsed in one call) or from event objects (:meth:`EventLog.from_events`,
for the simulator and the tests), and read in time order (:meth:`EventLog.in_time_order`).
"""

from __future__ import annotations

import io
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields, replace
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.json as pa_json
from numpy.typing import NDArray

from ticketpilot.pilot.events import EVENT_TYPES, SEVERITIES, PilotEvent, event_record

#: the event kinds, in the order of a ticket's life; ``EventLog.kind`` indexes into it
KINDS: tuple[str, ...] = tuple(EVENT_TYPES)
KIND = {name: code for code, name in enumerate(KINDS)}
#: the payload fields read per kind (the rest of a payload is never read here)
_FIELDS: dict[str, tuple[str, ...]] = {
    "assigned": ("category",),
    "shown": ("latency_ms", "detected"),
    "withheld": ("reason", "drafted", "detected", "latency_ms"),
    "accepted": ("seconds",),
    "edited": ("seconds", "distance", "draft_chars", "sent_chars"),
    "rejected": ("seconds",),
    "handled": ("seconds",),
    "flagged": ("severity",),
    "resolved": ("hours",),
    "rated": ("score",),
}
_FLOATS = ("latency_ms", "seconds", "distance", "draft_chars", "sent_chars", "hours", "score")
_BOOLS = ("detected", "drafted")
_TEXTS = ("category", "reason")
_SEVERITY: dict[str, int] = {name: code for code, name in enumerate(SEVERITIES, start=1)}

Floats = NDArray[np.float64]


@dataclass(frozen=True)
class EventLog:
    """Events as parallel columns; ``prompt_version`` is ``""`` where an event has none."""

    kind: NDArray[np.int8]
    ticket: NDArray[np.int64]
    ticket_ids: tuple[str, ...]
    at: NDArray[np.datetime64]  # naive UTC, microseconds
    prompt_version: NDArray[np.object_]
    category: NDArray[np.object_]  # assigned: the category, else None
    reason: NDArray[np.object_]  # withheld: why, else None
    latency_ms: Floats
    detected: NDArray[np.bool_]
    drafted: NDArray[np.bool_]
    seconds: Floats
    distance: Floats
    draft_chars: Floats
    sent_chars: Floats
    severity: NDArray[np.int8]  # flagged: 1 minor, 2 major, 3 critical; else 0
    hours: Floats
    score: Floats

    def __len__(self) -> int:
        return int(self.kind.size)

    def of_kind(self, *names: str) -> NDArray[np.bool_]:
        """A mask of the events of the given kinds."""
        return np.isin(self.kind, [KIND[name] for name in names])

    def counts(self) -> dict[str, int]:
        """Events per kind (kinds with none left out)."""
        found = np.bincount(self.kind.astype(np.intp), minlength=len(KINDS))
        return {KINDS[code]: int(n) for code, n in enumerate(found) if n}

    def first_of(self, *kinds: str) -> NDArray[np.intp]:
        """Per ticket code, the row of its first event of ``kinds`` in row order; -1 if none
        (first in time on a log :meth:`in_time_order`)."""
        rows = np.flatnonzero(self.of_kind(*kinds))
        return _first_rows(self.ticket[rows], rows, len(self.ticket_ids))

    def last_of(self, *kinds: str) -> NDArray[np.intp]:
        """Per ticket code, the row of its last event of ``kinds`` in row order; -1 if none."""
        rows = np.flatnonzero(self.of_kind(*kinds))[::-1]
        return _first_rows(self.ticket[rows], rows, len(self.ticket_ids))

    def take(self, index: NDArray[np.intp] | NDArray[np.bool_]) -> EventLog:
        """The rows at ``index`` (ticket codes and ids unchanged)."""
        columns = {f.name: getattr(self, f.name)[index] for f in fields(self)
                   if f.name != "ticket_ids"}  # fmt: skip
        return replace(self, **columns)

    def joined(self, other: EventLog) -> EventLog:
        """This log and then ``other``, ``other``'s ticket codes renumbered into this one's."""
        codes = {ticket: code for code, ticket in enumerate(self.ticket_ids)}
        renumber = np.fromiter(
            (codes.setdefault(t, len(codes)) for t in other.ticket_ids),
            np.int64,
            len(other.ticket_ids),
        )
        columns = {f.name: np.concatenate([getattr(self, f.name), getattr(other, f.name)])
                   for f in fields(self) if f.name not in ("ticket", "ticket_ids")}  # fmt: skip
        ticket = np.concatenate([self.ticket, renumber[other.ticket]])
        return replace(self, ticket=ticket, ticket_ids=tuple(codes), **columns)

    def in_time_order(self) -> EventLog:
        """The events sorted by time (a stable sort: storage order breaks ties)."""
        order = np.argsort(self.at, kind="stable")
        if np.all(order[1:] > order[:-1]):
            return self
        return self.take(order)

    @classmethod
    def empty(cls) -> EventLog:
        return cls.from_rows([], [], [], [], [])

    @classmethod
    def from_events(cls, events: Iterable[PilotEvent]) -> EventLog:
        """The log of event objects (in the order given)."""
        kinds: list[str] = []
        tickets: list[str] = []
        times: list[Any] = []
        prompts: list[str | None] = []
        payloads: list[dict[str, Any]] = []
        for event in events:
            record = event_record(event)
            kinds.append(event.kind)
            tickets.append(event.ticket_id)
            times.append(event.at)
            prompts.append(getattr(event, "prompt_version", None))
            payloads.append(record)
        return cls.from_payloads(kinds, tickets, times, prompts, payloads)

    @classmethod
    def from_rows(
        cls,
        kinds: Sequence[str],
        tickets: Sequence[str],
        times: Sequence[Any],
        prompts: Sequence[str | None],
        payloads: Sequence[str | dict[str, Any]],
    ) -> EventLog:
        """The log of stored rows; ``times`` are datetimes or ISO texts, ``payloads`` JSON
        texts or dicts. JSON texts are parsed by Arrow in one pass; a payload Arrow cannot
        read as a column of one type (a row written by hand, say) sends them all the slow,
        lenient way."""
        texts = [p for p in payloads if isinstance(p, str)]
        if texts and len(texts) == len(payloads):
            kind, ticket, ticket_ids = _kind_codes(kinds), *_codes(tickets)
            columns = _arrow_columns(texts, kind, prompts)
            if columns is not None:
                at = np.array(times, dtype="datetime64[us]").reshape(len(kinds))
                return cls(kind=kind, ticket=ticket, ticket_ids=ticket_ids, at=at, **columns)
        parsed = [json.loads(p) if isinstance(p, str) else p for p in payloads]
        return cls.from_payloads(kinds, tickets, times, prompts, parsed)

    @classmethod
    def from_payloads(
        cls,
        kinds: Sequence[str],
        tickets: Sequence[str],
        times: Sequence[Any],
        prompts: Sequence[str | None],
        payloads: Sequence[dict[str, Any]],
    ) -> EventLog:
        """The log of rows whose payloads are dicts (each read field by field)."""
        n = len(kinds)
        kind = _kind_codes(kinds)
        ticket, ticket_ids = _codes(tickets)
        columns = _empty_columns(n)
        severity = columns["severity"]
        prompt = columns["prompt_version"] = _prompts(prompts)
        for name, code in KIND.items():
            rows = np.flatnonzero(kind == code)
            if not rows.size:
                continue
            chosen = [payloads[int(i)] for i in rows]
            if name in ("shown", "withheld"):  # a row stored without its prompt_version column
                blank = np.flatnonzero(prompt[rows] == "")
                prompt[rows[blank]] = [str(chosen[b].get("prompt_version") or "") for b in blank]
            for field in _FIELDS[name]:
                values = [p.get(field) for p in chosen]
                if field == "severity":
                    severity[rows] = [_SEVERITY.get(str(v), 0) for v in values]
                elif field in _FLOATS:
                    columns[field][rows] = [_number(v) for v in values]
                elif field in _BOOLS:
                    columns[field][rows] = [bool(v) for v in values]
                else:
                    columns[field][rows] = [None if v is None else str(v) for v in values]
        at = np.array(times, dtype="datetime64[us]").reshape(n)
        return cls(kind=kind, ticket=ticket, ticket_ids=ticket_ids, at=at, **columns)


def _codes(values: Sequence[str]) -> tuple[NDArray[np.int64], tuple[str, ...]]:
    """Each value's code (in the order of first appearance) and the distinct values."""
    if not values:
        return np.zeros(0, dtype=np.int64), ()
    encoded = pa.array(values, type=pa.string()).dictionary_encode()
    codes = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    return codes, tuple(encoded.dictionary.to_pylist())


def _kind_codes(kinds: Sequence[str]) -> NDArray[np.int8]:
    codes, names = _codes(kinds)
    unknown = sorted(name for name in names if name not in KIND)
    if unknown:
        raise ValueError(f"unknown pilot event kind(s) {', '.join(map(repr, unknown))}")
    table = np.array([KIND[name] for name in names], dtype=np.int8)
    return table[codes] if codes.size else np.zeros(0, dtype=np.int8)


def _prompts(prompts: Sequence[str | None]) -> NDArray[np.object_]:
    return np.array([p or "" for p in prompts], dtype=object).reshape(len(prompts))


def _empty_columns(n: int) -> dict[str, Any]:
    return {
        **{name: np.full(n, np.nan) for name in _FLOATS},
        **{name: np.zeros(n, dtype=np.bool_) for name in _BOOLS},
        **{name: np.full(n, None, dtype=object) for name in _TEXTS},
        "severity": np.zeros(n, dtype=np.int8),
    }


#: the kinds whose payload carries each field
_OWNERS: dict[str, list[int]] = {
    field: [KIND[kind] for kind, names in _FIELDS.items() if field in names]
    for field in dict.fromkeys(name for names in _FIELDS.values() for name in names)
}


def _arrow_columns(
    texts: list[str], kind: NDArray[np.int8], prompts: Sequence[str | None]
) -> dict[str, Any] | None:
    """The payload columns parsed by Arrow; ``None`` when a field's values are not of one
    type Arrow can read as a column (the caller then reads them one by one)."""
    try:
        table = pa_json.read_json(io.BytesIO("\n".join(texts).encode()))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
        return None
    if table.num_rows != len(texts):
        return None
    columns = _empty_columns(len(texts))
    prompt = columns["prompt_version"] = _prompts(prompts)
    try:
        for name, owners in _OWNERS.items():
            if name not in table.column_names:
                continue
            column, mine = table.column(name), np.isin(kind, owners)
            if name == "severity":
                found = pc.index_in(column, value_set=pa.array(SEVERITIES))
                codes = pc.fill_null(found, -1).to_numpy(zero_copy_only=False) + 1
                columns[name][mine] = codes.astype(np.int8)[mine]
            elif name in _FLOATS:
                values = pc.cast(column, pa.float64()).to_numpy(zero_copy_only=False)
                columns[name][mine] = values[mine]
            elif name in _BOOLS:
                values = pc.fill_null(pc.cast(column, pa.bool_()), False)
                columns[name][mine] = values.to_numpy(zero_copy_only=False)[mine]
            else:
                values = pc.cast(column, pa.string()).to_numpy(zero_copy_only=False)
                columns[name][mine] = values[mine]
        if "prompt_version" in table.column_names:  # rows stored without the prompt column
            blank = np.flatnonzero(
                (prompt == "") & np.isin(kind, [KIND["shown"], KIND["withheld"]])
            )
            if blank.size:
                given = pc.cast(table.column("prompt_version"), pa.string())
                prompt[blank] = [str(given[int(b)].as_py() or "") for b in blank]
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
        return None
    return columns


def _first_rows(keys: NDArray[np.int64], rows: NDArray[np.intp], count: int) -> NDArray[np.intp]:
    """Per key (0..count-1), the first of ``rows`` (in their order) with it; -1 where none."""
    found = np.full(count, -1, dtype=np.intp)
    unique, first = np.unique(keys, return_index=True)
    found[unique] = rows[first]
    return found


def _number(value: object) -> float:
    if value is None or isinstance(value, bool):
        return math.nan
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return math.nan
