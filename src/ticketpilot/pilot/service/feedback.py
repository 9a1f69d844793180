"""Feedback events stored: idempotent by key, after the arm rules, in one write path
(:func:`record_batch`) with fast paths for the API's single events.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import Connection

from ticketpilot.errors import EventConflictError, PilotError
from ticketpilot.pilot.events import PilotEvent
from ticketpilot.pilot.records import (
    REPLY_KINDS,
    TICKET_KINDS,
    arms_for,
    check_arm,
    fills_seconds,
    payload_of,
    prompt_version_of,
    same_event,
    with_seconds,
)
from ticketpilot.pilot.results import PilotName, RecordResult
from ticketpilot.pilot.service.admission import (
    ATTEMPTS,
    MAX_KEY,
    admit,
    apply_stored,
    assign_tickets,
    integrity_errors,
    not_taken_in,
    update_ticket,
)
from ticketpilot.pilot.service.design import LIVE
from ticketpilot.runtime import Runtime
from ticketpilot.store.engine import once_more_if_dropped
from ticketpilot.store.idempotent import autocommit, write_transaction
from ticketpilot.store.pilot_events import EventRow, PilotEvents
from ticketpilot.store.pilot_tickets import PilotTickets, ticket_facts

_BATCH = 2_000  # events per transaction when many are recorded at once
_UPDATING = TICKET_KINDS | {"assigned"}  # events that assign or update a ticket: one transaction
_T = TypeVar("_T")


def record_event(
    runtime: Runtime,
    event: PilotEvent,
    *,
    key: str,
    actor: str | None = None,
    pilot: PilotName = LIVE,
) -> RecordResult:
    """Store one feedback event idempotently by ``key``; see :func:`record_events`.

    Raises :class:`UnknownPilotTicketError` (the pilot never took the ticket in), :class:`WrongArmError`
    (e.g. an accept on a control ticket) or :class:`EventConflictError` (the key was used for another
    event); each is a :class:`PilotError` the API answers with a 4xx.
    """
    return record_events(runtime, [(event, key)], actor=actor, pilot=pilot)[0]


def record_events(
    runtime: Runtime,
    items: Iterable[tuple[PilotEvent, str]],
    *,
    actor: str | None = None,
    pilot: PilotName = LIVE,
) -> list[RecordResult]:
    """Store feedback events, each idempotent by its key, in transactions of up to 2,000.

    * a key already stored is a ``duplicate`` (nothing changes) if it carries the same event,
      an :class:`EventConflictError` if not; two workers storing one key at once store it once;
    * an ``assigned`` event assigns its ticket (a live ticket must be stored first: see
      :func:`ingest_ticket`); assigning a ticket already assigned is a ``duplicate``;
    * every other event needs an assigned ticket, and must fit its arm (:mod:`.records`);
    * a reply outcome without ``seconds`` gets first view -> event time; a resolution without
      ``hours`` gets created -> resolved;
    * a live ``resolved`` / ``rated`` event sets the ticket's ``resolved_at`` / ``csat``,
      unless a later one is stored (a late event never overrides a newer one); for a stored
      ticket outside the pilot it updates the ticket and stores no pilot event (``outside``).

    A batch is validated before it is written: one bad event leaves its batch unstored.
    """
    results: list[RecordResult] = []
    pending = list(items)
    for start in range(0, len(pending), _BATCH):
        chunk = pending[start : start + _BATCH]
        if all(e.kind not in _UPDATING for e, _ in chunk):  # feedback from agents and drafts
            results.extend(_reconnecting(_record_replies, runtime, pilot, chunk, actor).results)
            continue
        one = _reconnecting(_record_outcome, runtime, pilot, chunk, actor)  # resolved, rated
        if one is not None:
            results.append(one)
            continue
        for attempt in range(ATTEMPTS):
            try:
                with write_transaction(runtime.engine) as connection:
                    batch = record_batch(connection, runtime, pilot, chunk, actor=actor)
                break
            except integrity_errors(runtime):
                if attempt == ATTEMPTS - 1:
                    raise
        results.extend(batch.results)
    return results


def record_events_in(
    connection: Connection,
    runtime: Runtime,
    items: Sequence[tuple[PilotEvent, str]],
    *,
    actor: str | None = None,
    pilot: PilotName = LIVE,
) -> list[RecordResult]:
    """:func:`record_events` inside the caller's write transaction (``store.idempotent``
    ``write_transaction``), with what else it writes: one batch, no retry."""
    return record_batch(connection, runtime, pilot, items, actor=actor).results


@dataclass
class _Batch:
    results: list[RecordResult]
    assigned: set[str]  # tickets this batch assigned


def _record_replies(
    runtime: Runtime,
    pilot: PilotName,
    items: Sequence[tuple[PilotEvent, str]],
    *,
    actor: str | None,
) -> _Batch:
    """:func:`record_batch` for events that assign nothing and update no ticket (replies, flags,
    drafts shown): read the tickets, check the events, then one atomic write of the events
    and their tickets' reply time - on PostgreSQL a read and a write statement, with no
    ``BEGIN`` and ``COMMIT`` of their own. The arm and first view it reads never change once
    stored, so reading them before the write decides as reading them inside it would."""
    events = PilotEvents(runtime.engine, pilot)
    fresh = _first_offers(items)
    if len(fresh) == 1 and runtime.engine.dialect.name == "postgresql":
        return _record_one_checked(runtime, events, items, actor=actor)
    with autocommit(runtime.engine) as connection:
        rows = PilotTickets(runtime.engine, pilot).get_many(
            connection, {e.ticket_id for e, _ in items}
        )
        admitted = {key: admit(event, rows.get(event.ticket_id), {}, set())
                    for key, event in fresh.items()}  # fmt: skip
        to_store = _rows_to_store(admitted, actor)
        stored = events.insert_replied(connection, to_store, runtime.clock(), REPLY_KINDS)
        known = [row.key for row in to_store if row.key not in stored]
        earlier = events.by_keys(connection, known) if known else {}
    return _Batch(_results(items, admitted, earlier), set())


def _record_one_checked(
    runtime: Runtime,
    events: PilotEvents,
    items: Sequence[tuple[PilotEvent, str]],
    *,
    actor: str | None,
) -> _Batch:
    """:func:`_record_replies` for one event (offered once or more under one key) on
    PostgreSQL: the ticket's arm and first view are read, the arm rule (:func:`arms_for`) and
    the handling time applied, the event stored and the reply time set, all in one statement;
    the arm and first view it returns then decide the answer as :func:`admit` would."""
    event, key = items[0]
    row = EventRow(key, event.kind, event.ticket_id, event.at, payload_of(event), actor,
                   prompt_version_of(event))  # fmt: skip
    with autocommit(runtime.engine) as connection:
        found = events.insert_checked(connection, row, runtime.clock(), arms=arms_for(event.kind),
                                      fill_seconds=fills_seconds(event),
                                      reply=event.kind in REPLY_KINDS)  # fmt: skip
        if found is None:
            raise not_taken_in(event)
        arm, first_view_at, stored = found
        check_arm(event, arm)
        earlier = {} if stored else events.by_keys(connection, [key])
    admitted = {key: ("stored", with_seconds(event, first_view_at))}
    return _Batch(_results(items, admitted, earlier), set())


def _reconnecting(
    write: Callable[..., _T], runtime: Runtime, pilot: PilotName,
    items: Sequence[tuple[PilotEvent, str]], actor: str | None,
) -> _T:  # fmt: skip
    """``write(...)``, once more on a fresh connection when its pooled one turned out dead (a
    database restart: the pool pings only connections idle a second or more, see
    ``store.engine``). Safe because events are idempotent by key: one the dead connection did
    store comes back a duplicate."""
    return once_more_if_dropped(lambda: write(runtime, pilot, items, actor=actor))


def _record_outcome(
    runtime: Runtime,
    pilot: PilotName,
    items: Sequence[tuple[PilotEvent, str]],
    *,
    actor: str | None,
) -> RecordResult | None:
    """:func:`record_batch` for one live ``resolved`` or ``rated`` event of a pilot ticket (the
    API's case): one read of the ticket, then one atomic write of the event and the ticket's
    outcome - on PostgreSQL a read and a write statement. ``None`` (nothing done) for any
    other batch, and for a ticket outside the pilot's cohorts or never taken in: those take
    the general path. The arm and creation time it reads never change once stored."""
    if pilot != LIVE or len(items) != 1 or items[0][0].kind not in TICKET_KINDS:
        return None
    event, key = items[0]
    _first_offers(items)  # the key's checks
    events = PilotEvents(runtime.engine, pilot)
    with autocommit(runtime.engine) as connection:
        found = PilotTickets(runtime.engine, pilot).get_created(connection, event.ticket_id)
        if found is None or found[0].arm == "outside":
            return None
        admitted = {key: admit(event, found[0], {event.ticket_id: {"created_at": found[1]}},
                                set())}  # fmt: skip
        [row] = _rows_to_store(admitted, actor)
        stored = events.insert_outcome(connection, row, runtime.clock())
        earlier = {} if stored else events.by_keys(connection, [key])
    return _results(items, admitted, earlier)[0]


def _rows_to_store(
    admitted: dict[str, tuple[str, PilotEvent]], actor: str | None
) -> list[EventRow]:
    return [EventRow(key, ready.kind, ready.ticket_id, ready.at, payload_of(ready), actor,
                     prompt_version_of(ready))
            for key, (outcome, ready) in admitted.items() if outcome == "stored"]  # fmt: skip


def _results(
    items: Sequence[tuple[PilotEvent, str]],
    admitted: dict[str, tuple[str, PilotEvent]],
    earlier: dict[str, EventRow],
) -> list[RecordResult]:
    """Each offered event's result: a key offered again in the batch, or stored before (or by
    another worker meanwhile) with the same event, is a duplicate; with another, a conflict."""
    results: list[RecordResult] = []
    seen: set[str] = set()
    for event, key in items:
        if key in seen:
            results.append(RecordResult(key, "duplicate", event))
            continue
        seen.add(key)
        outcome, ready = admitted[key]
        if key in earlier:
            _check_same(earlier[key], event, key)
            outcome = "duplicate"
        results.append(RecordResult(key, outcome, ready))  # type: ignore[arg-type]
    return results


def record_batch(
    connection: Connection,
    runtime: Runtime,
    pilot: PilotName,
    items: Sequence[tuple[PilotEvent, str]],
    *,
    actor: str | None,
    source: str = "feedback",
) -> _Batch:
    """The one write path of pilot events (see :func:`record_events`), in ``connection``."""
    events = PilotEvents(runtime.engine, pilot)
    fresh = _first_offers(items)
    ids = {event.ticket_id for event, _ in items}
    facts = ticket_facts(connection, ids) if _needs_facts(pilot, fresh.values()) else {}
    assigned = assign_tickets(connection, runtime, pilot, list(fresh.values()), facts, source)
    rows = PilotTickets(runtime.engine, pilot).get_many(connection, ids)
    admitted = {key: admit(event, rows.get(event.ticket_id), facts, assigned)
                for key, event in fresh.items()}  # fmt: skip
    to_store = _rows_to_store(admitted, actor)
    stored = events.insert(connection, to_store, runtime.clock())
    apply_stored(connection, runtime, pilot, [row for row in to_store if row.key in stored], events)
    for key, (outcome, ready) in admitted.items():  # a ticket outside the pilot is updated
        if outcome == "outside" and ready.kind in TICKET_KINDS and pilot == LIVE:
            update_ticket(connection, events, ready, key)
    known = [row.key for row in to_store if row.key not in stored]  # stored before, or meanwhile
    earlier = events.by_keys(connection, known) if known else {}
    return _Batch(_results(items, admitted, earlier), assigned)


def _first_offers(items: Sequence[tuple[PilotEvent, str]]) -> dict[str, PilotEvent]:
    """The first event offered under each key; a key offered twice with another event raises
    :class:`EventConflictError` (whether a key is stored already, the insert finds out)."""
    first: dict[str, PilotEvent] = {}
    for event, key in items:
        if not key or len(key) > MAX_KEY:
            raise PilotError(f"idempotency key {key!r}: must be 1 to {MAX_KEY} characters")
        if key in first:
            _check_same(_as_row(first[key], key), event, key)
        else:
            first[key] = event
    return first


def _needs_facts(pilot: PilotName, events: Iterable[PilotEvent]) -> bool:
    """Whether the batch needs the stored tickets' facts: to assign a live ticket, to update
    one's resolution or rating, or to time a resolution."""
    return pilot == LIVE and any(e.kind == "assigned" or e.kind in TICKET_KINDS for e in events)


def _as_row(event: PilotEvent, key: str) -> EventRow:
    return EventRow(key, event.kind, event.ticket_id, event.at, payload_of(event))


def _check_same(row: EventRow | None, event: PilotEvent, key: str) -> None:
    if row is not None and not same_event(row.kind, row.ticket_id, row.payload, event):
        raise EventConflictError(
            f"idempotency key {key!r} was used for the {row.kind} event of ticket "
            f"{row.ticket_id!r}; it cannot also name this {event.kind} event of ticket "
            f"{event.ticket_id!r} (use a new key for a new event)"
        )
