"""The pilot's use cases: the only pilot module that touches storage.

The CLI (``ticketpilot pilot``) and the HTTP service call these; the statistics are the pure
package around this module. What an agent sees of a pilot ticket (its first view, its draft,
the queue) is the desk's (:mod:`ticketpilot.desk.service`).

====================  ===========================================================================
use case              what it does
====================  ===========================================================================
``ingest_ticket``     store a helpdesk's ticket (idempotent by its id, content hash kept), assign
                      its arm once, record ``assigned`` once
``record_event``      store one feedback event, idempotent by key, after the arm rules; a
                      resolution or rating also updates the ticket (``record_events``: many;
                      ``record_events_in``: inside the caller's transaction)
``pilot_report``      every figure with its intervals, the status in words, per category, per
                      prompt version and per experiment variant, the sample-ratio and design checks
``simulate``          a rehearsal: agents played over the latest replay, fed through
                      ``record_events`` like real feedback, and its report
====================  ===========================================================================

Two pilots live side by side: ``"live"`` (real tickets) and ``"rehearsal"`` (simulated
tickets); a rehearsal never mixes with real feedback, and each ``simulate`` replaces the last.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError, IntegrityError

from ticketpilot.errors import (
    EventConflictError,
    PilotError,
    StorageError,
    UnknownPilotTicketError,
)
from ticketpilot.pilot.cohorts import CohortDesign
from ticketpilot.pilot.events import Assigned, PilotEvent, Rated, Resolved
from ticketpilot.pilot.experiments import ExperimentDesign
from ticketpilot.pilot.log import EventLog
from ticketpilot.pilot.metrics import metrics_of
from ticketpilot.pilot.outcomes import tabulate_log
from ticketpilot.pilot.records import (
    REPLY_KINDS,
    TICKET_KINDS,
    Fingerprint,
    arms_for,
    check_arm,
    event_of,
    fills_seconds,
    payload_of,
    prompt_version_of,
    same_event,
    with_hours,
    with_seconds,
)
from ticketpilot.pilot.results import (
    DesignCheck,
    IngestResult,
    PilotName,
    PilotReport,
    RecordResult,
    Rehearsal,
    TicketWrite,
    design_status,
)
from ticketpilot.pilot.settings import PilotSettings
from ticketpilot.pilot.simulator import (
    AgentModel,
    ReplayOutcome,
    expected_acceptance,
    simulate_pilot,
)
from ticketpilot.pilot.status import pilot_status, status_of
from ticketpilot.pilot.variants import experiment_results
from ticketpilot.runtime import Runtime
from ticketpilot.store.baselines import latest_baseline
from ticketpilot.store.idempotent import autocommit, write_transaction
from ticketpilot.store.pilot_events import EventRow, PilotEvents, first_replies
from ticketpilot.store.pilot_tickets import (
    PilotTicketRow,
    PilotTickets,
    set_ticket_outcome,
    ticket_facts,
)
from ticketpilot.store.replay_results import ReplayResultRow, latest_replay_results
from ticketpilot.store.tickets import TicketRepository, content_hash
from ticketpilot.tickets.model import Ticket

__all__ = [
    "cohort_design",
    "experiment_design",
    "ingest_ticket",
    "ingest_tickets",
    "pilot_report",
    "pilot_settings",
    "record_event",
    "record_events",
    "record_events_in",
    "simulate",
]

LIVE: PilotName = "live"
REHEARSAL: PilotName = "rehearsal"
_BATCH = 2_000  # events per transaction when many are recorded at once
_ATTEMPTS = 3  # a write that lost a race to another worker is retried this often
_MAX_KEY = 255
_UPDATING = TICKET_KINDS | {"assigned"}  # events that assign or update a ticket: one transaction
_T = TypeVar("_T")


def cohort_design(runtime: Runtime) -> CohortDesign:
    """The charter's cohort design (``[pilot]`` salt, cohort and control shares)."""
    return CohortDesign.from_charter(runtime.charter.pilot)


def experiment_design(runtime: Runtime) -> ExperimentDesign | None:
    """The charter's ``[experiment]`` (prompt / model variants of treatment tickets), if any."""
    return ExperimentDesign.from_charter(runtime.charter)


