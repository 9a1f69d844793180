"""Which pilot event an agent's reply is, from the draft shown and the text sent.

=============================  ===================================================
what the agent did             event
=============================  ===================================================
accept (the draft unchanged)   ``accepted``
send, text equal to the draft  ``accepted``
send, text changed             ``edited`` with the character edit distance
reject, then send own reply    ``rejected``
send with no draft             ``handled`` (control ticket, or the draft withheld)
=============================  ===================================================

Texts are compared after normalising line ends (browsers send a text box's lines with CRLF);
the service fills ``seconds`` (first view -> send) from the stored first view.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from ticketpilot.errors import PilotError
from ticketpilot.pilot.events import Accepted, Handled, PilotEvent, Rejected, edited

ReplyAction = Literal["accept", "send", "reject"]


def normalise_text(text: str) -> str:
    """``text`` with CRLF and CR line ends as LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def reply_event(
    ticket_id: str,
    at: datetime,
    *,
    draft: str | None,
    action: ReplyAction,
    text: str,
    rejected: bool = False,
) -> PilotEvent:
    """The event for a reply to ``ticket_id`` (see the module docstring); ``draft`` is the text
    the agent was shown, ``None`` when there was none. Bad combinations raise
    :class:`~ticketpilot.errors.PilotError` saying what to do."""
    sent = normalise_text(text)
    if draft is None:
        if action != "send" or rejected:
            raise PilotError(f"ticket {ticket_id!r} has no draft to {action}: write the reply "
                             "and send it")  # fmt: skip
        _written(ticket_id, sent)
        return Handled(ticket_id, at)
    shown = normalise_text(draft)
    if action == "accept":
        return Accepted(ticket_id, at)
    if action == "reject" or rejected:
        _written(ticket_id, sent)
        if sent.strip() == shown.strip():
            raise PilotError(f"ticket {ticket_id!r}: a rejected draft needs your own reply in "
                             "its place, not the draft")  # fmt: skip
        return Rejected(ticket_id, at)
    _written(ticket_id, sent)
    if sent == shown:
        return Accepted(ticket_id, at)
    return edited(ticket_id, at, shown, sent, None)


def _written(ticket_id: str, sent: str) -> None:
    if not sent.strip():
        raise PilotError(f"ticket {ticket_id!r}: the reply is empty; write it before sending")
