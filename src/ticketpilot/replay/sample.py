"""Which past tickets a replay holds out, and the history its baselines draw from.

One pass over the store. A ticket qualifies when it has customer text and a public agent reply. The held-out sample is the ``size`` qualifying tickets with the smallest
seeded hash of their id - stable from run to run, spread over the whole history, and the same
on SQLite and PostgreSQL. Drafting for a held-out ticket may use only tickets created before
it (the engine filters by date), so no draft sees its own future; an undated ticket (some
exports, such as the airline tweets, carry no dates) may use every other ticket.
"""

from __future__ import annotations

import hashlib
import heapq
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime

from ticketpilot.tickets.model import Ticket

_EPOCH = datetime(1970, 1, 1)
_POOL = 5_000
_LABELLED = 800


@dataclass(frozen=True)
class ReplayCase:
    """A held-out ticket: what the customer wrote and what the agent actually sent."""

    ticket_id: str
    subject: str
    text: str
    category: str | None
    created_at: datetime | None
    reply: str


@dataclass
class ReplaySample:
    cases: list[ReplayCase]
    #: (ticket id, created at, reply) of other tickets, for the random-reply baseline
    pool: list[tuple[str, datetime | None, str]]
    #: (category, reply) of categorised tickets outside the sample, for calibration
    labelled: list[tuple[str, str]]
    qualifying: int = 0
    seen: int = 0
    skipped: dict[str, int] = field(default_factory=dict)


def _rank(seed: int, ticket_id: str) -> int:
    digest = hashlib.sha256(f"{seed}:{ticket_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


def case_of(ticket: Ticket) -> ReplayCase | str:
    """The replay case of ``ticket``, or why it cannot be one."""
    text = ticket.customer_message()
    if not (text or ticket.subject.strip()):
        return "no customer text"
    reply = ticket.first_agent_reply()
    if reply is None or not reply.body.strip():
        return "no agent reply"
    return ReplayCase(ticket.id, ticket.subject, text, ticket.category, ticket.created_at,
                      reply.body)  # fmt: skip


def draw_sample(
    tickets: Iterator[Ticket], size: int, seed: int, progress: Callable[[int], None] | None = None
) -> ReplaySample:
    """Hold out ``size`` tickets and gather the baseline pool and calibration replies."""
    held: list[tuple[int, int, ReplayCase]] = []  # max-heap by rank via negation
    labelled: list[tuple[int, str, str]] = []
    pool: list[tuple[str, datetime | None, str]] = []
    rng = random.Random(seed)
    sample = ReplaySample([], [], [])
    order = 0
    for ticket in tickets:
        sample.seen += 1
        if progress is not None:
            progress(1)
        case = case_of(ticket)
        if isinstance(case, str):
            sample.skipped[case] = sample.skipped.get(case, 0) + 1
            continue
        sample.qualifying += 1
        rank = _rank(seed, case.ticket_id)
        order += 1
        evicted: ReplayCase | None = case
        if len(held) < size:
            heapq.heappush(held, (-rank, order, case))
            evicted = None
        elif -held[0][0] > rank:
            evicted = heapq.heapreplace(held, (-rank, order, case))[2]
        if evicted is not None:
            _keep(evicted, pool, labelled, rng, sample.qualifying, seed)
    sample.cases = sorted(
        (c for _, _, c in held), key=lambda c: (c.created_at or _EPOCH, c.ticket_id)
    )
    sample.pool = pool
    sample.labelled = [(category, reply) for _, category, reply in sorted(labelled)]
    return sample


def _keep(
    case: ReplayCase,
    pool: list[tuple[str, datetime | None, str]],
    labelled: list[tuple[int, str, str]],
    rng: random.Random,
    seen: int,
    seed: int,
) -> None:
    """Reservoir-sample ``case`` into the pool; keep it for calibration if it is categorised."""
    item = (case.ticket_id, case.created_at, case.reply)
    if len(pool) < _POOL:
        pool.append(item)
    elif (slot := rng.randrange(seen)) < _POOL:
        pool[slot] = item
    if case.category:
        entry = (-_rank(seed + 1, case.ticket_id), case.category, case.reply)
        if len(labelled) < _LABELLED:
            heapq.heappush(labelled, entry)
        elif entry[0] > labelled[0][0]:
            heapq.heapreplace(labelled, entry)