def pilot_settings(runtime: Runtime) -> tuple[PilotSettings, float | None, str]:
    """The pilot's settings, the baseline resolution hours they use, and where those came from
    (declared in the charter, else the mean of the latest stored baseline, else none)."""
    declared = runtime.charter.baseline.resolution_hours
    hours, source = declared, "declared in the charter ([baseline] resolution_hours)"
    if hours is None:
        baseline = latest_baseline(runtime.engine)
        figure = baseline.figures.get("resolution_hours_mean") if baseline else None
        if figure is not None and figure.value is not None:
            hours, source = figure.value, f"latest baseline: {figure.describe()}"
        else:
            source = "none (no declared or computed baseline: no resolution target)"
    return PilotSettings.from_charter(runtime.charter, hours), hours, source


# --- ingest and feedback ---------------------------------------------------------------------


def ingest_ticket(runtime: Runtime, ticket: Ticket, *, source: str) -> IngestResult:
    """Take in one ticket from a helpdesk (webhook-style), idempotent by the helpdesk's id.

    The ticket is written through the ticket repository (a new one inserted, a changed one
    replaced, an unchanged one skipped by its content hash); the first time, its arm is
    assigned from the charter's design and stored with the design's fingerprint, and one
    ``assigned`` event is recorded (pilot arms only). Later calls keep the stored arm, even
    when the charter's design changed since (``design_changed`` says so). Safe when several
    workers receive the same ticket at once: one assigns it, the others see it assigned.
    """
    return ingest_tickets(runtime, [ticket], source=source)[0]


def ingest_tickets(runtime: Runtime, batch: Sequence[Ticket], *, source: str) -> list[IngestResult]:
    """:func:`ingest_ticket` for many tickets (ids unique in ``batch``), in one transaction."""
    ids = [t.id for t in batch]
    for tid in ids:
        if not tid or len(tid) > _MAX_KEY:
            raise PilotError(f"ticket id {tid!r}: must be 1 to {_MAX_KEY} characters")
    if len(set(ids)) != len(ids):
        raise PilotError("a ticket id appears twice in one ingest batch; send each ticket once")
    source = (source or "api")[:64]
    now = runtime.clock()
    items = [(Assigned(t.id, now, t.category), f"assigned:{t.id}") for t in batch]
    repository = TicketRepository(runtime.engine)
    for attempt in range(_ATTEMPTS):
        try:
            with write_transaction(runtime.engine) as connection:
                digests = {t.id: content_hash(t) for t in batch}
                existing = {tid: f["content_hash"] for tid, f in
                            ticket_facts(connection, ids).items()}  # fmt: skip
                repository.write_batch(connection, batch, digests=digests)
                recorded = _record(connection, runtime, LIVE, items, actor=source, source=source)
                rows = PilotTickets(runtime.engine).get_many(connection, ids)
            break
        except _integrity_errors(runtime) as error:  # another worker stored one first: re-read
            if attempt == _ATTEMPTS - 1:
                raise StorageError(f"tickets could not be stored: {error}") from error
    current = Fingerprint.of(cohort_design(runtime))
    return [
        IngestResult(tid, rows[tid].arm, tid in recorded.assigned, _write(existing, digests, tid),
                     design_changed=_fingerprint(rows[tid]) != current)
        for tid in ids
    ]  # fmt: skip


def _write(existing: dict[str, str], digests: dict[str, str], ticket_id: str) -> TicketWrite:
    if ticket_id not in existing:
        return "inserted"
    return "unchanged" if existing[ticket_id] == digests[ticket_id] else "updated"


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
        for attempt in range(_ATTEMPTS):
            try:
                with write_transaction(runtime.engine) as connection:
                    batch = _record(connection, runtime, pilot, chunk, actor=actor)
                break
            except _integrity_errors(runtime):
                if attempt == _ATTEMPTS - 1:
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
    return _record(connection, runtime, pilot, items, actor=actor).results


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
    """:func:`_record` for events that assign nothing and update no ticket (replies, flags,
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
        admitted = {key: _admit(event, rows.get(event.ticket_id), {}, set())
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
    the arm and first view it returns then decide the answer as :func:`_admit` would."""
    event, key = items[0]
    row = EventRow(key, event.kind, event.ticket_id, event.at, payload_of(event), actor,
                   prompt_version_of(event))  # fmt: skip
    with autocommit(runtime.engine) as connection:
        found = events.insert_checked(connection, row, runtime.clock(), arms=arms_for(event.kind),
                                      fill_seconds=fills_seconds(event),
                                      reply=event.kind in REPLY_KINDS)  # fmt: skip
        if found is None:
            raise _not_taken_in(event)
        arm, first_view_at, stored = found
        check_arm(event, arm)
        earlier = {} if stored else events.by_keys(connection, [key])
    admitted = {key: ("stored", with_seconds(event, first_view_at))}
    return _Batch(_results(items, admitted, earlier), set())


