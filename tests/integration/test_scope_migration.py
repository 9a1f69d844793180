"""Migration 0003 on a database that already holds tickets: they keep their rows and digests."""

from __future__ import annotations

from datetime import datetime
from importlib import resources

from alembic import command
from alembic.config import Config
from sqlalchemy import text

from ticketpilot.store import create_engine_for, migrate
from ticketpilot.store.tickets import TicketRepository, content_hash
from ticketpilot.tickets.model import Message, Role, Ticket


def _upgrade_to(url: str, revision: str) -> None:
    config = Config()
    config.set_main_option(
        "script_location", str(resources.files("ticketpilot.store").joinpath("migrations"))
    )
    engine = create_engine_for(url)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    engine.dispose()


def test_tickets_stored_before_scopes_survive_the_migration(db_url: str) -> None:
    _upgrade_to(db_url, "0002")
    engine = create_engine_for(db_url)
    old = Ticket(id="T1", body="Where is my refund?", created_at=datetime(2024, 1, 2),
                 messages=[Message(Role.CUSTOMER, "Where is my refund?")])  # fmt: skip
    with engine.begin() as connection:  # written as a 0002 schema would hold it
        connection.execute(
            text("INSERT INTO tickets (id, subject, body, tags, content_hash, created_at) "
                 "VALUES ('T1', '', 'Where is my refund?', '[]', :digest, :created)"),
            {"digest": content_hash(old), "created": datetime(2024, 1, 2)},
        )  # fmt: skip
        connection.execute(
            text("INSERT INTO messages (ticket_id, seq, role, public, body) "
                 "VALUES ('T1', 0, 'customer', true, 'Where is my refund?')")
        )  # fmt: skip
    migrate(engine)
    repo = TicketRepository(engine)
    stored = repo.get("T1")
    assert stored is not None and (stored.brand, stored.queue, stored.product) == (None, None, None)
    assert content_hash(stored) == content_hash(old)
    with engine.begin() as connection:  # re-importing the same ticket finds it unchanged
        counts = repo.write_batch(connection, [old])
    assert (counts.inserted, counts.updated, counts.unchanged) == (0, 0, 1)
    engine.dispose()
