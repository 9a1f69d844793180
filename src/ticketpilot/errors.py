"""The exception hierarchy: every error ticketpilot raises on purpose belongs to this tree.

TicketpilotError              anything ticketpilot raises on purpose; the CLI prints it, exits 2
├── WorkspaceError            no workspace where one was expected, or one already exists
├── CharterError              ticketpilot.toml is unreadable or fails validation
├── RegistryError             an unknown or doubly registered plugin name
├── ImportFileError           a whole file cannot be imported (unknown format, missing column)
├── RecordError               one record cannot be imported; it goes to quarantine (also ValueError)
│   ├── RowError              one value is unusable, with its quarantine code   (tickets.rows)
│   ├── DateParseError        a date or time that cannot be read               (tickets.dates)
│   │   └── AmbiguousDateError  day/month or month/day, the file's order unknown (tickets.dates)
│   └── RatingOutOfRangeError a CSAT outside its scale, or not finite         (tickets.csat)
├── StorageError              the database cannot be reached or migrated
├── RetrievalError            the index is unreadable, of another model or scope field, or an
│                             embedder unknown
├── ScopeError                a scope value given without [scope] partition, missing, or unknown
├── VaultError                sealed PII cannot be opened (wrong key, wrong ticket, no key)
├── PilotError                a pilot event or cohort design is unusable               (pilot)
│   ├── UnknownPilotTicketError  an event or draft for a ticket the pilot never took in (404)
│   ├── WrongArmError         an event that cannot happen in the ticket's arm (an accept on a
│   │                         control ticket), or on a ticket outside the pilot          (409)
│   └── EventConflictError    an idempotency key reused for a different event            (409)
├── UnknownModelError         no price for a model, in the table or the charter (cost.prices)
├── LedgerUnavailable         the budget store cannot be reached: fail closed   (cost.ledger)
├── MonitorError              drift monitoring got unusable input (columns, codes, settings)
├── LoginRequired             a page asked for without a session: redirect to sign in   (api)
├── DraftingUnavailable       the process computing a draft stopped; it is restarted (503) (api)
├── ReportError               a report cannot be written (unknown kind, no PDF engine)  (reports)
├── AccessError               a bad role, token name or token reference               (access)
│   └── UnknownToken          no token with that id or name                           (404)
└── ProviderError             a model provider failed; ``reason`` names how   (drafting.providers)
    ├── ProviderTimeout, ProviderUnavailable, RateLimited, ProviderServerError   (retryable)
    └── ProviderRejected, MalformedResponse, EmptyResponse (NoUsableReply), CircuitOpen
"""

from __future__ import annotations


class TicketpilotError(Exception):
    """Base class: an error whose message is meant for the user as it stands."""


class WorkspaceError(TicketpilotError):
    """The workspace folder is missing, or is not what the command expects."""


class CharterError(TicketpilotError):
    """The program charter cannot be read or is invalid; the message names key, value and rule."""


class RegistryError(TicketpilotError, ValueError):
    """A plugin name is unknown (the message lists the known ones) or registered twice."""


class ImportFileError(TicketpilotError):
    """A file cannot be imported at all; row-level problems go to quarantine instead."""


class RecordError(TicketpilotError, ValueError):
    """One record cannot be imported; the pipeline quarantines it with this message."""


class StorageError(TicketpilotError):
    """The database cannot be reached, created or migrated."""


class RetrievalError(TicketpilotError):
    """The index folder is unreadable or was built with another model, or an embedder is unknown."""


class ScopeError(TicketpilotError):
    """A scope value is needed and missing, given where no ``[scope] partition`` is set, or
    names no scope the index holds (the message lists those it does)."""


class VaultError(TicketpilotError):
    """Sealed PII cannot be opened: no key, another workspace's key, or another ticket's token."""


class PilotError(TicketpilotError, ValueError):
    """A pilot event record, cohort design or statistical setting is unusable; the message says why."""


class MonitorError(TicketpilotError):
    """Drift monitoring got input it cannot use; the message names the column or setting."""


class UnknownPilotTicketError(PilotError):
    """A pilot event, view or draft names a ticket the pilot never took in (an HTTP 404)."""


class WrongArmError(PilotError):
    """An event that cannot happen to the ticket's arm: a draft outcome on a control ticket, or
    any event on a ticket outside both cohorts (an HTTP 409)."""


class EventConflictError(PilotError):
    """An idempotency key already stored for a different event (another kind, ticket or
    payload): a client bug, refused rather than silently ignored (an HTTP 409)."""


class DraftingUnavailable(TicketpilotError):  # noqa: N818 - reads as what happened
    """The process computing a draft stopped (killed, out of memory) or could not start; the
    service answers 503 and starts a new one (``ticketpilot serve --draft-processes``)."""


class ReportError(TicketpilotError):
    """A report cannot be built or written; the message names the report and what is missing."""


class AccessError(TicketpilotError, ValueError):
    """A role, token name or token reference is unusable; the message names what is allowed."""


class UnknownToken(AccessError, LookupError):  # noqa: N818 - reads as what happened
    """No token has that id, or no active token that name."""
