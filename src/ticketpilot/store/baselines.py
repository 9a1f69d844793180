"""Reading the columns the baseline needs, and keeping each computed baseline."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Engine, func, select

from ticketpilot.baseline.report import BaselineReport, HistoryColumns
from ticketpilot.figures import Figure
from ticketpilot.store.tables import baselines, messages, tickets


def load_history(engine: Engine) -> HistoryColumns:
    """One pass over the tickets; first response falls back to the first agent message time."""
    first_agent = (
        select(messages.c.ticket_id, func.min(messages.c.created_at).label("at"))
        .where(messages.c.role == "agent")
        .group_by(messages.c.ticket_id)
        .subquery()
    )
    query = select(
        tickets.c.created_at,
        func.coalesce(tickets.c.first_response_at, first_agent.c.at),
        tickets.c.resolved_at,
        tickets.c.category,
        tickets.c.channel,
        tickets.c.csat,
    ).outerjoin(first_agent, first_agent.c.ticket_id == tickets.c.id)
    history = HistoryColumns()
    with engine.connect() as connection:
        for row in connection.execute(query):
            history.created_at.append(row[0])
            history.first_response_at.append(_as_datetime(row[1]))
            history.resolved_at.append(row[2])
            history.category.append(row[3])
            history.channel.append(row[4])
            history.csat.append(row[5])
    return history


def _as_datetime(value: Any) -> datetime | None:
    """SQLite returns ``min()`` of a DateTime column as text; PostgreSQL as a datetime."""
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def save_baseline(engine: Engine, report: BaselineReport, now: datetime) -> int:
    payload = {
        "tickets": report.tickets,
        "window_start": report.window_start.isoformat() if report.window_start else None,
        "window_end": report.window_end.isoformat() if report.window_end else None,
        "figures": {name: fig.as_dict() for name, fig in report.figures.items()},
        "monthly_volume": report.monthly_volume,
        "category_mix": report.category_mix,
        "channel_mix": report.channel_mix,
    }
    with engine.begin() as connection:
        result = connection.execute(baselines.insert().values(computed_at=now, figures=payload))
        return int(result.inserted_primary_key[0])  # type: ignore[index]


def latest_baseline(engine: Engine) -> BaselineReport | None:
    with engine.connect() as connection:
        row = connection.execute(
            select(baselines.c.figures).order_by(baselines.c.id.desc()).limit(1)
        ).scalar_one_or_none()
    if row is None:
        return None
    return BaselineReport(
        tickets=row["tickets"],
        window_start=datetime.fromisoformat(row["window_start"]) if row["window_start"] else None,
        window_end=datetime.fromisoformat(row["window_end"]) if row["window_end"] else None,
        figures={name: Figure.from_dict(data) for name, data in row["figures"].items()},
        monthly_volume=row["monthly_volume"],
        category_mix=row["category_mix"],
        channel_mix=row["channel_mix"],
    )
