"""Reading what drift monitoring needs from the store, as plain columns.

Three reads: the draft log joined to its tickets (feedback until the pilot records agents'
verdicts), every ticket's creation time and category (the category mix), and the texts of
chosen tickets, in the parts the retrieval index embeds (subject, body, first customer message).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Engine, func, select

from ticketpilot.store.tables import drafts, messages, tickets

_CHUNK = 500


@dataclass
class DraftColumns:
    """One row per logged draft: when it counts, the ticket's category, prompt, outcome."""

    at: list[datetime] = field(default_factory=list)
    category: list[str | None] = field(default_factory=list)
    prompt_version: list[str] = field(default_factory=list)
    outcome: list[str] = field(default_factory=list)
    source: str = "no drafts logged"


def load_drafts(engine: Engine) -> DraftColumns:
    """Live drafts (dated when drafted); if none, the latest replay's (dated by their ticket).

    A replay drafts held-out past tickets "as of" their creation, so its drafts form a time
    series over history; live drafts are the real thing and win when there are any.
    """
    with engine.connect() as connection:
        live = connection.execute(
            select(func.count()).select_from(drafts).where(drafts.c.replay_id.is_(None))
        ).scalar_one()
        latest = connection.execute(select(func.max(drafts.c.replay_id))).scalar_one()
        when = drafts.c.created_at if live else tickets.c.created_at
        query = (
            select(when, tickets.c.category, drafts.c.prompt_version, drafts.c.outcome)
            .select_from(drafts.outerjoin(tickets, tickets.c.id == drafts.c.ticket_id))
            .where(drafts.c.replay_id.is_(None) if live else drafts.c.replay_id == latest)
            .order_by(drafts.c.id)
        )
        out = DraftColumns(source="live drafts" if live else f"replay {latest}")
        if not live and latest is None:
            return DraftColumns()
        for at, category, prompt, outcome in connection.execute(query):
            if at is None:
                continue
            out.at.append(at)
            out.category.append(category)
            out.prompt_version.append(prompt)
            out.outcome.append(outcome)
    return out


def load_ticket_days(engine: Engine) -> tuple[list[str], list[datetime], list[str | None]]:
    """Id, creation time and category of every dated ticket, oldest first."""
    ids: list[str] = []
    created: list[datetime] = []
    categories: list[str | None] = []
    query = (
        select(tickets.c.id, tickets.c.created_at, tickets.c.category)
        .where(tickets.c.created_at.is_not(None))
        .order_by(tickets.c.created_at, tickets.c.id)
    )
    with engine.connect() as connection:
        for ticket_id, at, category in connection.execute(query):
            ids.append(ticket_id)
            created.append(at)
            categories.append(category)
    return ids, created, categories


def load_ticket_texts(engine: Engine, ids: Sequence[str]) -> dict[str, tuple[str, str, str]]:
    """(subject, body, first customer message) of each ticket in ``ids`` that exists."""
    found: dict[str, tuple[str, str, str]] = {}
    first_customer = (
        select(messages.c.ticket_id, func.min(messages.c.seq).label("seq"))
        .where(messages.c.role == "customer")
        .group_by(messages.c.ticket_id)
        .subquery()
    )
    with engine.connect() as connection:
        for start in range(0, len(ids), _CHUNK):
            chunk = list(ids[start : start + _CHUNK])
            query = (
                select(tickets.c.id, tickets.c.subject, tickets.c.body, messages.c.body)
                .select_from(
                    tickets.outerjoin(
                        first_customer, first_customer.c.ticket_id == tickets.c.id
                    ).outerjoin(
                        messages,
                        (messages.c.ticket_id == tickets.c.id)
                        & (messages.c.seq == first_customer.c.seq),
                    )
                )
                .where(tickets.c.id.in_(chunk))
            )
            for ticket_id, subject, body, customer in connection.execute(query):
                found[ticket_id] = (subject or "", body or "", customer or "")
    return found
