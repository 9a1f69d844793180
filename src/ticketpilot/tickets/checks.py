"""What every imported ticket must satisfy before it is stored, whatever importer made it.

Importers read values; a value can read well and still be impossible. The import runs these on
each ticket, the same for every format (a plugin's too):

- **NUL characters** (U+0000) are removed from every text and the record is counted: PostgreSQL
  text cannot hold them (the import failed there on every re-run) while SQLite can, and a NUL
  carries no meaning in a ticket. Removing them keeps the ticket, the same on both databases.
- **Times** (the ticket's and every message's) must lie in a plausible window: not before
  :data:`EARLIEST` and not more than :data:`FUTURE_SLACK` after the import's clock; ``1800``,
  ``2099`` or the year 5138 of ``99999999999999`` read as milliseconds are damage
  (``out_of_range``).
- **Order**: a first response or a resolution before the ticket was created (``time_order``).
- **CSAT** is stored on 1..5: anything else, infinity and NaN included, is ``out_of_range``
  (the generic importers already name the file's own scale; this catches every importer).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from ticketpilot.tickets.model import Ticket

EARLIEST = datetime(1990, 1, 1)
"""No support ticket in an export is older than this; an earlier time is a broken value."""
FUTURE_SLACK = timedelta(days=1)
"""How far past the import's clock a time may be (time zones, clocks a little ahead)."""
_NUL = "\x00"


@dataclass(frozen=True, slots=True)
class TimeWindow:
    """The times a ticket may carry, from :data:`EARLIEST` to the import's clock plus a day."""

    earliest: datetime
    latest: datetime
    now: datetime

    @classmethod
    def at(cls, now: datetime) -> TimeWindow:
        return cls(EARLIEST, now + FUTURE_SLACK, now)


def has_nul(ticket: Ticket) -> bool:
    """Whether any text of the ticket holds a NUL character (one-character searches, each a
    ``memchr``: a fraction of a microsecond per ticket)."""
    if _NUL in ticket.body or _NUL in ticket.subject or _NUL in ticket.id:
        return True
    for message in ticket.messages:
        author = message.author_ref
        if _NUL in message.body or (author is not None and _NUL in author):
            return True
    for tag in ticket.tags:
        if _NUL in tag:
            return True
    for value in (
        ticket.channel,
        ticket.category,
        ticket.priority,
        ticket.language,
        ticket.customer_ref,
        ticket.status,
    ):
        if value is not None and _NUL in value:
            return True
    return False


def strip_nul(ticket: Ticket) -> None:
    """Remove NUL characters from every text of the ticket."""
    ticket.id = ticket.id.replace(_NUL, "")
    ticket.subject = ticket.subject.replace(_NUL, "")
    ticket.body = ticket.body.replace(_NUL, "")
    for name in ("channel", "category", "priority", "language", "customer_ref", "status"):
        value = getattr(ticket, name)
        if value:
            setattr(ticket, name, value.replace(_NUL, "") or None)
    ticket.tags = tuple(t for t in (tag.replace(_NUL, "") for tag in ticket.tags) if t)
    for message in ticket.messages:
        message.body = message.body.replace(_NUL, "")
        if message.author_ref:
            message.author_ref = message.author_ref.replace(_NUL, "") or None


def problem(ticket: Ticket, window: TimeWindow) -> tuple[str, str] | None:
    """``(code, reason)`` of the first check ``ticket`` fails, ``None`` when it passes all."""
    low, high = window.earliest, window.latest
    created, first, resolved = ticket.created_at, ticket.first_response_at, ticket.resolved_at
    if created is not None and not low <= created <= high:
        return "out_of_range", _outside("created_at", created, window)
    if first is not None:
        if not low <= first <= high:
            return "out_of_range", _outside("first_response_at", first, window)
        if created is not None and first < created:
            return "time_order", _before("first_response_at", first, created)
    if resolved is not None:
        if not low <= resolved <= high:
            return "out_of_range", _outside("resolved_at", resolved, window)
        if created is not None and resolved < created:
            return "time_order", _before("resolved_at", resolved, created)
    for message in ticket.messages:
        moment = message.created_at
        if moment is not None and moment is not created and not low <= moment <= high:
            where = f"messages[{ticket.messages.index(message)}].created_at"
            return "out_of_range", _outside(where, moment, window)
    csat = ticket.csat
    if csat is not None and not 1.0 <= csat <= 5.0:
        return "out_of_range", f"csat {csat!r} is not a rating on 1..5, the stored scale"
    return None


def _outside(name: str, moment: datetime, window: TimeWindow) -> str:
    if moment < window.earliest:
        return (
            f"{name} {_shown(moment)} is before {window.earliest:%Y-%m-%d}: not a plausible "
            "ticket time"
        )
    return (
        f"{name} {_shown(moment)} is more than {FUTURE_SLACK.days} day after the import's clock "
        f"({_shown(window.now)})"
    )


def _before(name: str, moment: datetime, created: datetime) -> str:
    return f"{name} {_shown(moment)} is before created_at {_shown(created)}"


def _shown(moment: datetime) -> str:
    return moment.isoformat(" ", "seconds")
