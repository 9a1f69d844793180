"""Real support data from ``../shared/data`` (never copied here), imported through the CLI.

(a) the twcs sample: conversations rebuilt from the reply links of 93 tweets;
(b) the ASAPP airline conversations: every one of the 43,072 records accounted for, the 491
    human labels applied with ``--update-only``, and a re-import that changes nothing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, func, select
from typer.testing import CliRunner

from ticketpilot.cli.app import app
from ticketpilot.store.quarantine import QuarantineRepository
from ticketpilot.store.tables import messages, tickets
from ticketpilot.store.tickets import TicketRepository
from ticketpilot.tickets.model import Role

pytestmark = pytest.mark.realdata

AIRLINE_MAPS = ["--map", "first_tweet_id=id", "--map", "tag=category"]
RAW_MAPS = [*AIRLINE_MAPS, "--map", "first_utterance=thread", "--map", "context=thread"]
INTENTS = {
    "BAGGAGE", "BOOKFLT", "CHECKIN", "CHGFLT", "CUSTSUPP", "DELAY", "FLIGHTSTAFF",
    "INFLIGHTENT", "INFLIGHTFACS", "NEWFEAT", "OTHER", "REWARDS", "TERMFACS", "TERMOPS",
}  # fmt: skip


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    folder = tmp_path / "ws"
    result = CliRunner().invoke(app, ["init", str(folder)])
    assert result.exit_code == 0, result.output
    return folder


def _import(workspace: Path, path: Path, *args: str) -> dict[str, Any]:
    result = CliRunner().invoke(app, ["import", str(path), "-w", str(workspace), "--json", *args])
    assert result.exit_code == 0, result.output
    [summary] = json.loads(result.stdout)
    return summary  # type: ignore[no-any-return]


def _engine(workspace: Path) -> Any:
    return create_engine(f"sqlite:///{workspace / 'ticketpilot.db'}")


def test_twcs_sample_rebuilds_27_conversations(shared_data: Path, workspace: Path) -> None:
    sample = shared_data / "twcs_samples" / "twcs_kaggle_sample.csv"
    summary = _import(workspace, sample, "--format", "twcs")
    # 93 tweets: 25 customer tweets that reply to nothing start a conversation; two brand
    # replies whose customer tweet is not in the sample are quarantined, and the customer
    # answer to each of them starts a conversation of its own.
    assert (summary["records"], summary["inserted"], summary["quarantined"]) == (29, 27, 2)
    assert summary["quarantined_by_code"] == {"orphan": 2}
    engine = _engine(workspace)
    with engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(messages)).scalar_one() == 91
    orphans = {row.ticket_id: row.reason for row in QuarantineRepository(engine).list()}
    assert set(orphans) == {"119246", "119332"}
    assert "replies to tweet 119247, which is not in the file" in orphans["119246"]
    repo = TicketRepository(engine)

    spotify = repo.get("119256")
    assert spotify is not None
    assert len(spotify.messages) == 8
    assert [m.role for m in spotify.messages] == [Role.CUSTOMER, Role.AGENT] * 4
    assert {m.author_ref for m in spotify.messages if m.role is Role.AGENT} == {"SpotifyCares"}
    times = [m.created_at for m in spotify.messages]
    assert None not in times
    assert times == sorted(times)  # type: ignore[type-var]
    assert len(set(times)) == 8
    assert spotify.customer_ref == "105840"
    assert spotify.first_response_at == times[1]
    assert spotify.body.startswith("@76495 @91226 Please help! Spotify Premium skipping")

    virgin = repo.get("119242")  # its brand parent 119246 is the quarantined orphan
    assert virgin is not None
    assert [m.role for m in virgin.messages] == [Role.CUSTOMER, Role.AGENT] * 3
    assert virgin.messages[0].body.startswith("@VirginTrains I still haven't heard & the number")
    tesco = repo.get("119333")
    assert tesco is not None
    assert [(m.role, m.author_ref) for m in tesco.messages] == [
        (Role.CUSTOMER, "105861"),
        (Role.AGENT, "Tesco"),
    ]
    engine.dispose()


@pytest.mark.slow
def test_airline_file_is_accounted_for_exactly(shared_data: Path, workspace: Path) -> None:
    folder = shared_data / "asapp_twitter_airlines"
    raw, labels = folder / "airlines_raw.csv.bz2", folder / "airlines_500onlyb.csv.bz2"

    first = _import(workspace, raw, *RAW_MAPS, "--null", "UNK")
    assert first["records"] == 43_072
    assert (first["tickets"], first["inserted"]) == (42_311, 42_311)
    assert first["repeated"] == 748  # the same conversation listed again, byte for byte
    assert first["quarantined_by_code"] == {"duplicate_id": 12, "missing_id": 1}
    assert 42_311 + 748 + 12 + 1 == 43_072
    engine = _engine(workspace)
    quarantined = QuarantineRepository(engine).list(limit=20)
    empty = [row for row in quarantined if row.ticket_id is None]
    assert [(row.line, row.reason, row.raw) for row in empty] == [(43_073, "id is empty", ",UNK,,")]
    assert all("has the same id, other content" in r.reason for r in quarantined if r.ticket_id)
    count, names = _categories(engine)
    assert count == 486  # 5 labelled rows repeat an id first seen unlabelled
    assert names <= INTENTS

    labelled = _import(workspace, labels, *AIRLINE_MAPS, "--update-only")
    assert (labelled["records"], labelled["updated"], labelled["quarantined"]) == (491, 491, 0)
    assert _categories(engine) == (491, INTENTS)

    again = _import(workspace, raw, *RAW_MAPS, "--null", "UNK")
    assert (again["inserted"], again["updated"], again["unchanged"]) == (0, 0, 42_311)
    assert _categories(engine) == (491, INTENTS)  # the labels survive the re-import
    engine.dispose()


def _categories(engine: Any) -> tuple[int, set[str]]:
    """How many tickets have a category, and which categories there are."""
    with engine.connect() as connection:
        names = set(connection.execute(select(tickets.c.category).distinct()).scalars())
        count = connection.execute(select(func.count(tickets.c.category))).scalar_one()
    return count, names - {None}
