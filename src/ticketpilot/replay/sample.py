"""Which past tickets a replay holds out, and the history its baselines draw from.

One pass over the store. A ticket qualifies when it has customer text and a public agent reply. The held-out sample is the ``size`` qualifying tickets with the smallest
seeded hash of their id - stable from run to run, spread over the whole history, and the same
on SQLite and PostgreSQL. Drafting for a held-out ticket may use only tickets created before
it (the engine filters by date), so no draft sees its own future; an undated ticket (some
exports, such as the airline tweets, carry no dates) may use every other ticket.

With a partition (``[scope] partition``) each case carries its scope value (its brand...), the
baseline pool and the calibration replies carry theirs, and the same pass gathers the web
domains each scope's own agent replies name (:mod:`.links`), for the figure that counts drafts
linking outside their scope. Without a partition that figure is measured by brand when the
history has two brands or more (to show what a partition would prevent).
"""

from __future__ import annotations

import hashlib
import heapq
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime

from ticketpilot.replay.links import domains_in
from ticketpilot.tickets.model import Role, Ticket

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
    scope: str | None = None
    """Its value of the partition field: drafts and baselines stay inside it."""
    owner: str | None = None
    """Its value of the field links are checked against (the partition, else its brand)."""


#: a past reply the random baseline may give: (ticket id, created at, reply, scope)
PoolItem = tuple[str, datetime | None, str, str | None]


@dataclass
class ReplaySample:
    cases: list[ReplayCase]
    #: other tickets' replies, for the random-reply baseline
    pool: list[PoolItem]
    #: (category, reply, scope) of categorised tickets outside the sample, for calibration
    labelled: list[tuple[str, str, str | None]]
    qualifying: int = 0
    seen: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    #: the field links are checked against (``None``: no figure), and per value of it the
    #: registrable domains its agent replies name
    link_field: str | None = None
    domains: dict[str, set[str]] = field(default_factory=dict)


def _rank(seed: int, ticket_id: str) -> int:
    digest = hashlib.sha256(f"{seed}:{ticket_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


def case_of(
    ticket: Ticket, partition: str | None = None, link_field: str | None = None
) -> ReplayCase | str:
    """The replay case of ``ticket``, or why it cannot be one."""
    text = ticket.customer_message()
    if not (text or ticket.subject.strip()):
        return "no customer text"
    reply = ticket.first_agent_reply()
    if reply is None or not reply.body.strip():
        return "no agent reply"
    return ReplayCase(ticket.id, ticket.subject, text, ticket.category, ticket.created_at,
                      reply.body, ticket.scope_value(partition),
                      ticket.scope_value(link_field))  # fmt: skip


def _first(entry: tuple[int, str, str, str | None]) -> int:
    return entry[0]


def _gather_domains(ticket: Ticket, link_field: str, domains: dict[str, set[str]]) -> None:
    owner = ticket.scope_value(link_field)
    if owner is None:
        return
    named = domains.setdefault(owner, set())
    for message in ticket.messages:
        if message.role is Role.AGENT and message.public:
            named |= domains_in(message.body)


def draw_sample(
    tickets: Iterator[Ticket],
    size: int,
    seed: int,
    progress: Callable[[int], None] | None = None,
    partition: str | None = None,
) -> ReplaySample:
    """Hold out ``size`` tickets and gather the baseline pool and calibration replies."""
    held: list[tuple[int, int, ReplayCase]] = []  # max-heap by rank via negation
    labelled: list[tuple[int, str, str, str | None]] = []
    pool: list[PoolItem] = []
    rng = random.Random(seed)
    link_field = partition or "brand"
    sample = ReplaySample([], [], [], link_field=link_field)
    order = 0
    for ticket in tickets:
        sample.seen += 1
        if progress is not None:
            progress(1)
        _gather_domains(ticket, link_field, sample.domains)
        case = case_of(ticket, partition, link_field)
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
    sample.labelled = [
        (category, reply, scope) for _, category, reply, scope in sorted(labelled, key=_first)
    ]
    if partition is None and len(sample.domains) < 2:  # one brand or none: nothing to cross
        sample.link_field, sample.domains = None, {}
    return sample


def _keep(
    case: ReplayCase,
    pool: list[PoolItem],
    labelled: list[tuple[int, str, str, str | None]],
    rng: random.Random,
    seen: int,
    seed: int,
) -> None:
    """Reservoir-sample ``case`` into the pool; keep it for calibration if it is categorised."""
    item = (case.ticket_id, case.created_at, case.reply, case.scope)
    if len(pool) < _POOL:
        pool.append(item)
    elif (slot := rng.randrange(seen)) < _POOL:
        pool[slot] = item
    if case.category:
        entry = (-_rank(seed + 1, case.ticket_id), case.category, case.reply, case.scope)
        if len(labelled) < _LABELLED:
            heapq.heappush(labelled, entry)
        elif entry[0] > labelled[0][0]:
            heapq.heapreplace(labelled, entry)
