"""The ticket repository: batched, idempotent writes and streaming reads.

A batch is written in one transaction: a ticket and its messages land together or not at all.
Each ticket carries a hash of its content, so re-importing the same export changes nothing and
a newer export of a ticket replaces it whole.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
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


@dataclass(slots=True)
class WriteCounts:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0

    def add(self, other: WriteCounts) -> None:
        self.inserted += other.inserted
        self.updated += other.updated
        self.unchanged += other.unchanged


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


def _ticket_row(ticket: Ticket, digest: str, import_id: int | None) -> dict[str, Any]:
    row = {name: getattr(ticket, name) for name in _SCALARS}
    row.update(
        id=ticket.id, tags=json.dumps(list(ticket.tags)), content_hash=digest, import_id=import_id
    )
    return row


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
    ) -> WriteCounts:
        """Insert new tickets, replace changed ones, skip unchanged ones (ids unique in batch).

        Goes through the driver's bulk path (:meth:`write_rows`) where there is one, else
        through SQLAlchemy Core. Everything runs on ``connection``, inside the caller's
        transaction.
        """
        if digests is None:
            digests = {t.id: content_hash(t) for t in batch}
        stamp = bulk_stamp(connection.dialect)
        if stamp is not None:
            return self.write_rows(connection, row_batch(batch, digests, import_id, stamp))
        existing = self._stored_hashes(connection, list(digests))
        fresh = [t for t in batch if t.id not in existing]
        changed = [t for t in batch if t.id in existing and existing[t.id] != digests[t.id]]
        if changed:
            rows = [_ticket_row(t, digests[t.id], import_id) for t in changed]
            for row in rows:
                row["_id"] = row.pop("id")
            connection.execute(update(tickets).where(tickets.c.id == bindparam("_id")), rows)
            connection.execute(
                delete(messages).where(messages.c.ticket_id.in_([t.id for t in changed]))
            )
        self._insert_core(connection, fresh, changed, digests, import_id)
        return WriteCounts(len(fresh), len(changed), len(batch) - len(fresh) - len(changed))

    def write_rows(self, connection: Connection, batch: RowBatch) -> WriteCounts:
        """:meth:`write_batch` for a batch already turned into the driver's rows (see
        :func:`~ticketpilot.store.bulk.row_batch`); only for a driver with a bulk path."""
        bulk = bulk_writer_for(connection)
        if bulk is None:
            raise ValueError(f"no bulk path for the {connection.dialect.driver} driver")
        existing = bulk.stored_hashes(list(batch.digests))
        fresh: list[Row] = []
        changed: list[Row] = []
        for row in batch.tickets:
            stored = existing.get(row[0])
            if stored is None:
                fresh.append(row)
            elif stored != batch.digests[row[0]]:
                changed.append(row)
        if changed:
            bulk.replace_tickets(changed)
        if fresh:
            bulk.insert_tickets(fresh)
        rewritten = {row[0] for row in (*fresh, *changed)}
        bulk.insert_messages(row for row in batch.messages if row[0] in rewritten)
        unchanged = len(batch.tickets) - len(fresh) - len(changed)
        return WriteCounts(len(fresh), len(changed), unchanged)

    @staticmethod
    def _stored_hashes(connection: Connection, ids: list[str]) -> dict[str, str]:
        query = select(tickets.c.id, tickets.c.content_hash).where(tickets.c.id.in_(ids))
        return dict(connection.execute(query).all())

    @staticmethod
    def _insert_core(
        connection: Connection,
        fresh: Sequence[Ticket],
        changed: Sequence[Ticket],
        digests: dict[str, str],
        import_id: int | None,
    ) -> None:
        if fresh:
            connection.execute(
                tickets.insert(), [_ticket_row(t, digests[t.id], import_id) for t in fresh]
            )
        message_rows = [row for t in (*fresh, *changed) for row in _message_rows(t)]
        if message_rows:
            connection.execute(messages.insert(), message_rows)

    def update_fields(
        self, connection: Connection, batch: Sequence[Ticket], fields: Sequence[str]
    ) -> tuple[WriteCounts, list[str]]:
        """Set only ``fields`` on existing tickets; returns counts and the ids not found.

        The stored content hash is left as the full import computed it, on purpose: re-importing
        the original export then finds its tickets unchanged and keeps these overlaid labels.
        """
        ids = [t.id for t in batch]
        found = set(connection.execute(select(tickets.c.id).where(tickets.c.id.in_(ids))).scalars())
        counts = WriteCounts()
        for ticket in batch:
            if ticket.id not in found:
                continue
            values = {name: getattr(ticket, name) for name in fields if name in _SCALARS}
            if "tags" in fields:
                values["tags"] = json.dumps(list(ticket.tags))
            result = connection.execute(
                update(tickets).where(tickets.c.id == ticket.id).values(**values)
            )
            counts.updated += result.rowcount
        missing = [i for i in ids if i not in found]
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
