"""Which pilot event a reply from the workspace page is."""

from __future__ import annotations

from datetime import datetime

import pytest

from ticketpilot.desk import normalise_text, reply_event
from ticketpilot.errors import PilotError
from ticketpilot.pilot.editdistance import levenshtein
from ticketpilot.pilot.events import Accepted, Edited, Handled, Rejected

AT = datetime(2026, 3, 2, 9, 0)
DRAFT = "Hi,\n\nYour parcel is on its way.\n\nBest,\nSupport"


def test_the_draft_sent_as_it_is_is_accepted_even_with_browser_line_ends() -> None:
    assert isinstance(reply_event("T", AT, draft=DRAFT, action="accept", text=""), Accepted)
    crlf = DRAFT.replace("\n", "\r\n")
    assert isinstance(reply_event("T", AT, draft=DRAFT, action="send", text=crlf), Accepted)
    assert normalise_text("a\r\nb\rc") == "a\nb\nc"


def test_a_changed_draft_is_edited_with_its_distance() -> None:
    sent = DRAFT.replace("on its way", "delayed by a week") + "\r\nSorry!"
    event = reply_event("T", AT, draft=DRAFT, action="send", text=sent)
    assert isinstance(event, Edited)
    clean = normalise_text(sent)
    assert event.distance == levenshtein(DRAFT, clean)
    assert (event.draft_chars, event.sent_chars, event.seconds) == (len(DRAFT), len(clean), None)


def test_a_rejected_draft_needs_the_agents_own_reply() -> None:
    own = "I have refunded you."
    assert isinstance(reply_event("T", AT, draft=DRAFT, action="reject", text=own), Rejected)
    flagged = reply_event("T", AT, draft=DRAFT, action="send", text=own, rejected=True)
    assert isinstance(flagged, Rejected)
    with pytest.raises(PilotError, match="the reply is empty"):
        reply_event("T", AT, draft=DRAFT, action="reject", text="  ")
    with pytest.raises(PilotError, match="not the draft"):
        reply_event("T", AT, draft=DRAFT, action="reject", text=DRAFT)


def test_without_a_draft_a_reply_is_handled_and_nothing_else_is_possible() -> None:
    assert isinstance(reply_event("T", AT, draft=None, action="send", text="Done."), Handled)
    for action in ("accept", "reject"):
        with pytest.raises(PilotError, match=f"no draft to {action}"):
            reply_event("T", AT, draft=None, action=action, text="Done.")  # type: ignore[arg-type]
    with pytest.raises(PilotError, match="the reply is empty"):
        reply_event("T", AT, draft=None, action="send", text="")