def _not_taken_in(event: PilotEvent) -> UnknownPilotTicketError:
    return UnknownPilotTicketError(
        f"{event.kind} event for ticket {event.ticket_id!r}: the pilot never took this "
        "ticket in (ingest it first)"
    )


def _reconnecting(
    write: Callable[..., _T], runtime: Runtime, pilot: PilotName,
    items: Sequence[tuple[PilotEvent, str]], actor: str | None,
) -> _T:  # fmt: skip
    """``write(...)``, once more on a fresh connection when its pooled one turned out dead (a
    database restart: the pool pings only connections idle a second or more, see
    ``store.engine``). Safe because events are idempotent by key: one the dead connection did
    store comes back a duplicate."""
    try:
        return write(runtime, pilot, items, actor=actor)
    except DBAPIError as error:
        if not error.connection_invalidated:
            raise
    return write(runtime, pilot, items, actor=actor)


def _record_outcome(
    runtime: Runtime,
    pilot: PilotName,
    items: Sequence[tuple[PilotEvent, str]],
    *,
    actor: str | None,
) -> RecordResult | None:
    """:func:`_record` for one live ``resolved`` or ``rated`` event of a pilot ticket (the
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
        admitted = {key: _admit(event, found[0], {event.ticket_id: {"created_at": found[1]}},
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


def _record(
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
    assigned = _assign(connection, runtime, pilot, list(fresh.values()), facts, source)
    rows = PilotTickets(runtime.engine, pilot).get_many(connection, ids)
    admitted = {key: _admit(event, rows.get(event.ticket_id), facts, assigned)
                for key, event in fresh.items()}  # fmt: skip
    to_store = _rows_to_store(admitted, actor)
    stored = events.insert(connection, to_store, runtime.clock())
    _apply(connection, runtime, pilot, [row for row in to_store if row.key in stored], events)
    for key, (outcome, ready) in admitted.items():  # a ticket outside the pilot is updated
        if outcome == "outside" and ready.kind in TICKET_KINDS and pilot == LIVE:
            _update_ticket(connection, events, ready, key)
    known = [row.key for row in to_store if row.key not in stored]  # stored before, or meanwhile
    earlier = events.by_keys(connection, known) if known else {}
    return _Batch(_results(items, admitted, earlier), assigned)


def _first_offers(items: Sequence[tuple[PilotEvent, str]]) -> dict[str, PilotEvent]:
    """The first event offered under each key; a key offered twice with another event raises
    :class:`EventConflictError` (whether a key is stored already, the insert finds out)."""
    first: dict[str, PilotEvent] = {}
    for event, key in items:
        if not key or len(key) > _MAX_KEY:
            raise PilotError(f"idempotency key {key!r}: must be 1 to {_MAX_KEY} characters")
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


def _assign(
    connection: Connection,
    runtime: Runtime,
    pilot: PilotName,
    events: Sequence[PilotEvent],
    facts: dict[str, dict[str, Any]],
    source: str,
) -> set[str]:
    """Assign the tickets of the ``assigned`` events among ``events``; returns those assigned
    now. A live ticket must be stored in the workspace first."""
    design, experiment = cohort_design(runtime), experiment_design(runtime)
    fp = Fingerprint.of(design)
    rows: dict[str, PilotTicketRow] = {}
    for event in events:
        if not isinstance(event, Assigned) or event.ticket_id in rows:
            continue
        if pilot == LIVE and event.ticket_id not in facts:
            raise UnknownPilotTicketError(
                f"ticket {event.ticket_id!r} is not stored in this workspace: ingest it "
                "(POST the ticket) before reporting events for it"
            )
        category = event.category or facts.get(event.ticket_id, {}).get("category")
        arm = design.arm(event.ticket_id)
        variant = (
            experiment.variant_of(event.ticket_id) if experiment and arm == "treatment" else None
        )
        rows[event.ticket_id] = PilotTicketRow(
            event.ticket_id, arm, event.at, category, source[:64],
            fp.salt_hash, fp.treatment_share, fp.control_share,
            experiment=experiment.name if experiment and variant else None, variant=variant,
        )  # fmt: skip
    return PilotTickets(runtime.engine, pilot).assign(connection, list(rows.values()))


def _admit(
    event: PilotEvent,
    row: PilotTicketRow | None,
    facts: dict[str, dict[str, Any]],
    assigned: set[str],
) -> tuple[str, PilotEvent]:
    """Whether ``event`` is stored, a duplicate or outside the pilot, and the event as stored."""
    if isinstance(event, Assigned):
        if row is None or row.arm == "outside":
            return "outside", event
        return ("stored" if event.ticket_id in assigned else "duplicate"), event
    if row is None:
        if event.kind in TICKET_KINDS and event.ticket_id in facts:
            return "outside", with_hours(event, facts[event.ticket_id]["created_at"])
        raise _not_taken_in(event)
    if row.arm == "outside" and event.kind in TICKET_KINDS:
        return "outside", with_hours(event, facts.get(event.ticket_id, {}).get("created_at"))
    check_arm(event, row.arm)
    ready = with_seconds(event, row.first_view_at)
    ready = with_hours(ready, facts.get(event.ticket_id, {}).get("created_at"))
    return "stored", ready


def _apply(
    connection: Connection,
    runtime: Runtime,
    pilot: PilotName,
    stored: Sequence[EventRow],
    events: PilotEvents,
) -> None:
    """What stored events change besides the log: the reply time, the ticket's outcome."""
    PilotTickets(runtime.engine, pilot).mark_replied(connection, first_replies(stored, REPLY_KINDS))
    if pilot != LIVE:
        return
    for row in stored:
        if row.kind in TICKET_KINDS:
            _update_ticket(connection, events, event_of(row.kind, row.ticket_id, row.at,
                                                        row.payload), row.key)  # fmt: skip


