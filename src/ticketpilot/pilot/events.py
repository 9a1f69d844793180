"""The pilot's event records: what the agent workspace and helpdesk integrations report.

One small frozen record per thing that happens to a pilot ticket, each with the ticket id and
the time (naive UTC). The feedback service stores them as plain records
(:func:`event_record` / :func:`event_from_record`); the metrics read them back.

==========  =================================================================================
kind        meaning
==========  =================================================================================
assigned    the ticket entered the pilot (either arm), before any draft: the unit the sample-
            ratio check counts; carries the category
shown       a draft was shown to the agent (treatment): prompt version, drafting latency,
            whether the checks detected an ungrounded claim in it (shown with a warning)
withheld    a treatment ticket got no draft (fallback to a human) and why; ``drafted``: a draft
            was written and then withheld by the checks; ``detected``: for an ungrounded claim
accepted    the draft was sent unchanged; ``seconds``: first view -> send
edited      the draft was edited, then sent: character edit distance, both lengths, seconds
rejected    the draft was discarded and the agent wrote the reply; seconds if it was sent
handled     the agent replied without a draft (control, or a withheld treatment ticket)
flagged     the agent flagged a hallucination in the draft, by severity, with a note
resolved    the ticket was resolved; ``hours``: created -> resolved
rated       the customer's satisfaction score (any scale, e.g. 1..5 or 0/1)
==========  =================================================================================
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from typing import ClassVar, Literal, get_args, get_type_hints

from ticketpilot.errors import PilotError
from ticketpilot.pilot.editdistance import levenshtein

Severity = Literal["minor", "major", "critical"]
SEVERITIES: tuple[Severity, ...] = get_args(Severity)
NOTE_LIMIT = 2_000


@dataclass(frozen=True, slots=True)
class _Event:
    kind: ClassVar[str]
    ticket_id: str
    at: datetime

    def __post_init__(self) -> None:
        if not self.ticket_id:
            raise PilotError(f"{self.kind} event: ticket_id must not be empty")
        if self.at.tzinfo is not None:  # stored naive UTC, as everywhere in the store
            object.__setattr__(self, "at", self.at.astimezone(UTC).replace(tzinfo=None))

    def _non_negative(self, name: str) -> None:
        value = getattr(self, name)
        if value is not None and not (value >= 0 and math.isfinite(value)):
            raise PilotError(
                f"{self.kind} event for {self.ticket_id}: {name} = {value!r} must be >= 0"
            )


@dataclass(frozen=True, slots=True)
class Assigned(_Event):
    kind: ClassVar[str] = "assigned"
    category: str | None = None


@dataclass(frozen=True, slots=True)
class Shown(_Event):
    kind: ClassVar[str] = "shown"
    prompt_version: str = "unknown"
    latency_ms: float | None = None
    detected: bool = False

    def __post_init__(self) -> None:
        super(Shown, self).__post_init__()
        self._non_negative("latency_ms")


@dataclass(frozen=True, slots=True)
class Withheld(_Event):
    kind: ClassVar[str] = "withheld"
    reason: str = "unknown"
    drafted: bool = False
    detected: bool = False
    prompt_version: str | None = None
    latency_ms: float | None = None

    def __post_init__(self) -> None:
        super(Withheld, self).__post_init__()
        self._non_negative("latency_ms")


@dataclass(frozen=True, slots=True)
class Accepted(_Event):
    kind: ClassVar[str] = "accepted"
    seconds: float | None = None

    def __post_init__(self) -> None:
        super(Accepted, self).__post_init__()
        self._non_negative("seconds")


@dataclass(frozen=True, slots=True)
class Edited(_Event):
    kind: ClassVar[str] = "edited"
    distance: int = 0
    draft_chars: int = 0
    sent_chars: int = 0
    seconds: float | None = None

    def __post_init__(self) -> None:
        super(Edited, self).__post_init__()
        for name in ("distance", "draft_chars", "sent_chars", "seconds"):
            self._non_negative(name)
        if self.distance > max(self.draft_chars, self.sent_chars):
            raise PilotError(
                f"edited event for {self.ticket_id}: distance {self.distance} exceeds both "
                f"lengths ({self.draft_chars}, {self.sent_chars})"
            )


@dataclass(frozen=True, slots=True)
class Rejected(_Event):
    kind: ClassVar[str] = "rejected"
    seconds: float | None = None

    def __post_init__(self) -> None:
        super(Rejected, self).__post_init__()
        self._non_negative("seconds")


@dataclass(frozen=True, slots=True)
class Handled(_Event):
    kind: ClassVar[str] = "handled"
    seconds: float | None = None

    def __post_init__(self) -> None:
        super(Handled, self).__post_init__()
        self._non_negative("seconds")


@dataclass(frozen=True, slots=True)
class Flagged(_Event):
    kind: ClassVar[str] = "flagged"
    severity: Severity = "minor"
    note: str | None = None
    """What the agent saw wrong, in their words (kept with the event, never in the metrics)."""

    def __post_init__(self) -> None:
        super(Flagged, self).__post_init__()
        if self.severity not in SEVERITIES:
            raise PilotError(
                f"flagged event for {self.ticket_id}: severity {self.severity!r} is not one of "
                f"{', '.join(SEVERITIES)}"
            )
        if self.note is not None and len(self.note) > NOTE_LIMIT:
            raise PilotError(
                f"flagged event for {self.ticket_id}: the note has {len(self.note):,} "
                f"characters; at most {NOTE_LIMIT:,}"
            )


@dataclass(frozen=True, slots=True)
class Resolved(_Event):
    kind: ClassVar[str] = "resolved"
    hours: float | None = None

    def __post_init__(self) -> None:
        super(Resolved, self).__post_init__()
        self._non_negative("hours")


@dataclass(frozen=True, slots=True)
class Rated(_Event):
    kind: ClassVar[str] = "rated"
    score: float = 0.0

    def __post_init__(self) -> None:
        super(Rated, self).__post_init__()
        if not math.isfinite(self.score):
            raise PilotError(f"rated event for {self.ticket_id}: score must be a finite number")


PilotEvent = (
    Assigned
    | Shown
    | Withheld
    | Accepted
    | Edited
    | Rejected
    | Handled
    | Flagged
    | Resolved
    | Rated
)
#: every event type by its ``kind``, in the order of a ticket's life
EVENT_TYPES: dict[str, type[PilotEvent]] = {
    cls.kind: cls
    for cls in (Assigned, Shown, Withheld, Accepted, Edited, Rejected, Handled, Flagged,
                Resolved, Rated)
}  # fmt: skip


def edited(ticket_id: str, at: datetime, draft: str, sent: str, seconds: float | None) -> Edited:
    """An :class:`Edited` event with the edit distance computed from the two texts."""
    return Edited(ticket_id, at, distance=levenshtein(draft, sent), draft_chars=len(draft),
                  sent_chars=len(sent), seconds=seconds)  # fmt: skip


def event_record(event: PilotEvent) -> dict[str, object]:
    """The event as a plain record (``kind`` first), for storage or JSON (``at`` stays a datetime)."""
    record: dict[str, object] = {"kind": event.kind}
    record.update({f.name: getattr(event, f.name) for f in fields(event)})
    return record


def event_from_record(record: Mapping[str, object]) -> PilotEvent:
    """Rebuild an event from a plain record; a wrong kind, key or value raises :class:`PilotError`."""
    kind = record.get("kind")
    cls = EVENT_TYPES.get(str(kind))
    if cls is None:
        raise PilotError(f"unknown pilot event kind {kind!r}; known: {', '.join(EVENT_TYPES)}")
    hints = _hints(cls)
    names = {f.name for f in fields(cls)}
    unknown = set(record) - names - {"kind"}
    if unknown:
        raise PilotError(f"{kind} event: unknown field(s) {', '.join(sorted(unknown))}")
    values = {name: _coerce(str(kind), name, record[name], hints[name])
              for name in names if name in record}  # fmt: skip
    missing = {"ticket_id", "at"} - set(values)
    if missing:
        raise PilotError(f"{kind} event: missing {', '.join(sorted(missing))}")
    return cls(**values)  # type: ignore[arg-type]


_HINTS: dict[str, dict[str, object]] = {}


def _hints(cls: type[PilotEvent]) -> dict[str, object]:
    """The resolved field types of an event class (``from __future__`` leaves them as text)."""
    if cls.kind not in _HINTS:
        _HINTS[cls.kind] = get_type_hints(cls)
    return _HINTS[cls.kind]


def _coerce(kind: str, name: str, value: object, hint: object) -> object:
    options = set(get_args(hint)) or {hint}
    if value is None and type(None) in options:
        return None
    try:
        if datetime in options:
            return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
        if bool in options:
            if not isinstance(value, bool | int) or value not in (0, 1):
                raise ValueError("not a boolean")
            return bool(value)
        if int in options:
            if isinstance(value, bool) or float(str(value)) != int(float(str(value))):
                raise ValueError("not a whole number")
            return int(float(str(value)))
        if float in options:
            if isinstance(value, bool):
                raise ValueError("not a number")
            return float(str(value))
        if not isinstance(value, str):
            raise ValueError("not text")
        return value
    except ValueError as exc:
        raise PilotError(f"{kind} event: {name} = {value!r}: {exc}") from exc
