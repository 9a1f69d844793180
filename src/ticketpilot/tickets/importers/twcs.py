"""Customer Support on Twitter (Kaggle ``twcs``): tweets rebuilt into conversations.

A conversation starts at a customer (inbound) tweet that replies to nothing in the file: to no
tweet at all, to a tweet missing from the file, or to a brand tweet that is itself an orphan.
Every tweet that replies, directly or through others, to that start belongs to it, in time
order. A brand (outbound) tweet whose conversation start is not in the file belongs to none and
is quarantined (code ``orphan``). Threads follow ``in_response_to_tweet_id``; the other
direction, ``response_tweet_id``, repeats the same links.

Replies are linked on disk (:mod:`.twcs_spool`), so memory stays flat whatever the file's size;
the first ticket comes once the whole file is read.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from datetime import datetime
from typing import IO, ClassVar

from ticketpilot.errors import ImportFileError
from ticketpilot.tickets.dates import DateParseError, parse_datetime
from ticketpilot.tickets.importers.csv_records import CsvRecords
from ticketpilot.tickets.importers.twcs_spool import Tweet, TweetSpool, Unplaced
from ticketpilot.tickets.mapping import ColumnMapping
from ticketpilot.tickets.model import Message, Rejection, Role, Ticket
from ticketpilot.tickets.source import SourceFile
from ticketpilot.tickets.text import has_undecodable_bytes, to_plain_text

COLUMNS = ("tweet_id", "author_id", "inbound", "created_at", "text", "in_response_to_tweet_id")
_MONTHS = {
    month: number
    for number, month in enumerate(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1
    )
}
_BOOLEANS = {"true": True, "false": False, "1": True, "0": False}
Item = tuple[int, Ticket | Rejection]


class TwcsImporter:
    """Rebuilds twcs conversations from reply links; one ticket per conversation."""

    name: ClassVar[str] = "twcs"
    description: ClassVar[str] = "Kaggle Customer Support on Twitter (twcs.csv): threads rebuilt"
    suffixes: ClassVar[tuple[str, ...]] = ()

    def read(self, source: SourceFile, mapping: ColumnMapping) -> Iterator[Item]:
        if mapping.pairs or mapping.partial:
            raise ImportFileError(
                "twcs has a fixed schema: --map and --update-only do not apply to it"
            )
        with TweetSpool() as spool:
            with source.open_text() as text:
                _load(text, source.path.name, spool)
            spool.link()
            rejected = ((r.line, r) for r in spool.rejections())
            unplaced = ((u.tweet.line, _unplaced(u)) for u in spool.unplaced())
            tickets = (
                (start.line, _ticket(start, thread)) for start, thread in spool.conversations()
            )
            yield from heapq.merge(rejected, unplaced, tickets, key=_line)


def _load(text: IO[str], name: str, spool: TweetSpool) -> None:
    records = CsvRecords(text)
    header = records.header(name)
    missing = [column for column in COLUMNS if column not in header]
    if missing:
        raise ImportFileError(f"{name} is not a twcs file: no column(s) {', '.join(missing)}")
    at = {column: header.index(column) for column in COLUMNS}
    for start, row in records.records(len(header), at["tweet_id"]):
        if isinstance(row, Rejection):
            spool.add(row, row.raw)
            continue
        if not any(cell.strip() for cell in row):
            continue
        raw = _raw(row)
        spool.add(_tweet(row, raw, start, at, len(header)), raw)


def _line(entry: Item) -> int:
    return entry[0]


def _raw(row: list[str]) -> str:
    return ",".join(row)[:4_000]


def _tweet(
    row: list[str], raw: str, line: int, at: dict[str, int], width: int
) -> Tweet | Rejection:
    if len(row) != width:
        reason = f"row has {len(row)} fields, the header has {width} (truncated or split row)"
        return Rejection(line, reason, raw, None, "wrong_width")
    tweet_id = row[at["tweet_id"]].strip()
    if not tweet_id:
        return Rejection(line, "tweet_id is empty", raw, None, "missing_id")
    if has_undecodable_bytes(raw):
        reason = "bytes that are not valid in the file's encoding"
        return Rejection(line, reason, raw, tweet_id, "encoding")
    inbound = _BOOLEANS.get(row[at["inbound"]].strip().lower())
    if inbound is None:
        reason = f"inbound: {row[at['inbound']]!r} is not True or False"
        return Rejection(line, reason, raw, tweet_id, "bad_value")
    try:
        created = _twitter_time(row[at["created_at"]])
    except DateParseError as exc:
        return Rejection(line, f"created_at: {exc}", raw, tweet_id, "bad_value")
    author = row[at["author_id"]].strip()
    parent = row[at["in_response_to_tweet_id"]].strip().removesuffix(".0") or None
    return Tweet(line, tweet_id, author, inbound, created, row[at["text"]], parent)


def _twitter_time(value: str) -> datetime | None:
    """Twitter's ``Tue Oct 31 22:10:47 +0000 2017`` quickly (strptime is the import's hot spot)."""
    parts = value.split()
    if len(parts) == 6 and parts[1] in _MONTHS and parts[4] == "+0000":
        try:
            hour, minute, second = map(int, parts[3].split(":"))
            return datetime(int(parts[5]), _MONTHS[parts[1]], int(parts[2]), hour, minute, second)
        except ValueError:
            pass
    return parse_datetime(value)


def _unplaced(unplaced: Unplaced) -> Rejection:
    tweet = unplaced.tweet
    if unplaced.in_cycle:
        reason = f"tweet {tweet.id} is part of a reply cycle: no conversation start"
        return Rejection(tweet.line, reason, tweet.text[:4_000], tweet.id, "orphan")
    if tweet.parent is None:
        where = "replies to no tweet"
    elif unplaced.parent_in_file:
        where = f"replies to brand tweet {tweet.parent}, which has no conversation start"
    elif unplaced.parent_rejected_at is not None:
        line = unplaced.parent_rejected_at
        where = f"replies to tweet {tweet.parent}, quarantined at line {line}"
    else:
        where = f"replies to tweet {tweet.parent}, which is not in the file"
    reason = (
        f"brand tweet {tweet.id} ({tweet.author}) {where}: "
        "no customer tweet starts its conversation"
    )
    return Rejection(tweet.line, reason, tweet.text[:4_000], tweet.id, "orphan")


def _ticket(root: Tweet, thread: list[Tweet]) -> Ticket | Rejection:
    """``thread`` is in time order, then line order (as the spool sorts it)."""
    messages = [
        Message(
            role=Role.CUSTOMER if tweet.inbound else Role.AGENT,
            body=to_plain_text(tweet.text),
            created_at=tweet.created_at,
            author_ref=tweet.author or None,
        )
        for tweet in thread
    ]
    messages = [m for m in messages if m.body]
    if not messages:
        return Rejection(root.line, "conversation has no text", "", root.id, "empty")
    first_agent = next((m for m in messages if m.role is Role.AGENT), None)
    return Ticket(
        id=root.id,
        body=to_plain_text(root.text),
        channel="twitter",
        customer_ref=root.author or None,
        created_at=root.created_at,
        first_response_at=first_agent.created_at if first_agent else None,
        messages=messages,
        brand=first_agent.author_ref if first_agent else None,  # the company that answered
    )