def _update_ticket(
    connection: Connection, events: PilotEvents, event: PilotEvent, key: str
) -> None:
    """Set the ticket's resolution time or CSAT, unless a later event of the kind is stored."""
    later = events.latest_at(connection, event.ticket_id, event.kind, other_than=key)
    if later is not None and later > event.at:
        return
    if isinstance(event, Resolved):
        set_ticket_outcome(connection, event.ticket_id, resolved_at=event.at)
    elif isinstance(event, Rated):
        set_ticket_outcome(connection, event.ticket_id, csat=event.score)


def _integrity_errors(runtime: Runtime) -> tuple[type[BaseException], ...]:
    """A unique key another worker stored first, through SQLAlchemy or a driver's bulk path."""
    dbapi = runtime.engine.dialect.loaded_dbapi
    return (IntegrityError, dbapi.IntegrityError)


def _fingerprint(row: PilotTicketRow) -> Fingerprint:
    return Fingerprint(row.salt_hash, row.treatment_share, row.control_share)


# --- the report ------------------------------------------------------------------------------


def pilot_report(
    runtime: Runtime,
    *,
    now: datetime | None = None,
    pilot: PilotName = LIVE,
    log: EventLog | None = None,
) -> PilotReport:
    """Every pilot figure from the stored events, its status in words, per category and per
    prompt version; the sample-ratio check runs on every call, and the stored assignments'
    cohort designs are checked against the charter's (``now``: end of the window, default the
    last event; ``log``: the pilot's events when the caller has just read them)."""
    design = cohort_design(runtime)
    settings, hours, source = pilot_settings(runtime)
    log = log if log is not None else runtime.event_logs.get(runtime.engine, pilot)
    data = tabulate_log(log, design)
    metrics = metrics_of(data, design, settings, now=now)
    check = _design_check(runtime, pilot, design)
    status = design_status(status_of(metrics), check)
    experiment = experiment_design(runtime)
    variants = None
    if experiment is not None:
        stored = PilotTickets(runtime.engine, pilot).variants(experiment.name)
        variants = experiment_results(data.table, stored, experiment, design, settings,
                                      metrics.overall.days)  # fmt: skip
    return PilotReport(
        pilot, metrics, status,
        {k: pilot_status(m, settings) for k, m in metrics.by_category.items()},
        {k: pilot_status(m, settings) for k, m in metrics.by_prompt_version.items()},
        check, log.counts(), hours, source, variants,
    )  # fmt: skip


