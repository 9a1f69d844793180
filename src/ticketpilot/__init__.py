"""ticketpilot: a generative-AI support-reply assistant and the program that ships it.

The public API is re-exported here; everything else lives in private-by-convention modules.
"""

from ticketpilot.errors import (
    CharterError,
    ImportFileError,
    TicketpilotError,
    WorkspaceError,
)

__version__ = "0.1.0"

__all__ = [
    "CharterError",
    "ImportFileError",
    "TicketpilotError",
    "WorkspaceError",
    "__version__",
]
