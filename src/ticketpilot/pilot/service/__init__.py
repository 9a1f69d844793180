"""The pilot's use cases: the only pilot modules that touch storage (this package).

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

from ticketpilot.pilot.service.design import (
    LIVE,
    REHEARSAL,
    cohort_design,
    experiment_design,
    pilot_settings,
)
from ticketpilot.pilot.service.feedback import record_event, record_events, record_events_in
from ticketpilot.pilot.service.ingest import ingest_ticket, ingest_tickets
from ticketpilot.pilot.service.rehearsal import simulate
from ticketpilot.pilot.service.report import pilot_report

__all__ = [
    "LIVE",
    "REHEARSAL",
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
