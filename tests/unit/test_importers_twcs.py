"""twcs (Customer Support on Twitter): conversations rebuilt from reply links, stored for real."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine

from memory_probe import OwnMemory, flat
from ticketpilot.errors import ImportFileError
from ticketpilot.store.quarantine import QuarantineRepository
from ticketpilot.store.tickets import TicketRepository
from ticketpilot.tickets.importers import default_importers
from ticketpilot.tickets.importing.pipeline import ImportOptions, ImportResult, import_file
from ticketpilot.tickets.mapping import ColumnMapping
from ticketpilot.tickets.model import Role, Ticket
from ticketpilot.tickets.source import SourceFile

HEADER = [
    "tweet_id",
    "author_id",
    "inbound",
    "created_at",
    "text",
    "response_tweet_id",
    "in_response_to_tweet_id",
]
# (tweet_id, author, inbound, created, text, replies, in_reply_to); ids are not in time order
TWEETS = [
    (
        "10",
        "115712",
        "True",
        "Tue Oct 31 22:10:47 +0000 2017",
        "@sprintcare my phone is dead",
        "9,11",
        "",
    ),
    (
        "9",
        "sprintcare",
        "False",
        "Tue Oct 31 22:12:00 +0000 2017",
        "@115712 Sorry! Please DM us.",
        "8",
        "10",
    ),
    (
        "8",
        "115712",
        "True",
        "Tue Oct 31 22:20:00 +0000 2017",
        "@sprintcare sent a DM &amp; waiting",
        "",
        "9",
    ),
    (
        "11",
        "sprintcare",
        "False",
        "Tue Oct 31 22:11:30 +0000 2017",
        "@115712 Which model?",
        "",
        "10",
    ),
    (
        "20",
        "AppleSupport",
        "False",
        "Wed Nov 01 08:00:00 +0000 2017",
        "@99 Glad it works now",
        "",
        "19",
    ),
    (
        "21",
        "AppleSupport",
        "False",
        "Wed Nov 01 08:01:00 +0000 2017",
        "@99 Anything else?",
        "",
        "20",
    ),
    (
        "30",
        "AmazonHelp",
        "False",
        "Wed Nov 01 09:00:00 +0000 2017",
        "@77 Hi, can you share the order?",
        "31",
        "29",
    ),
    ("31", "77", "True", "Wed Nov 01 09:05:00 +0000 2017", "@AmazonHelp order 123-456", "32", "30"),
    ("32", "AmazonHelp", "False", "Wed Nov 01 09:10:00 +0000 2017", "@77 Refund issued", "", "31"),
    (
        "40",
        "55",
        "True",
        "Wed Nov 01 10:00:00 +0000 2017",
        "@Uber_Support driver took a detour",
        "",
        "39",
    ),
    ("50", "66", "True", "sometime last week", "@Delta where is my bag", "", ""),
    ("51", "Delta", "False", "Wed Nov 01 11:00:00 +0000 2017", "@66 We're on it", "", "50"),
    (
        "9",
        "sprintcare",
        "False",
        "Tue Oct 31 22:12:00 +0000 2017",
        "@115712 Sorry! Please DM us.",
        "8",
        "10",
    ),
    ("60", "88", "yes", "Wed Nov 01 12:00:00 +0000 2017", "@Tesco hello", "", ""),
]


def _write(path: Path, rows: list[tuple[str, ...]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """These tests run on SQLite only (``tests/integration`` covers PostgreSQL)."""
    return f"sqlite:///{tmp_path / 'test.db'}"


def _import(engine: Engine, path: Path, *maps: str) -> ImportResult:
    options = ImportOptions(fmt="twcs", mapping=ColumnMapping.parse(maps), batch_size=2)
    return import_file(
        engine, default_importers(), path, options, clock=lambda: datetime(2025, 1, 1)
    )


def _get(engine: Engine, ticket_id: str) -> Ticket:
    ticket = TicketRepository(engine).get(ticket_id)
    assert ticket is not None, f"ticket {ticket_id} was not stored"
    return ticket


def test_conversations_and_quarantine(engine: Engine, tmp_path: Path) -> None:
    result = _import(engine, _write(tmp_path / "twcs.csv", TWEETS))
    # tickets 10, 31 (its brand parent is an orphan), 40 (parent missing); 7 rejections
    assert (result.counts.inserted, result.quarantined, result.records) == (3, 7, 10)
    assert result.by_code == {"orphan": 4, "bad_value": 2, "duplicate_id": 1}
    rows = {row.line: row.reason for row in QuarantineRepository(engine).list()}
    assert rows[6] == (
        "brand tweet 20 (AppleSupport) replies to tweet 19, which is not in the file: "
        "no customer tweet starts its conversation"
    )
    assert rows[7].startswith("brand tweet 21 (AppleSupport) replies to brand tweet 20, which has")
    assert rows[8].startswith("brand tweet 30 (AmazonHelp) replies to tweet 29, which is not")
    assert rows[12] == "created_at: cannot read 'sometime last week' as a date"
    assert rows[13].startswith("brand tweet 51 (Delta) replies to tweet 50, quarantined at line 12")
    assert rows[14] == "tweet 9 is already at line 3"
    assert rows[15] == "inbound: 'yes' is not True or False"


def test_thread_order_roles_and_times(engine: Engine, tmp_path: Path) -> None:
    _import(engine, _write(tmp_path / "twcs.csv", TWEETS))
    ticket = _get(engine, "10")
    assert [(m.role, m.author_ref, m.body) for m in ticket.messages] == [
        (Role.CUSTOMER, "115712", "@sprintcare my phone is dead"),
        (Role.AGENT, "sprintcare", "@115712 Which model?"),
        (Role.AGENT, "sprintcare", "@115712 Sorry! Please DM us."),
        (Role.CUSTOMER, "115712", "@sprintcare sent a DM & waiting"),
    ]
    times = [m.created_at for m in ticket.messages]
    assert times == sorted(times)
    assert (ticket.customer_ref, ticket.channel, ticket.body) == (
        "115712",
        "twitter",
        "@sprintcare my phone is dead",
    )
    assert ticket.created_at == datetime(2017, 10, 31, 22, 10, 47)
    assert ticket.first_response_at == datetime(2017, 10, 31, 22, 11, 30)
    assert ticket.brand == "sprintcare"  # the company that answered: what may scope drafting


def test_inbound_reply_to_a_missing_or_orphan_tweet_starts_a_conversation(
    engine: Engine, tmp_path: Path
) -> None:
    _import(engine, _write(tmp_path / "twcs.csv", TWEETS))
    amazon = _get(engine, "31")
    assert [m.role for m in amazon.messages] == [Role.CUSTOMER, Role.AGENT]
    assert amazon.first_response_at == datetime(2017, 11, 1, 9, 10)
    uber = _get(engine, "40")
    assert ([m.role for m in uber.messages], uber.first_response_at) == ([Role.CUSTOMER], None)


def test_reimport_is_idempotent_and_map_is_refused(engine: Engine, tmp_path: Path) -> None:
    path = _write(tmp_path / "twcs.csv", TWEETS)
    _import(engine, path)
    again = _import(engine, path)
    assert (again.counts.inserted, again.counts.updated, again.counts.unchanged) == (0, 0, 3)
    with pytest.raises(ImportFileError, match="--map and --update-only do not apply"):
        _import(engine, path, "text=body")


def test_a_file_without_the_twcs_columns_is_refused(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("id,body\n1,hello\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match="not a twcs file: no column"):
        _import(engine, path)


def test_replies_in_a_circle_are_quarantined_with_what_hangs_off_them(
    engine: Engine, tmp_path: Path
) -> None:
    circle = [
        ("70", "AcmeHelp", "False", "Wed Nov 01 13:00:00 +0000 2017", "@1 first", "", "72"),
        ("71", "5", "True", "Wed Nov 01 13:01:00 +0000 2017", "@AcmeHelp second", "", "70"),
        ("72", "AcmeHelp", "False", "Wed Nov 01 13:02:00 +0000 2017", "@5 third", "", "71"),
        ("73", "5", "True", "Wed Nov 01 13:03:00 +0000 2017", "@AcmeHelp tail", "", "72"),
        ("80", "6", "True", "Wed Nov 01 14:00:00 +0000 2017", "@AcmeHelp fine", "", ""),
    ]
    result = _import(engine, _write(tmp_path / "twcs.csv", circle))
    assert (result.counts.inserted, result.by_code) == (1, {"orphan": 4})
    reasons = {row.line: row.reason for row in QuarantineRepository(engine).list()}
    assert reasons == {
        line: f"tweet {tweet_id} is part of a reply cycle: no conversation start"
        for line, tweet_id in ((2, "70"), (3, "71"), (4, "72"), (5, "73"))
    }


def test_undecodable_bytes_reach_the_quarantine_through_the_spool(
    engine: Engine, tmp_path: Path
) -> None:
    utf8 = ("13", "7", "True", "Tue Oct 31 22:40:00 +0000 2017", "@AcmeHelp café ☕", "", "")
    path = _write(tmp_path / "twcs.csv", [*TWEETS[:4], utf8])
    with path.open("ab") as handle:  # one cp1252 row in a UTF-8 file: é as a lone 0xE9
        handle.write(b"12,115712,True,Tue Oct 31 22:30:00 +0000 2017,caf\xe9 closed,,\r\n")
    result = _import(engine, path)
    assert (result.counts.inserted, result.by_code) == (2, {"encoding": 1})
    (row,) = QuarantineRepository(engine).list()
    assert (row.line, row.ticket_id) == (7, "12")
    assert "caf\\xe9 closed" in row.raw


def _synthetic(path: Path, conversations: int) -> Path:
    """``conversations`` of a customer tweet and two replies, ids out of file order."""
    rows: list[tuple[str, ...]] = []
    for c in range(conversations):
        base = 3 * (conversations - c)
        stamp = f"Wed Nov 01 {c % 24:02d}:{c % 60:02d}:00 +0000 2017"
        rows += [
            (str(base), f"u{c}", "True", stamp, f"@AcmeHelp order {c} is late", "", ""),
            (str(base + 1), "AcmeHelp", "False", stamp, f"@u{c} sorry, checking", "", str(base)),
            (str(base + 2), f"u{c}", "True", stamp, "@AcmeHelp thanks", "", str(base + 1)),
        ]
    return _write(path, rows)


def test_memory_stays_flat_as_the_file_grows(tmp_path: Path) -> None:
    """Linking happens on disk: ten times the tweets must not need more memory."""
    importer = default_importers().get("twcs")

    def held(conversations: int) -> int:
        source = SourceFile.at(_synthetic(tmp_path / f"t{conversations}.csv", conversations))
        tickets = 0
        with OwnMemory() as memory:
            for _, item in importer.read(source, ColumnMapping(())):
                tickets += isinstance(item, Ticket)
                if tickets % 500 == 1:
                    memory.sample()
        assert tickets == conversations
        return memory.peak

    small, large = held(1_500), held(15_000)
    assert flat(small, large), f"held {small:,} B for 4,500 tweets, {large:,} B for 45,000"
