"""EMAIL_ADDRESS: local@domain.tld."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ticketpilot.pii.entities import EntityType, RecognizerResult
from ticketpilot.pii.recognizer import Recognizer
from ticketpilot.pii.scan import TextScan

_LOCAL = re.compile(r"(?<![\w.+%-])[A-Za-z0-9_%+-]+(?:\.[A-Za-z0-9_%+-]+)*@\Z")
_DOMAIN = re.compile(r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![\w-])")


class EmailRecognizer(Recognizer):
    """E-mail addresses; the domain needs a dot and an alphabetic top-level label.

    The search starts from each "@" (cheap to find) rather than from every word.
    """

    name = "email"
    entity_type = EntityType.EMAIL_ADDRESS

    def applies(self, scan: TextScan) -> bool:
        return "@" in scan.text

    def find(self, scan: TextScan) -> Iterator[RecognizerResult]:
        text = scan.text
        at = text.find("@")
        while at != -1:
            domain = _DOMAIN.match(text, at + 1)
            if domain is not None:
                local = _LOCAL.search(text, max(0, at - 64), at + 1)  # the part ending at "@"
                if local is not None:
                    yield self.result(local.start(), domain.end(), 1.0)
            at = text.find("@", at + 1)
