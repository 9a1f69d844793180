"""The ticket repository: batched, idempotent writes and streaming reads.

A batch is written in one transaction: a ticket and its messages land together or not at all.
Each ticket carries a hash of its content, so re-importing the same export changes nothing and
a newer export of a ticket replaces it whole.

Each ticket also records its **source**: the system its id belongs to (``--source NAME``, else
the format, such as ``zendesk`` or ``jsonl``). Ids are per source: a ticket whose id is already
stored from another source is not written (a :class:`Collision`), unless the write says the two
are the same system (``same_system``), in which case the stored ticket is updated and keeps its
source. Tickets stored with no source (written by hand, or before sources were recorded and
never imported) belong to whichever source writes them next.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, delete, func, select, update

from ticketpilot.store.bulk import Row, RowBatch, bulk_stamp, bulk_writer_for, row_batch
from ticketpilot.store.tables import messages, tickets
from ticketpilot.tickets.model import LATER_SCALARS, TICKET_SCALARS, Message, Role, Ticket

_SCALARS = TICKET_SCALARS
_HASHED = tuple(name for name in _SCALARS if name not in LATER_SCALARS)
_scalars_of = attrgetter(*_HASHED)
_CREATED_AT = _HASHED.index("created_at")


@dataclass(frozen=True, slots=True)
class Collision:
    """A ticket not written: its id is stored already, from another source."""

    ticket_id: str
    stored_source: str


@dataclass(slots=True)
class WriteCounts:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    collided: list[Collision] = field(default_factory=list)
    """The tickets of the write whose id another source holds (not written, not counted)."""

    def add(self, other: WriteCounts) -> None:
        self.inserted += other.inserted
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.collided += other.collided


_ROLE_REPR = {role: repr(role) for role in Role}


def content_hash(ticket: Ticket) -> str:
    """A digest of everything stored for a ticket, to tell an unchanged re-import.

    The digest is BLAKE2b-128 of ``repr([*scalars, tags, *((role, body, public, created_at,
    author_ref) for each message), *((name, value) for each later scalar that is set)])``,
    where ``scalars`` are those the hash was first defined over and the later ones
    (:data:`~ticketpilot.tickets.model.LATER_SCALARS`: brand, queue, product) count only when
    set; stored digests depend on it, so it never changes. The text is built here piece by
    piece (the role's repr looked up, not formatted per message), which gives the same string
    a third faster.
    """
    parts = list(map(repr, _scalars_of(ticket)))
    parts.append(repr(ticket.tags))
    created, created_repr = ticket.created_at, parts[_CREATED_AT]
    for m in ticket.messages:
        role = _ROLE_REPR[m.role] if type(m.role) is Role else repr(m.role)
        # a message stamped with the ticket's own time (most first messages) reuses its repr
        when = created_repr if m.created_at is created else repr(m.created_at)
        parts.append(f"({role}, {m.body!r}, {m.public!r}, {when}, {m.author_ref!r})")
    for name in LATER_SCALARS:
        value = getattr(ticket, name)
        if value is not None:
            parts.append(repr((name, value)))
    text = "[" + ", ".join(parts) + "]"
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def _ticket_row(
    ticket: Ticket, digest: str, import_id: int | None, source: str | None
) -> dict[str, Any]:
    row = {name: getattr(ticket, name) for name in _SCALARS}
    row.update(
        id=ticket.id,
        tags=json.dumps(list(ticket.tags)),
        content_hash=digest,
        import_id=import_id,
        source=source,
    )
    return row


def _sort(
    ids: Sequence[str],
    digests: dict[str, str],
    stored: dict[str, tuple[str, str | None]],
    source: str | None,
    same_system: bool,
) -> tuple[set[str], dict[str, str | None], list[Collision]]:
    """Which ``ids`` are new, which changed (with the source to store them under) and which
    collide with another source's ticket; the rest are unchanged."""
    fresh: set[str] = set()
    changed: dict[str, str | None] = {}
    collided: list[Collision] = []
    for ticket_id in ids:
        found = stored.get(ticket_id)
        if found is None:
            fresh.add(ticket_id)
            continue
        digest, owner = found
        keep = source
        if owner is not None and source is not None and owner != source:
            if not same_system:
                collided.append(Collision(ticket_id, owner))
                continue
            keep = owner
        if digest != digests[ticket_id]:
            changed[ticket_id] = keep
    return fresh, changed, collided


def _message_rows(ticket: Ticket) -> list[dict[str, Any]]:
    return [
        {
            "ticket_id": ticket.id,
            "seq": seq,
            "role": str(m.role),
            "public": m.public,
            "created_at": m.created_at,
            "author_ref": m.author_ref,
            "body": m.body,
        }
        for seq, m in enumerate(ticket.messages)
    ]


class TicketRepository:
    """Reads and writes tickets with their threads."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def write_batch(
        self,
        connection: Connection,
        batch: Sequence[Ticket],
        import_id: int | None = None,
        digests: dict[str, str] | None = None,
        source: str | None = None,
        same_system: bool = False,
    ) -> WriteCounts:
        """Insert new tickets, replace changed ones, skip unchanged ones (ids unique in batch);
        a ticket whose id another source holds is not written (see the module docstring).

        Goes through the driver's bulk path (:meth:`write_rows`) where there is one, else
        through SQLAlchemy Core. Everything runs on ``connection``, inside the caller's
        transaction.
        """
        if digests is None:
            digests = {t.id: content_hash(t) for t in batch}
        stamp = bulk_stamp(connection.dialect)
        if stamp is not None:
            return self.write_rows(
                connection, row_batch(batch, digests, import_id, stamp, source), same_system
            )
        stored = self._stored(connection, list(digests))
        fresh_ids, changed_ids, collided = _sort(
            [t.id for t in batch], digests, stored, source, same_system
        )
        fresh = [t for t in batch if t.id in fresh_ids]
        changed = [t for t in batch if t.id in changed_ids]
        if changed:
            rows = [_ticket_row(t, digests[t.id], import_id, changed_ids[t.id]) for t in changed]
            for row in rows:
                row["_id"] = row.pop("id")
            connection.execute(update(tickets).where(tickets.c.id == bindparam("_id")), rows)
            connection.execute(
                delete(messages).where(messages.c.ticket_id.in_([t.id for t in changed]))
            )
        if fresh:
            connection.execute(
                tickets.insert(), [_ticket_row(t, digests[t.id], import_id, source) for t in fresh]
            )
        message_rows = [row for t in (*fresh, *changed) for row in _message_rows(t)]
        if message_rows:
            connection.execute(messages.insert(), message_rows)
        unchanged = len(batch) - len(fresh) - len(changed) - len(collided)
        return WriteCounts(len(fresh), len(changed), unchanged, collided)

    def write_rows(
        self, connection: Connection, batch: RowBatch, same_system: bool = False
    ) -> WriteCounts:
        """:meth:`write_batch` for a batch already turned into the driver's rows (see
        :func:`~ticketpilot.store.bulk.row_batch`); only for a driver with a bulk path."""
        bulk = bulk_writer_for(connection)
        if bulk is None:
            raise ValueError(f"no bulk path for the {connection.dialect.driver} driver")
        stored = bulk.stored(list(batch.digests))
        if not stored:  # a first import: every ticket is new (the common case, kept lean)
            bulk.insert_tickets(batch.tickets)
            bulk.insert_messages(batch.messages)
            return WriteCounts(len(batch.tickets))
        fresh_ids, changed_ids, collided = _sort(
            list(batch.digests), batch.digests, stored, batch.source, same_system
        )
        fresh: list[Row] = []
        changed: list[Row] = []
        for row in batch.tickets:
            if row[0] in fresh_ids:
                fresh.append(row)
            elif row[0] in changed_ids:
                owner = changed_ids[row[0]]
                changed.append(row if owner == row[-1] else (*row[:-1], owner))
        if changed:
            bulk.replace_tickets(changed)
        if fresh:
            bulk.insert_tickets(fresh)
        rewritten = {row[0] for row in (*fresh, *changed)}
        bulk.insert_messages(row for row in batch.messages if row[0] in rewritten)
        unchanged = len(batch.tickets) - len(fresh) - len(changed) - len(collided)
        return WriteCounts(len(fresh), len(changed), unchanged, collided)

    @staticmethod
    def _stored(connection: Connection, ids: list[str]) -> dict[str, tuple[str, str | None]]:
        query = select(tickets.c.id, tickets.c.content_hash, tickets.c.source).where(
            tickets.c.id.in_(ids)
        )
        return {key: (digest, src) for key, digest, src in connection.execute(query).all()}

    def update_fields(
        self,
        connection: Connection,
        batch: Sequence[Ticket],
        fields: Sequence[str],
        source: str | None = None,
    ) -> tuple[WriteCounts, list[str]]:
        """Set only ``fields`` on existing tickets; returns counts and the ids not found.

        With ``source``, only that source's tickets (or tickets with none) are updated; another
        source's ticket of the same id is a collision. The stored content hash is left as the
        full import computed it, on purpose: re-importing the original export then finds its
        tickets unchanged and keeps these overlaid labels.
        """
        ids = [t.id for t in batch]
        owners = dict(
            connection.execute(
                select(tickets.c.id, tickets.c.source).where(tickets.c.id.in_(ids))
            ).all()
        )
        counts = WriteCounts()
        for ticket in batch:
            if ticket.id not in owners:
                continue
            owner = owners[ticket.id]
            if source is not None and owner is not None and owner != source:
                counts.collided.append(Collision(ticket.id, owner))
                continue
            values = {name: getattr(ticket, name) for name in fields if name in _SCALARS}
            if "tags" in fields:
                values["tags"] = json.dumps(list(ticket.tags))
            result = connection.execute(
                update(tickets).where(tickets.c.id == ticket.id).values(**values)
            )
            counts.updated += result.rowcount
        missing = [i for i in ids if i not in owners]
        return counts, missing

    def count(self) -> int:
        with self.engine.connect() as connection:
            return int(connection.execute(select(func.count()).select_from(tickets)).scalar_one())

    def get(self, ticket_id: str) -> Ticket | None:
        with self.engine.connect() as connection:
            found = list(self._load(connection, tickets.c.id == ticket_id))
        return found[0] if found else None

    def iter_tickets(self, batch_size: int = 2_000) -> Iterator[Ticket]:
        """Every ticket with its thread, in id order, read in keyset-paginated batches."""
        last = ""
        while True:
            with self.engine.connect() as connection:
                page = list(self._load(connection, tickets.c.id > last, limit=batch_size))
            yield from page
            if len(page) < batch_size:
                return
            last = page[-1].id

    def _load(
        self, connection: Connection, where: Any, limit: int | None = None
    ) -> Iterator[Ticket]:
        query = select(tickets).where(where).order_by(tickets.c.id)
        if limit:
            query = query.limit(limit)
        rows = connection.execute(query).mappings().all()
        if not rows:
            return
        threads: dict[str, list[Message]] = {row["id"]: [] for row in rows}
        message_query = (
            select(messages)
            .where(messages.c.ticket_id.in_(list(threads)))
            .order_by(messages.c.ticket_id, messages.c.seq)
        )
        for m in connection.execute(message_query).mappings():
            threads[m["ticket_id"]].append(
                Message(Role(m["role"]), m["body"], m["public"], m["created_at"], m["author_ref"])
            )
        for row in rows:
            yield Ticket(
                id=row["id"],
                tags=tuple(json.loads(row["tags"] or "[]")),
                messages=threads[row["id"]],
                **{name: row[name] for name in _SCALARS},
            )
