"""URL: only links that carry a personal token (reset links, session ids, signed URLs).

Plain links to public pages are not personal data and are left alone, unlike Presidio's URL
entity, which reports every link.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise
from urllib.parse import parse_qsl, urlsplit

from ticketpilot.pii.entities import EntityType, RecognizerResult
from ticketpilot.pii.recognizer import Recognizer
from ticketpilot.pii.scan import TextScan

_URL = re.compile(r"(?<![\w@.])(?:https?://|www\.)[^\s<>\"'`{}|\\^\[\]]+", re.IGNORECASE)
_TRAILING = ".,;:!?)'\"”’"
TOKEN_KEYS: frozenset[str] = frozenset({
    "token", "access_token", "id_token", "refresh_token", "auth", "auth_token", "authtoken",
    "key", "api_key", "apikey", "session", "sessionid", "session_id", "sid", "reset",
    "reset_token", "code", "otp", "signature", "sig", "x-amz-signature", "password", "pass",
    "pwd", "secret", "magic", "login", "invite", "verify", "verification", "confirm", "email",
    "user", "userid", "user_id", "uid", "customer", "customer_id", "account", "jwt", "hash",
})  # fmt: skip
_RANDOM_SEGMENT = re.compile(r"[A-Za-z0-9_-]{16,}")


class PersonalUrlRecognizer(Recognizer):
    """Links with a token-like query parameter (0.9) or a long random path segment (0.7)."""

    name = "personal_url"
    entity_type = EntityType.URL

    def applies(self, scan: TextScan) -> bool:
        return "://" in scan.text or "www." in scan.lower

    def find(self, scan: TextScan) -> Iterator[RecognizerResult]:
        for match in _URL.finditer(scan.text):
            url = match.group().rstrip(_TRAILING)
            score = personal_token_score(url)
            if score:
                yield self.result(match.start(), match.start() + len(url), score)


def personal_token_score(url: str) -> float:
    """0.9 for a token-like parameter, 0.7 for a random path segment, else 0."""
    try:
        parts = urlsplit(url if "://" in url else "https://" + url)
    except ValueError:
        return 0.0
    for params in (parts.query, parts.fragment):
        for key, value in parse_qsl(params, keep_blank_values=False):
            if key.lower() in TOKEN_KEYS and len(value) >= 6:
                return 0.9
    for segment in parts.path.split("/"):
        if _RANDOM_SEGMENT.fullmatch(segment) and _looks_random(segment):
            return 0.7
    return 0.0


def _looks_random(segment: str) -> bool:
    """A machine-made segment, not a slug of words: digits mixed into letters, or mixed case
    with few vowels or frequent case changes (random base-62 text has about one vowel in five
    letters and changes case every other letter; CamelCase words do neither)."""
    words = [w for w in re.split(r"[-_]", segment) if w]
    if all(w.isalpha() or w.isdigit() for w in words) and len(words) > 1:
        return False
    digits = sum(c.isdigit() for c in segment)
    letters = [c for c in segment if c.isalpha()]
    if digits >= 3 and len(letters) >= 3:
        return True
    if len(segment) < 20 or segment.islower() or segment.isupper():
        return False
    if digits:
        return True
    vowels = sum(c in "aeiouAEIOU" for c in letters)
    switches = sum(a.isupper() != b.isupper() for a, b in pairwise(letters))
    return vowels < 0.3 * len(letters) or switches > 0.42 * len(letters)
