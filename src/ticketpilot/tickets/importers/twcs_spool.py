"""A twcs file's tweets spooled to a temporary SQLite database, to link replies on disk.

Rebuilding conversations needs every tweet of the file before the first ticket is whole: a reply
may come before the tweet it answers. Kept as Python objects that cost about 0.6 GB per million
tweets. Spooled here, the importer holds one batch of rows and one conversation at a time, and
SQLite does the rest on disk: the duplicate-id checks, a recursive walk down the reply links and
the sorts, in a :class:`~ticketpilot.tickets.importing.scratch.ScratchDatabase` that takes about as much
disk as the file and is removed when closed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from ticketpilot.tickets.importing.scratch import LOOKUP_CHUNK, ScratchDatabase
from ticketpilot.tickets.model import Rejection
from ticketpilot.tickets.text import has_undecodable_bytes

BATCH = 5_000
_FIELDS = "t.line, t.id, t.author, t.inbound, t.created, t.text, t.parent"

_SCHEMA = """
CREATE TABLE tweets (
    id TEXT PRIMARY KEY, line INTEGER NOT NULL, author TEXT NOT NULL, inbound INTEGER NOT NULL,
    created TEXT, text TEXT NOT NULL, parent TEXT
) WITHOUT ROWID;
CREATE TABLE rejected_ids (id TEXT PRIMARY KEY, line INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE rejections (
    line INTEGER NOT NULL, reason BLOB NOT NULL, raw BLOB NOT NULL, ticket_id BLOB, code TEXT
);
"""
# Conversations: from every tweet that replies to nothing in the file, down the reply links. A
# tweet joins its parent's conversation; where the parent has none, an inbound tweet starts its
# own (``conv`` = its id) and a brand tweet stays without one (an orphan). Tweets never reached
# link in a circle. Every tweet has one parent, so each is reached at most once.
_LINK = """
CREATE INDEX tweets_parent ON tweets (parent);
CREATE TABLE placed (id TEXT PRIMARY KEY, conv TEXT) WITHOUT ROWID;
INSERT INTO placed (id, conv)
WITH RECURSIVE walk (id, conv) AS (
    SELECT t.id, CASE WHEN t.inbound THEN t.id END FROM tweets t
    WHERE t.parent IS NULL OR NOT EXISTS (SELECT 1 FROM tweets p WHERE p.id = t.parent)
    UNION ALL
    SELECT c.id, COALESCE(w.conv, CASE WHEN c.inbound THEN c.id END)
    FROM walk w JOIN tweets c ON c.parent = w.id
)
SELECT id, conv FROM walk;
"""


@dataclass(slots=True)
class Tweet:
    """One valid row of the file."""

    line: int
    id: str
    author: str
    inbound: bool
    created_at: datetime | None
    text: str
    parent: str | None


@dataclass(slots=True)
class Unplaced:
    """A tweet in no conversation, with what its parent link leads to."""

    tweet: Tweet
    in_cycle: bool
    parent_in_file: bool
    parent_rejected_at: int | None


class TweetSpool(ScratchDatabase):
    """Tweets and rejected rows in file order in; conversations and the unplaced out, by line."""

    def __init__(self) -> None:
        super().__init__("twcs", _SCHEMA)
        self._pending: list[tuple[Tweet | Rejection, str]] = []
        self._linked = False

    def add(self, item: Tweet | Rejection, raw: str) -> None:
        """The next row of the file: a tweet (``raw`` is its row, for a duplicate's quarantine)
        or a rejection. A tweet whose id an earlier row has is rejected as a duplicate."""
        self._pending.append((item, raw))
        if len(self._pending) >= BATCH:
            self._flush()

    def _flush(self) -> None:
        ids = {item.id for item, _ in self._pending if isinstance(item, Tweet)}
        ids.update(
            item.ticket_id
            for item, _ in self._pending
            if isinstance(item, Rejection) and item.ticket_id
            if not has_undecodable_bytes(item.ticket_id)  # SQLite text refuses lone surrogates
        )
        tweet_lines, rejected_lines = self._lines(list(ids))
        tweets: list[Tweet] = []
        rejections: list[Rejection] = []
        for item, raw in self._pending:
            if isinstance(item, Rejection):
                rejection = item
            elif (where := tweet_lines.get(item.id) or rejected_lines.get(item.id)) is None:
                tweet_lines[item.id] = item.line
                tweets.append(item)
                continue
            else:
                reason = f"tweet {item.id} is already at line {where}"
                rejection = Rejection(item.line, reason, raw, item.id, "duplicate_id")
            rejections.append(rejection)
            if rejection.ticket_id in ids:
                rejected_lines.setdefault(rejection.ticket_id, rejection.line)
        self._pending = []
        self.db.execute("BEGIN")
        self.db.executemany(
            "INSERT INTO tweets VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (t.id, t.line, t.author, t.inbound, _stamp(t.created_at), t.text, t.parent)
                for t in tweets
            ],
        )
        self.db.executemany(
            "INSERT OR IGNORE INTO rejected_ids VALUES (?, ?)",
            [(r.ticket_id, r.line) for r in rejections if r.ticket_id in rejected_lines],
        )
        self.db.executemany(
            "INSERT INTO rejections VALUES (?, ?, ?, ?, ?)",
            [
                (r.line, _blob(r.reason), _blob(r.raw), _blob(r.ticket_id), r.code)
                for r in rejections
            ],
        )
        self.db.execute("COMMIT")

    def _lines(self, ids: list[str]) -> tuple[dict[str, int], dict[str, int]]:
        """The lines of those ``ids`` among earlier tweets, and among earlier rejected rows."""
        found: tuple[dict[str, int], dict[str, int]] = ({}, {})
        for start in range(0, len(ids), LOOKUP_CHUNK):
            chunk = ids[start : start + LOOKUP_CHUNK]
            marks = ",".join("?" * len(chunk))
            query = (
                f"SELECT 0, id, line FROM tweets WHERE id IN ({marks}) UNION ALL "
                f"SELECT 1, id, line FROM rejected_ids WHERE id IN ({marks})"
            )
            for table, tweet_id, line in self.db.execute(query, chunk + chunk):
                found[table][tweet_id] = line
        return found

    def link(self) -> None:
        """After the last row: link every tweet to its conversation (on disk)."""
        self._flush()
        self.db.executescript(f"BEGIN; {_LINK} COMMIT;")
        self._linked = True

    def rejections(self) -> Iterator[Rejection]:
        """The rows rejected while reading, duplicates included, in line order."""
        query = "SELECT line, reason, raw, ticket_id, code FROM rejections ORDER BY line"
        for line, reason, raw, ticket_id, code in self.db.execute(query):
            yield Rejection(line, _text(reason), _text(raw), _text(ticket_id) or None, code)

    def unplaced(self) -> Iterator[Unplaced]:
        """Tweets in no conversation (brand tweets nothing starts, reply circles), by line."""
        assert self._linked, "link() first"
        query = f"""
            SELECT {_FIELDS}, p.id IS NULL,
                   EXISTS (SELECT 1 FROM tweets q WHERE q.id = t.parent),
                   (SELECT r.line FROM rejected_ids r WHERE r.id = t.parent)
            FROM tweets t LEFT JOIN placed p ON p.id = t.id
            WHERE p.id IS NULL OR p.conv IS NULL
            ORDER BY t.line
        """
        for row in self.db.execute(query):
            yield Unplaced(_tweet(row[:7]), bool(row[7]), bool(row[8]), row[9])

    def conversations(self) -> Iterator[tuple[Tweet, list[Tweet]]]:
        """``(start, thread)`` by the start's line; a thread in time order (then line), start in it."""
        assert self._linked, "link() first"
        query = f"""
            SELECT p.conv, {_FIELDS} FROM placed p
            JOIN tweets t ON t.id = p.id JOIN tweets s ON s.id = p.conv
            ORDER BY s.line, t.created, t.line
        """
        conv: str | None = None
        thread: list[Tweet] = []
        for row in self.db.execute(query):
            if row[0] != conv and thread:
                yield _start(conv, thread), thread
                thread = []
            conv = row[0]
            thread.append(_tweet(row[1:]))
        if thread:
            yield _start(conv, thread), thread


def _start(conv: str | None, thread: list[Tweet]) -> Tweet:
    return next(t for t in thread if t.id == conv)


def _tweet(row: tuple[object, ...]) -> Tweet:
    line, tweet_id, author, inbound, created, text, parent = row
    moment = datetime.fromisoformat(str(created)) if created is not None else None
    return Tweet(
        int(str(line)),
        str(tweet_id),
        str(author),
        bool(inbound),
        moment,
        str(text),
        None if parent is None else str(parent),
    )


def _stamp(moment: datetime | None) -> str | None:
    # fixed-width ISO text sorts in time order; NULL (no time) sorts first, as datetime.min did
    return None if moment is None else moment.isoformat(" ", "microseconds")


def _blob(text: str | None) -> bytes | None:
    # a rejected row may hold undecodable bytes as lone surrogates, which SQLite text refuses
    return None if text is None else text.encode("utf-8", "surrogatepass")


def _text(blob: bytes | None) -> str:
    return "" if blob is None else blob.decode("utf-8", "surrogatepass")
