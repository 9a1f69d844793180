"""URL: only links that carry personal data (reset links, session ids, e-mails, user pages).

Plain links to public pages are not personal data and are left alone, unlike Presidio's URL
entity, which reports every link. What makes a link personal is judged on the whole link
(:func:`ticketpilot.pii.urls.personal_token_score`); the detector reads every link as one token,
so the digits of a public link are never a phone or a card either.
"""

from __future__ import annotations

from collections.abc import Iterator

from ticketpilot.pii.entities import EntityType, RecognizerResult
from ticketpilot.pii.recognizer import Recognizer
from ticketpilot.pii.scan import TextScan
from ticketpilot.pii.urls import personal_token_score


class PersonalUrlRecognizer(Recognizer):
    """Links with a token or personal value in the query (0.9), a personal path segment or a
    social profile (0.8), or a long random path segment (0.7)."""

    name = "personal_url"
    entity_type = EntityType.URL

    def applies(self, scan: TextScan) -> bool:
        return bool(scan.urls)

    def find(self, scan: TextScan) -> Iterator[RecognizerResult]:
        for start, end in scan.urls:
            score = personal_token_score(scan.text[start:end])
            if score:
                yield self.result(start, end, score)
