"""Customer Support on Twitter (Kaggle ``twcs``): tweets rebuilt into conversations.

A conversation starts at a customer (inbound) tweet that replies to nothing in the file: to no
tweet at all, to a tweet missing from the file, or to a brand tweet that is itself an orphan.
Every tweet that replies, directly or through others, to that start belongs to it, in time
order. A brand (outbound) tweet whose conversation start is not in the file belongs to none and
is quarantined (code ``orphan``). Threads follow ``in_response_to_tweet_id``; the other
direction, ``response_tweet_id``, repeats the same links.

The whole file is held in memory to link replies (about 0.6 GB per million tweets); fine for
samples and the full 2.8M-tweet corpus on a workstation, not for a stream.
"""

from __future__ import annotations

import csv
import heapq
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import IO, ClassVar

from ticketpilot.errors import ImportFileError
from ticketpilot.tickets.dates import DateParseError, parse_datetime
from ticketpilot.tickets.mapping import ColumnMapping
from ticketpilot.tickets.model import Message, Rejection, Role, Ticket
from ticketpilot.tickets.source import SourceFile
from ticketpilot.tickets.text import has_undecodable_bytes, to_plain_text

csv.field_size_limit(sys.maxsize)
COLUMNS = ("tweet_id", "author_id", "inbound", "created_at", "text", "in_response_to_tweet_id")
_MONTHS = {
    month: number
    for number, month in enumerate(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1
    )
}
_BOOLEANS = {"true": True, "false": False, "1": True, "0": False}
Item = tuple[int, Ticket | Rejection]


@dataclass(slots=True)
class Tweet:
    """One row of the file, as kept in memory while threads are linked."""

    line: int
    id: str
    author: str
    inbound: bool
    created_at: datetime | None
    text: str
    parent: str | None


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
        with source.open_text() as text:
            rows = _load(text, source.path.name)
        tickets = _conversations(rows)
        yield from heapq.merge(sorted(rows.rejected, key=_line), tickets, key=_line)


@dataclass(slots=True)
class _Rows:
    """The tweets of a file by id, and the rows quarantined (with the lines of their ids)."""

    tweets: dict[str, Tweet] = field(default_factory=dict)
    rejected: list[Item] = field(default_factory=list)
    rejected_ids: dict[str, int] = field(default_factory=dict)

    def reject(self, rejection: Rejection) -> None:
        self.rejected.append((rejection.line, rejection))
        if rejection.ticket_id:
            self.rejected_ids.setdefault(rejection.ticket_id, rejection.line)


def _load(text: IO[str], name: str) -> _Rows:
    reader = csv.reader(text, strict=False)
    header = [column.strip() for column in next(reader, [])]
    missing = [column for column in COLUMNS if column not in header]
    if missing:
        raise ImportFileError(f"{name} is not a twcs file: no column(s) {', '.join(missing)}")
    at = {column: header.index(column) for column in COLUMNS}
    rows = _Rows()
    line = reader.line_num
    for row in reader:
        start, line = line + 1, reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        result = _tweet(row, start, at, len(header))
        if isinstance(result, Rejection):
            rows.reject(result)
        elif (first := rows.tweets.get(result.id)) or result.id in rows.rejected_ids:
            where = first.line if first else rows.rejected_ids[result.id]
            reason = f"tweet {result.id} is already at line {where}"
            rows.reject(Rejection(start, reason, _raw(row), result.id, "duplicate_id"))
        else:
            rows.tweets[result.id] = result
    return rows


def _line(entry: Item) -> int:
    return entry[0]


def _raw(row: list[str]) -> str:
    return ",".join(row)[:4_000]


def _tweet(row: list[str], line: int, at: dict[str, int], width: int) -> Tweet | Rejection:
    raw = _raw(row)
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
    author = sys.intern(row[at["author_id"]].strip())
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


def _conversations(rows: _Rows) -> Iterator[Item]:
    """Tickets in the order of their first tweet; orphan brand tweets are added to ``rows``."""
    tweets = rows.tweets
    children: dict[str, list[str]] = defaultdict(list)
    pending: list[tuple[Tweet, list[Tweet] | None]] = []
    for tweet in tweets.values():
        if tweet.parent in tweets:
            children[tweet.parent].append(tweet.id)
        else:
            pending.append((tweet, None))
    roots: list[tuple[Tweet, list[Tweet]]] = []
    placed: set[str] = set()
    while pending:
        tweet, thread = pending.pop()
        placed.add(tweet.id)
        if thread is None and tweet.inbound:
            thread = []
            roots.append((tweet, thread))
        if thread is None:
            rows.reject(_orphan(tweet, rows))
        else:
            thread.append(tweet)
        pending.extend((tweets[child], thread) for child in children.get(tweet.id, ()))
    for tweet in tweets.values():
        if tweet.id not in placed:  # replies that link in a circle never reach a start
            reason = f"tweet {tweet.id} is part of a reply cycle: no conversation start"
            rows.reject(Rejection(tweet.line, reason, tweet.text[:4_000], tweet.id, "orphan"))
    roots.sort(key=lambda entry: entry[0].line)
    return ((root.line, _ticket(root, thread)) for root, thread in roots)


def _orphan(tweet: Tweet, rows: _Rows) -> Rejection:
    if tweet.parent is None:
        where = "replies to no tweet"
    elif tweet.parent in rows.tweets:
        where = f"replies to brand tweet {tweet.parent}, which has no conversation start"
    elif tweet.parent in rows.rejected_ids:
        line = rows.rejected_ids[tweet.parent]
        where = f"replies to tweet {tweet.parent}, quarantined at line {line}"
    else:
        where = f"replies to tweet {tweet.parent}, which is not in the file"
    reason = (
        f"brand tweet {tweet.id} ({tweet.author}) {where}: "
        "no customer tweet starts its conversation"
    )
    return Rejection(tweet.line, reason, tweet.text[:4_000], tweet.id, "orphan")


def _ticket(root: Tweet, thread: Iterable[Tweet]) -> Ticket | Rejection:
    ordered = sorted(thread, key=lambda t: (t.created_at or datetime.min, t.line))
    messages = [
        Message(
            role=Role.CUSTOMER if tweet.inbound else Role.AGENT,
            body=to_plain_text(tweet.text),
            created_at=tweet.created_at,
            author_ref=tweet.author or None,
        )
        for tweet in ordered
    ]
    messages = [m for m in messages if m.body]
    if not messages:
        return Rejection(root.line, "conversation has no text", "", root.id, "empty")
    first_agent = next((m.created_at for m in messages if m.role is Role.AGENT), None)
    return Ticket(
        id=root.id,
        body=to_plain_text(root.text),
        channel="twitter",
        customer_ref=root.author or None,
        created_at=root.created_at,
        first_response_at=first_agent,
        messages=messages,
    )
