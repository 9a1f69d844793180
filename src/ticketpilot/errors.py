"""The exception hierarchy.

TicketpilotError            anything ticketpilot raises on purpose; the CLI prints it, exits 2
├── WorkspaceError          no workspace where one was expected, or one already exists
├── CharterError            ticketpilot.toml is unreadable or fails validation
├── ImportFileError         a whole file cannot be imported (unknown format, missing column)
└── StorageError            the database cannot be reached or migrated
"""


class TicketpilotError(Exception):
    """Base class: an error whose message is meant for the user as it stands."""


class WorkspaceError(TicketpilotError):
    """The workspace folder is missing, or is not what the command expects."""


class CharterError(TicketpilotError):
    """The program charter cannot be read or is invalid; the message names key, value and rule."""


class ImportFileError(TicketpilotError):
    """A file cannot be imported at all; row-level problems go to quarantine instead."""


class StorageError(TicketpilotError):
    """The database cannot be reached, created or migrated."""
