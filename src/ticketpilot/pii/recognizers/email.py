"""EMAIL_ADDRESS: local@domain.tld."""

from __future__ import annotations

import re

from ticketpilot.pii.entities import EntityType
from ticketpilot.pii.recognizer import RegexRecognizer
from ticketpilot.pii.scan import TextScan


class EmailRecognizer(RegexRecognizer):
    """E-mail addresses; the domain needs a dot and an alphabetic top-level label."""

    name = "email"
    entity_type = EntityType.EMAIL_ADDRESS
    pattern = re.compile(
        r"(?<![\w.+%-])[A-Za-z0-9_%+-]+(?:\.[A-Za-z0-9_%+-]+)*"
        r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![\w-])"
    )
    score = 1.0

    def applies(self, scan: TextScan) -> bool:
        return "@" in scan.text
