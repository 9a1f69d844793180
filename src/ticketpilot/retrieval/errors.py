"""The retrieval error, a `TicketpilotError` so the CLI prints its message as it stands."""

from ticketpilot.errors import TicketpilotError


class RetrievalError(TicketpilotError):
    """The index folder is unreadable or was built with another model, or an embedder is unknown."""
