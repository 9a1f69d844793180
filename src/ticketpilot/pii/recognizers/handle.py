"""SOCIAL_HANDLE: ``@handles`` on Twitter/X, Instagram, TikTok, Threads and the like.

Presidio has no entity for them; a customer's handle identifies them as surely as an e-mail
address, and support exports from social channels are full of them ("@jo_k my order...", "Hey
@MariaL, ..."). The brand's own handles are not personal: a detector keeps them when it is given
them (:meth:`ticketpilot.pii.Detector.allowing`, with the handles
:func:`ticketpilot.pii.learn_brand_handles` learns from the agents' messages).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ticketpilot.pii.entities import EntityType, RecognizerResult
from ticketpilot.pii.recognizer import Recognizer
from ticketpilot.pii.scan import TextScan

#: "@" and 1-30 handle characters, not inside an e-mail or a domain ("@example.com"); after
#: "." (".@Delta"), "/" ("w/@AmericanAir") or "-" as people write them (inside a link, the link
#: decides).
HANDLE_PATTERN = re.compile(r"(?<![\w@])@(?P<handle>\w{1,30})(?![\w@]|\.\w)")
# "@5pm", "@10am", "@12": times and small numbers written with "at", not handles.
_NOT_A_HANDLE = re.compile(r"\d{1,2}|\d{1,2}(?:[ap]m|h|hrs?)|\d{1,2}(?:st|nd|rd|th)", re.I)
# "2 seats @150 each", "@400/night": a price, not a handle.
_PRICE_AFTER = re.compile(r"\s*(?:each|per\b|a (?:piece|night|month)|/|%|x\b|pcs\b)", re.I)


class SocialHandleRecognizer(Recognizer):
    """``@handle`` (0.85): word characters after an "@" that does not belong to an e-mail."""

    name = "social_handle"
    entity_type = EntityType.SOCIAL_HANDLE

    def applies(self, scan: TextScan) -> bool:
        return "@" in scan.text

    def find(self, scan: TextScan) -> Iterator[RecognizerResult]:
        text = scan.text
        for match in HANDLE_PATTERN.finditer(text):
            handle = match.group("handle")
            if _NOT_A_HANDLE.fullmatch(handle) or (
                handle.isdigit() and _PRICE_AFTER.match(text, match.end())
            ):
                continue
            yield self.result(match.start(), match.end(), 0.85)


def is_handle(text: str) -> bool:
    """True when ``text`` is one ``@handle`` and nothing else."""
    match = HANDLE_PATTERN.fullmatch(text.strip())
    return match is not None and not _NOT_A_HANDLE.fullmatch(match.group("handle"))
