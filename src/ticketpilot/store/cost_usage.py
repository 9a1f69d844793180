"""What the cost figures read: drafting calls with their ticket's category and resolution, and
ticket volume by calendar month and hour of day (one streamed pass over the tickets)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, select

from ticketpilot.cost.usage import DraftUsage
from ticketpilot.store.tables import drafts, tickets


@dataclass(slots=True)
class TicketVolume:
    """Tickets per ``YYYY-MM`` and per hour of day (program time zone), and how many resolved."""

    monthly: dict[str, int] = field(default_factory=dict)
    hours: list[int] = field(default_factory=lambda: [0] * 24)
    tickets: int = 0
    resolved: int = 0
    window: tuple[datetime | None, datetime | None] = (None, None)


def draft_usage(
    engine: Engine, since: datetime | None = None, until: datetime | None = None
) -> list[DraftUsage]:
    """Drafting calls in ``[since, until)``, oldest first, with their stored ticket's fields."""
    query = (
        select(
            drafts.c.created_at,
            drafts.c.ticket_id,
            drafts.c.replay_id,
            drafts.c.provider,
            drafts.c.model,
            drafts.c.prompt_version,
            drafts.c.input_tokens,
            drafts.c.output_tokens,
            drafts.c.attempts,
            tickets.c.category,
            tickets.c.resolved_at,
            tickets.c.id,
        )
        .select_from(drafts.outerjoin(tickets, tickets.c.id == drafts.c.ticket_id))
        .order_by(drafts.c.id)
    )
    if since is not None:
        query = query.where(drafts.c.created_at >= since)
    if until is not None:
        query = query.where(drafts.c.created_at < until)
    with engine.connect() as connection:
        return [
            DraftUsage(
                created_at=r[0],
                ticket_id=r[1],
                replay=r[2] is not None,
                provider=r[3],
                model=r[4],
                prompt_version=r[5],
                input_tokens=int(r[6]),
                output_tokens=int(r[7]),
                attempts=int(r[8]),
                category=r[9],
                resolved=None if r[11] is None else r[10] is not None,
            )
            for r in connection.execute(query)
        ]


def ticket_volume(engine: Engine, timezone: str = "UTC") -> TicketVolume:
    """Monthly counts (UTC months, as the baseline counts them) and the hour-of-day profile."""
    zone = ZoneInfo(timezone)
    volume = TicketVolume()
    first: datetime | None = None
    last: datetime | None = None
    query = select(tickets.c.created_at, tickets.c.resolved_at)
    with engine.connect() as connection:
        for created, resolved in connection.execution_options(yield_per=10_000).execute(query):
            volume.tickets += 1
            volume.resolved += resolved is not None
            if created is None:
                continue
            key = f"{created:%Y-%m}"
            volume.monthly[key] = volume.monthly.get(key, 0) + 1
            volume.hours[created.replace(tzinfo=UTC).astimezone(zone).hour] += 1
            first = created if first is None or created < first else first
            last = created if last is None or created > last else last
    volume.monthly = dict(sorted(volume.monthly.items()))
    volume.window = (first, last)
    return volume
