"""The same real-data imports on SQLite and on PostgreSQL (``db_url`` from ``tests/conftest``).

The airline file is the one real export big enough to show that both stores count, dedupe,
quarantine and update exactly alike; the twcs sample checks rebuilt threads round-trip.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from ticketpilot.store.quarantine import QuarantineRepository
from ticketpilot.store.tables import messages, tickets
from ticketpilot.store.tickets import TicketRepository
from ticketpilot.tickets.importers import default_importers
from ticketpilot.tickets.importing.pipeline import ImportOptions, ImportResult, import_file
from ticketpilot.tickets.mapping import ColumnMapping
from ticketpilot.tickets.model import Role

pytestmark = pytest.mark.realdata

RAW_MAPS = ("first_tweet_id=id", "tag=category", "first_utterance=thread", "context=thread")
LABEL_MAPS = ("first_tweet_id=id", "tag=category")


def _import(
    engine: Engine,
    path: Path,
    maps: tuple[str, ...],
    *,
    nulls: tuple[str, ...] = (),
    fmt: str | None = None,
    update_only: bool = False,
) -> ImportResult:
    mapping = ColumnMapping.parse(maps, nulls)
    options = ImportOptions(fmt=fmt, mapping=mapping, update_only=update_only)
    return import_file(
        engine, default_importers(), path, options, clock=lambda: datetime(2025, 1, 1)
    )


def _count(engine: Engine, query: object) -> int:
    with engine.connect() as connection:
        return int(connection.execute(query).scalar_one())  # type: ignore[call-overload]


@pytest.mark.slow
def test_airline_import_is_the_same_on_every_store(engine: Engine, shared_data: Path) -> None:
    folder = shared_data / "asapp_twitter_airlines"
    first = _import(engine, folder / "airlines_raw.csv.bz2", RAW_MAPS, nulls=("UNK",))
    assert (first.records, first.tickets, first.repeated) == (43_072, 42_311, 748)
    assert first.by_code == {"duplicate_id": 12, "missing_id": 1}
    assert _count(engine, select(func.count()).select_from(tickets)) == 42_311
    assert _count(engine, select(func.count()).select_from(messages)) == 113_663
    assert QuarantineRepository(engine).count(first.import_id) == 13

    labels = _import(engine, folder / "airlines_500onlyb.csv.bz2", LABEL_MAPS, update_only=True)
    assert (labels.counts.updated, labels.quarantined) == (491, 0)
    assert _count(engine, select(func.count(tickets.c.category))) == 491
    assert _count(engine, select(func.count(tickets.c.category.distinct()))) == 14

    again = _import(engine, folder / "airlines_raw.csv.bz2", RAW_MAPS, nulls=("UNK",))
    assert (again.counts.inserted, again.counts.updated, again.counts.unchanged) == (0, 0, 42_311)
    assert _count(engine, select(func.count(tickets.c.category))) == 491
    ticket = TicketRepository(engine).get("792")
    assert ticket is not None
    assert [m.role for m in ticket.messages] == [
        Role.CUSTOMER,
        Role.AGENT,
        Role.CUSTOMER,
        Role.AGENT,
    ]


def test_twcs_sample_round_trips(engine: Engine, shared_data: Path) -> None:
    path = shared_data / "twcs_samples" / "twcs_kaggle_sample.csv"
    result = _import(engine, path, (), fmt="twcs")
    assert (result.counts.inserted, result.quarantined) == (27, 2)
    ticket = TicketRepository(engine).get("119256")
    assert ticket is not None
    assert [m.role for m in ticket.messages] == [Role.CUSTOMER, Role.AGENT] * 4
    assert ticket.created_at == datetime(2017, 10, 11, 12, 53, 29)
    assert _import(engine, path, (), fmt="twcs").counts.unchanged == 27
