from datetime import datetime

import pytest

from ticketpilot.errors import ImportFileError
from ticketpilot.tickets.dates import DateParseError, parse_datetime
from ticketpilot.tickets.mapping import ColumnMapping
from ticketpilot.tickets.model import Rejection, Role, Ticket
from ticketpilot.tickets.rows import RowBuilder
from ticketpilot.tickets.text import html_to_text, to_plain_text
from ticketpilot.tickets.thread import split_turns


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-01T10:00:00Z", datetime(2024, 3, 1, 10)),
        ("2024-03-01T10:00:00.000123Z", datetime(2024, 3, 1, 10, 0, 0, 123)),
        ("2024-03-01T05:30:00-04:30", datetime(2024, 3, 1, 10)),
        ("2024-03-01T12:00:00+02:00", datetime(2024, 3, 1, 10)),
        ("2024-03-01 10:00:00 +0000", datetime(2024, 3, 1, 10)),
        ("Tue Oct 31 22:10:47 +0000 2017", datetime(2017, 10, 31, 22, 10, 47)),
        (1709287200, datetime(2024, 3, 1, 10)),
        ("1709287200000", datetime(2024, 3, 1, 10)),
        ("Fri, 01 Mar 2024 10:00:00 GMT", datetime(2024, 3, 1, 10)),
        ("", None),
    ],
)
def test_dates(value: object, expected: datetime | None) -> None:
    parsed = parse_datetime(value)
    assert parsed == expected
    assert parsed is None or parsed.tzinfo is None


def test_bad_date_names_the_value() -> None:
    with pytest.raises(DateParseError, match="'yesterday'"):
        parse_datetime("yesterday")


def test_html_becomes_text() -> None:
    html = (
        "<div><p>Hello&nbsp;<b>Ana</b>,</p><p>Your order &amp; refund:</p>"
        "<ul><li>one</li><li>two</li></ul><script>x()</script></div>"
    )
    assert html_to_text(html) == "Hello Ana,\n\nYour order & refund:\n\none\ntwo"
    assert to_plain_text("price < 5 and > 2") == "price < 5 and > 2"


def test_asapp_turns_including_unclosed_last_turn() -> None:
    turns = split_turns(
        "<cust__ __company__ my bag is lost __cust> "
        "<rep__ __cust__ Sorry! DM us ^AB __rep> <cust__ thanks"
    )
    assert [(t.role, t.body) for t in turns] == [
        (Role.CUSTOMER, "my bag is lost"),
        (Role.AGENT, "Sorry! DM us ^AB"),
        (Role.CUSTOMER, "thanks"),
    ]


def test_mapping_explicit_then_names_then_aliases() -> None:
    mapping = ColumnMapping.parse(["first_tweet_id=id", "context=thread"]).resolve(
        ["first_tweet_id", "context", "description", "intent", "created"]
    )
    assert dict(mapping.pairs) == {
        "first_tweet_id": "id",
        "context": "thread",
        "description": "body",
        "intent": "category",
        "created": "created_at",
    }
    with pytest.raises(ImportFileError, match="unknown field 'colour'"):
        ColumnMapping.parse(["a=colour"])
    with pytest.raises(ImportFileError, match="'nope' not in the file"):
        ColumnMapping.parse(["nope=id"]).resolve(["id"])
    with pytest.raises(ImportFileError, match="required field"):
        ColumnMapping(()).resolve(["body"]).require("id")


def _build(record: dict[str, str], *maps: str, nulls: tuple[str, ...] = ()) -> Ticket | Rejection:
    mapping = ColumnMapping.parse(maps, nulls).resolve(list(record))
    return RowBuilder(mapping).build(record.get, 7, lambda: str(record))


def test_row_builds_ticket_with_thread_and_reply() -> None:
    ticket = _build(
        {
            "id": "T1",
            "subject": "<b>Refund</b>",
            "body": "<p>Where is my refund?</p>",
            "reply": "It is on its way.",
            "tags": "billing; refund",
            "csat": "good",
            "created_at": "2024-01-02T03:04:05Z",
            "category": "UNK",
        },
        nulls=("UNK",),
    )
    assert isinstance(ticket, Ticket)
    assert (ticket.subject, ticket.body, ticket.tags, ticket.csat, ticket.category) == (
        "Refund",
        "Where is my refund?",
        ("billing", "refund"),
        5.0,
        None,
    )
    assert [m.role for m in ticket.messages] == [Role.CUSTOMER, Role.AGENT]
    assert ticket.first_agent_reply() is not None


@pytest.mark.parametrize(
    ("record", "code", "reason"),
    [
        ({"id": "", "body": "x"}, "missing_id", "id is empty"),
        (
            {"id": "A", "body": "x", "created_at": "31/31/2024 99:00"},
            "bad_value",
            "created_at: cannot read",
        ),
        ({"id": "A", "body": "x", "csat": "great"}, "bad_value", "csat: 'great' is not a number"),
        (
            {"id": "A", "body": "caf\udce9"},
            "encoding",
            "column 'body' has bytes that are not valid",
        ),
        ({"id": "A", "body": " "}, "empty", "no subject, body or messages"),
    ],
)
def test_row_rejections_name_the_problem(record: dict[str, str], code: str, reason: str) -> None:
    rejected = _build(record)
    assert isinstance(rejected, Rejection)
    assert (rejected.code, rejected.line) == (code, 7)
    assert reason in rejected.reason


def test_company_style_columns_map_to_brand_and_groups_to_queue() -> None:
    mapping = ColumnMapping.parse([]).resolve(["id", "body", "company", "team"])
    assert ("company", "brand") in mapping.pairs and ("team", "queue") in mapping.pairs
    ticket = RowBuilder(mapping).build(
        {"id": "1", "body": "hi", "company": " Acme ", "team": "returns"}.get, 2, lambda: ""
    )
    assert isinstance(ticket, Ticket) and (ticket.brand, ticket.queue) == ("Acme", "returns")
    explicit = ColumnMapping.parse(["account_name=brand", "product_line=product"])
    assert explicit.targets() == {"brand", "product"}
    with pytest.raises(ImportFileError, match="unknown field 'company'"):
        ColumnMapping.parse(["org=company"])
