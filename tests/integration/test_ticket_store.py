"""Ticket writes: new tickets inserted, changed ones replaced whole, unchanged ones skipped, on
SQLite and PostgreSQL, through each driver's bulk path and through SQLAlchemy Core."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import Engine, func, select

from ticketpilot.store import tickets as ticket_store
from ticketpilot.store.tables import messages
from ticketpilot.store.tickets import TicketRepository
from ticketpilot.tickets.model import Message, Role, Ticket


def _ticket(i: int, body: str = "", replies: int = 1) -> Ticket:
    thread = [Message(Role.CUSTOMER, body or f"where is order {i}?", True, datetime(2024, 5, 1))]
    thread += [
        Message(Role.AGENT, f"reply {n} to {i}", True, datetime(2024, 5, 2, n), f"agent-{n}")
        for n in range(replies)
    ]
    return Ticket(
        id=f"T{i}",
        subject=f"Order {i}",
        body=body or f"where is order {i}?",
        category="shipping",
        tags=("late", "eu"),
        created_at=datetime(2024, 5, 1, 9, 30, 15, 123456),
        resolved_at=datetime(2024, 5, 2, 17),
        csat=4.0,
        messages=thread,
    )


@pytest.fixture(params=["bulk", "core"])
def path(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "core":  # a driver without a bulk path
        monkeypatch.setattr(ticket_store, "bulk_stamp", lambda dialect: None)
    return str(request.param)


def test_changed_tickets_are_replaced_whole_and_unchanged_ones_skipped(
    engine: Engine, path: str
) -> None:
    repo = TicketRepository(engine)
    with engine.begin() as connection:
        first = repo.write_batch(connection, [_ticket(1, replies=3), _ticket(2), _ticket(3)])
    assert (first.inserted, first.updated, first.unchanged) == (3, 0, 0)
    newer = _ticket(1, body="where is order 1? it is a gift", replies=1)
    newer.category, newer.tags, newer.csat = "gifts", (), None
    with engine.begin() as connection:
        second = repo.write_batch(connection, [newer, _ticket(2), _ticket(4)])
    assert (second.inserted, second.updated, second.unchanged) == (1, 1, 1)
    stored = repo.get("T1")
    assert stored is not None
    assert (stored.body, stored.category, stored.tags, stored.csat) == (
        "where is order 1? it is a gift",
        "gifts",
        (),
        None,
    )
    assert stored.created_at == datetime(2024, 5, 1, 9, 30, 15, 123456)
    assert [(m.role, m.body, m.author_ref) for m in stored.messages] == [
        (Role.CUSTOMER, "where is order 1? it is a gift", None),
        (Role.AGENT, "reply 0 to 1", "agent-0"),
    ]
    assert repo.get("T2") == _ticket(2)
    assert repo.get("T4") == _ticket(4)
    with engine.connect() as connection:
        stored_messages = connection.execute(select(func.count()).select_from(messages))
        assert stored_messages.scalar_one() == 2 + 2 + 2 + 2


def test_brand_queue_and_product_are_stored_replaced_and_overlaid(
    engine: Engine, path: str
) -> None:
    """The scope fields go through every write path; adding a brand to a stored ticket changes
    its content (a re-import updates it), and ``--update-only`` can set one alone."""
    repo = TicketRepository(engine)
    plain, branded = _ticket(1), _ticket(2)
    branded.brand, branded.queue, branded.product = "acme", "returns", "app"
    with engine.begin() as connection:
        repo.write_batch(connection, [plain, branded])
    got = repo.get("T2")
    assert got is not None and (got.brand, got.queue, got.product) == ("acme", "returns", "app")
    again = repo.get("T1")
    assert again is not None and (again.brand, again.queue, again.product) == (None, None, None)
    plain.brand = "globex"
    with engine.begin() as connection:
        counts = repo.write_batch(connection, [plain, branded])
    assert (counts.inserted, counts.updated, counts.unchanged) == (0, 1, 1)
    label = Ticket(id="T2", brand="initech")
    with engine.begin() as connection:
        updated, missing = repo.update_fields(connection, [label], ["brand"])
    assert updated.updated == 1 and missing == []
    both = {t.id: (t.brand, t.queue) for t in repo.iter_tickets()}
    assert both == {"T1": ("globex", None), "T2": ("initech", "returns")}
