"""What a feedback event may do before it is stored: the arm rules applied to a stored pilot
ticket, a ticket's assignment, and what a stored event changes besides the log.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.exc import IntegrityError

from ticketpilot.errors import UnknownPilotTicketError
from ticketpilot.pilot.events import Assigned, PilotEvent, Rated, Resolved
from ticketpilot.pilot.records import (
    REPLY_KINDS,
    TICKET_KINDS,
    Fingerprint,
    check_arm,
    event_of,
    with_hours,
    with_seconds,
)
from ticketpilot.pilot.results import PilotName
from ticketpilot.pilot.service.design import LIVE, cohort_design, experiment_design
from ticketpilot.runtime import Runtime
from ticketpilot.store.pilot_events import EventRow, PilotEvents, first_replies
from ticketpilot.store.pilot_tickets import PilotTicketRow, PilotTickets, set_ticket_outcome

ATTEMPTS = 3  # a write that lost a race to another worker is retried this often
MAX_KEY = 255


def assign_tickets(
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


def admit(
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
        raise not_taken_in(event)
    if row.arm == "outside" and event.kind in TICKET_KINDS:
        return "outside", with_hours(event, facts.get(event.ticket_id, {}).get("created_at"))
    check_arm(event, row.arm)
    ready = with_seconds(event, row.first_view_at)
    ready = with_hours(ready, facts.get(event.ticket_id, {}).get("created_at"))
    return "stored", ready


def apply_stored(
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
            update_ticket(connection, events, event_of(row.kind, row.ticket_id, row.at,
                                                        row.payload), row.key)  # fmt: skip


def update_ticket(connection: Connection, events: PilotEvents, event: PilotEvent, key: str) -> None:
    """Set the ticket's resolution time or CSAT, unless a later event of the kind is stored."""
    later = events.latest_at(connection, event.ticket_id, event.kind, other_than=key)
    if later is not None and later > event.at:
        return
    if isinstance(event, Resolved):
        set_ticket_outcome(connection, event.ticket_id, resolved_at=event.at)
    elif isinstance(event, Rated):
        set_ticket_outcome(connection, event.ticket_id, csat=event.score)


def integrity_errors(runtime: Runtime) -> tuple[type[BaseException], ...]:
    """A unique key another worker stored first, through SQLAlchemy or a driver's bulk path."""
    dbapi = runtime.engine.dialect.loaded_dbapi
    return (IntegrityError, dbapi.IntegrityError)


def stored_fingerprint(row: PilotTicketRow) -> Fingerprint:
    return Fingerprint(row.salt_hash, row.treatment_share, row.control_share)


def not_taken_in(event: PilotEvent) -> UnknownPilotTicketError:
    return UnknownPilotTicketError(
        f"{event.kind} event for ticket {event.ticket_id!r}: the pilot never took this "
        "ticket in (ingest it first)"
    )
