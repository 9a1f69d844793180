"""Column mappings: which source column fills which canonical ticket field.

``--map col=field`` pairs override the importer's defaults. Targets are the scalar
:class:`~ticketpilot.tickets.model.Ticket` fields plus three thread targets: ``thread`` (a
column holding a whole conversation, see :mod:`ticketpilot.tickets.thread`), ``customer_message``
and ``agent_reply`` (one message each). The mapping also carries how values are read: the
user's ``--null`` values, ``--date-order`` and ``--csat-scale`` (see
:mod:`ticketpilot.tickets.conventions`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from ticketpilot.errors import ImportFileError
from ticketpilot.tickets.conventions import check_conventions
from ticketpilot.tickets.model import TICKET_SCALARS

SCALAR_FIELDS = ("id", *TICKET_SCALARS[:4], "tags", *TICKET_SCALARS[4:])
"""What ``--map`` may target one column at a time (the order ``fields are ...`` lists)."""
THREAD_FIELDS = ("thread", "customer_message", "agent_reply")
FIELDS = SCALAR_FIELDS + THREAD_FIELDS

ALIASES: Mapping[str, str] = {
    "ticket_id": "id",
    "key": "id",
    "title": "subject",
    "summary": "subject",
    "description": "body",
    "text": "body",
    "message": "body",
    "type": "category",
    "intent": "category",
    "lang": "language",
    "customer": "customer_ref",
    "customer_id": "customer_ref",
    "requester": "customer_ref",
    "created": "created_at",
    "solved_at": "resolved_at",
    "closed_at": "resolved_at",
    "satisfaction": "csat",
    "reply": "agent_reply",
    "response": "agent_reply",
    "company": "brand",
    "organization": "brand",
    "organisation": "brand",
    "account": "brand",
    "business_unit": "brand",
    "group": "queue",
    "team": "queue",
    "messages": "thread",
    "conversation": "thread",
    "transcript": "thread",
    "turns": "thread",
    "dialogue": "thread",
}


@dataclass(frozen=True, slots=True)
class ColumnMapping:
    """Source column -> canonical field; several columns may feed ``thread`` in order."""

    pairs: tuple[tuple[str, str], ...]
    partial: bool = False
    """Update-only mapping: just the explicit pairs, and a record need not carry a body."""
    nulls: frozenset[str] = frozenset()
    """Extra values read as missing (e.g. ``UNK``), beside the usual empty/NULL/N/A."""
    date_order: str | None = None
    """``--date-order``: how numeric dates are read; ``None``: told from the file."""
    csat_scale: str | None = None
    """``--csat-scale``: the scale ratings are on; ``None``: told from the file."""
    explicit: int = -1
    """How many of the first :attr:`pairs` the user gave (``-1``: all of them)."""

    @classmethod
    def parse(
        cls,
        specs: Iterable[str],
        nulls: Iterable[str] = (),
        *,
        date_order: str | None = None,
        csat_scale: str | None = None,
    ) -> ColumnMapping:
        """Parse ``col=field`` strings, naming the bad one when a field is unknown."""
        pairs: list[tuple[str, str]] = []
        for spec in specs:
            column, sep, target = spec.partition("=")
            column, target = column.strip(), target.strip()
            if not sep or not column or not target:
                raise ImportFileError(f"--map {spec!r}: expected COLUMN=FIELD")
            if target not in FIELDS:
                raise ImportFileError(
                    f"--map {spec!r}: unknown field {target!r}; fields are {', '.join(FIELDS)}"
                )
            pairs.append((column, target))
        check_conventions(date_order, csat_scale)
        return cls(
            tuple(pairs), nulls=frozenset(nulls), date_order=date_order, csat_scale=csat_scale
        )

    @property
    def explicit_pairs(self) -> tuple[tuple[str, str], ...]:
        """The pairs the user gave with ``--map``, not those found by name or alias."""
        return self.pairs if self.explicit < 0 else self.pairs[: self.explicit]

    def resolve(self, columns: Iterable[str]) -> ColumnMapping:
        """The mapping for a file with these columns: explicit pairs, then names and aliases."""
        columns = list(columns)
        mapped_columns = {column for column, _ in self.pairs}
        mapped_targets = {target for _, target in self.pairs}
        pairs = list(self.pairs)
        missing = [c for c, _ in self.pairs if c not in columns]
        if missing:
            raise ImportFileError(
                f"mapped column(s) {', '.join(map(repr, missing))} not in the file; "
                f"its columns are {', '.join(columns)}"
            )
        if self.partial:
            return self
        for column in columns:
            target = column if column in FIELDS else ALIASES.get(column.lower())
            if column in mapped_columns or target is None or target in mapped_targets:
                continue
            pairs.append((column, target))
            mapped_targets.add(target)
        return replace(self, pairs=tuple(pairs), explicit=len(self.explicit_pairs))

    def targets(self) -> frozenset[str]:
        return frozenset(target for _, target in self.pairs)

    def require(self, *fields: str) -> None:
        """Fail the whole file (nothing imported) when a required field has no column."""
        absent = [f for f in fields if f not in self.targets()]
        if absent:
            raise ImportFileError(
                f"no column maps to required field(s) {', '.join(absent)}; "
                f"use --map COLUMN={absent[0]}"
            )