def _design_check(runtime: Runtime, pilot: PilotName, design: CohortDesign) -> DesignCheck:
    current = Fingerprint.of(design)
    tickets = PilotTickets(runtime.engine, pilot)
    stored = tuple((Fingerprint(d.salt_hash, d.treatment_share, d.control_share), d.tickets)
                   for d in tickets.designs())  # fmt: skip
    moved = 0
    if any(fp != current for fp, _ in stored):
        moved = sum(arm != "outside" and design.arm(tid) != arm for tid, arm in tickets.arms())
    return DesignCheck(current, stored, moved)


# --- the rehearsal ---------------------------------------------------------------------------


def simulate(
    runtime: Runtime,
    *,
    days: int | None = None,
    tickets_per_day: float | None = None,
    seed: int = 0,
    start: datetime | None = None,
) -> Rehearsal:
    """Rehearse the pilot over the latest replay's per-ticket results (docs/pilot.md, "The
    simulator's agent model") and report it.

    ``days`` defaults to the charter's ``[pilot] duration_days``; ``tickets_per_day`` (all
    tickets, before the cohort split) to the workspace's volume (declared, else the latest
    baseline's monthly volume / 30.4); ``start`` to ``days`` before today, so the rehearsal
    ends now. The previous rehearsal is replaced; every event goes through
    :func:`record_events` (pilot ``"rehearsal"``), the same path as real feedback.
    """
    started = time.perf_counter()
    replay = latest_replay_results(runtime.engine)
    if replay is None or not replay.rows:
        raise PilotError("no replay with per-ticket results in this workspace: run "
                         "`ticketpilot replay` first (the rehearsal plays agents over it)")  # fmt: skip
    days = days or runtime.charter.pilot.duration_days
    volume, volume_source = _volume(runtime, tickets_per_day)
    if days < 1 or volume <= 0:
        raise PilotError(f"simulate: days ({days}) and tickets per day ({volume:g}) must be > 0")
    day = runtime.clock().replace(hour=0, minute=0, second=0, microsecond=0)
    start = start or day - timedelta(days=days)
    pool = [_outcome(row, replay.prompt_version) for row in replay.rows]
    design = cohort_design(runtime)
    events = simulate_pilot(pool, design, days=days, tickets_per_day=volume, start=start,
                            seed=seed)  # fmt: skip
    with write_transaction(runtime.engine) as connection:
        replaced = PilotEvents(runtime.engine, REHEARSAL).clear(connection)
        PilotTickets(runtime.engine, REHEARSAL).clear(connection)
    results = record_events(runtime, [(e, f"{e.ticket_id}:{e.kind}") for e in events],
                            actor="simulator", pilot=REHEARSAL)  # fmt: skip
    stored = sum(r.stored for r in results)
    report = pilot_report(runtime, pilot=REHEARSAL, now=start + timedelta(days=days))
    return Rehearsal(report, replay.replay_id, len(pool), days, volume, volume_source, seed,
                     start, len(events), stored, len(results) - stored, replaced,
                     expected_acceptance(pool, AgentModel()) if any(o.delivered for o in pool)
                     else 0.0, time.perf_counter() - started)  # fmt: skip


def _outcome(row: ReplayResultRow, prompt_version: str) -> ReplayOutcome:
    """A replay's per-ticket row as the simulator's input (docs/pilot.md)."""
    return ReplayOutcome(
        ticket_id=row.ticket_id, category=row.category, delivered=bool(row.delivered),
        similarity=row.similarity, grounding_failed=bool(row.grounding_failed),
        latency_ms=float(row.latency_ms), prompt_version=prompt_version, reason=row.reason,
        draft_chars=int(row.draft_chars), reply_chars=int(row.reply_chars),
        edit_distance=row.edit_distance,
    )  # fmt: skip


def _volume(runtime: Runtime, given: float | None) -> tuple[float, str]:
    """Tickets per day for a rehearsal, and where the number came from."""
    if given is not None:
        return float(given), "given"
    declared = runtime.charter.baseline.monthly_volume
    if declared:
        return declared / 30.4, f"declared monthly volume {declared:,} / 30.4"
    baseline = latest_baseline(runtime.engine)
    figure = baseline.figures.get("monthly_volume") if baseline else None
    if figure is not None and figure.value:
        return figure.value / 30.4, f"baseline monthly volume {figure.describe()} / 30.4"
    return 100.0, "no volume known: 100 tickets a day assumed"
