"""What makes an agent reply usable as a model for drafts (shared by audit and replay)."""

from __future__ import annotations

import re

_DEFLECTION = re.compile(
    r"\b(dm|d\.m\.|direct message|private message|message us|send us a (?:dm|message|note)|"
    r"follow (?:and|&) dm|reach out (?:to us )?(?:via|in|through) (?:dm|private)|"
    r"please (?:call|phone|contact) us|give us a call|call us (?:at|on)|contact us at|"
    r"contact (?:our )?(?:customer )?(?:service|support|care)|visit (?:our )?(?:website|help center))\b",
    re.IGNORECASE,
)
_GREETING_ONLY = re.compile(
    r"^(?:hi|hello|hey|good (?:morning|afternoon|evening))\b[^.!?]*[.!?]?\s*"
    r"(?:how (?:can|may) (?:i|we) (?:help|assist)[^.!?]*[.!?]?)?\s*(?:[*^~]\w+)?\s*$",
    re.IGNORECASE,
)
_WORD = re.compile(r"\w+")
MIN_WORDS = 5
DEFLECTION_MAX_WORDS = 30


def reply_problem(reply: str) -> str | None:
    """Why a reply cannot serve as an example (``None`` when it can)."""
    words = len(_WORD.findall(reply))
    if words == 0:
        return "empty"
    if _GREETING_ONLY.match(reply.strip()):
        return "greeting only"
    if words < MIN_WORDS:
        return f"under {MIN_WORDS} words"
    if words <= DEFLECTION_MAX_WORDS and _DEFLECTION.search(reply):
        return "deflection (DM us / call us)"
    return None


def word_count(text: str) -> int:
    return len(_WORD.findall(text))
