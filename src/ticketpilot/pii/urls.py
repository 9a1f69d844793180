"""Links as single tokens: where a text's URLs are, and whether one carries personal data.

A URL is read as one token. Digits in its path (a web-archive timestamp
``web.archive.org/web/20190512093000/...``, a help-article id ``/articles/360012345678``, a
tracking or short link) are not a phone, a card or an order id, so the detector drops every
other finding inside a URL and the leak check skips them. What is personal in a link is judged
here, on the link as a whole: a token or personal value in its query (``?token=...``,
``?email=a@b.com``, ``?phone=...``, ``user=``), an e-mail, ``+``-phone or ``@handle`` as a path
segment, the segment after ``/users/`` or ``/profile/`` when it holds a digit, a social profile
(``twitter.com/jo_smith``), or a long random segment.
"""

from __future__ import annotations

import re
from itertools import pairwise
from urllib.parse import parse_qsl, unquote, urlsplit

#: ``https://...``, ``www....`` and scheme-less ``host.tld/path`` (``bit.ly/3xYz``,
#: ``web.archive.org/web/...``); the look-behind keeps e-mail domains and paths out.
URL_PATTERN = re.compile(
    r"(?<![\w@.+/-])(?:(?:https?|ftp)://|www\.|(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+"
    r"[a-z]{2,24}/)[^\s<>\"'`{}|\\^\[\]]*",
    re.IGNORECASE,
)
_TRAILING = ".,;:!?)'\"”’*"

#: Query keys whose value is a secret: a value of six characters or more makes the link personal.
TOKEN_KEYS: frozenset[str] = frozenset({
    "token", "access_token", "id_token", "refresh_token", "auth", "auth_token", "authtoken",
    "key", "api_key", "apikey", "session", "sessionid", "session_id", "sid", "reset",
    "reset_token", "code", "otp", "signature", "sig", "x-amz-signature", "password", "pass",
    "pwd", "secret", "magic", "login", "invite", "verify", "verification", "confirm", "jwt",
    "hash", "account", "customer_id", "userid", "user_id", "uid",
})  # fmt: skip
#: Query keys that name a person or their contact: any value of two characters or more.
PERSONAL_KEYS: frozenset[str] = frozenset({
    "email", "e-mail", "mail", "phone", "mobile", "tel", "msisdn", "user", "username",
    "user_name", "customer", "name", "first_name", "firstname", "last_name", "lastname",
    "fullname", "full_name", "handle", "screen_name", "ssn", "iban",
})  # fmt: skip
#: Path words after which the next segment identifies a person (when it holds a digit or "@").
USER_SEGMENTS: frozenset[str] = frozenset({
    "user", "users", "u", "profile", "profiles", "customer", "customers", "account", "accounts",
    "member", "members", "people", "person", "contacts", "contact",
})  # fmt: skip
#: Hosts whose first path segment is a person's handle, and the segments that are not handles.
SOCIAL_HOSTS: frozenset[str] = frozenset({
    "twitter.com", "x.com", "instagram.com", "facebook.com", "fb.com", "tiktok.com",
    "threads.net", "linkedin.com", "github.com", "medium.com", "youtube.com", "reddit.com",
})  # fmt: skip
_NOT_HANDLES: frozenset[str] = frozenset({
    "", "i", "home", "search", "hashtag", "intent", "share", "sharer", "explore", "help",
    "settings", "login", "signup", "about", "tos", "privacy", "messages", "notifications",
    "in", "company", "watch", "channel", "c", "r", "p", "reel", "reels", "status", "groups",
    "pages", "events", "hc", "support", "legal", "policies", "terms", "jobs", "download",
})  # fmt: skip
_RANDOM_SEGMENT = re.compile(r"[A-Za-z0-9_-]{16,}")
_EMAIL = re.compile(r"[\w.+%-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,24}")
_PHONE = re.compile(r"\+\d[\d .()-]{6,18}\d")
_HANDLE = re.compile(r"@\w{1,30}")


def url_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every link in ``text``, trailing punctuation left out."""
    if "/" not in text and "www." not in text.lower():
        return []
    spans = []
    for match in URL_PATTERN.finditer(text):
        url = match.group().rstrip(_TRAILING)
        if len(url) > 4:
            spans.append((match.start(), match.start() + len(url)))
    return spans


def personal_token_score(url: str) -> float:
    """How surely ``url`` carries personal data: 0.9 for a token or a personal value in its
    query, 0.8 for a personal path segment or a social profile, 0.7 for a random segment,
    else 0."""
    try:
        parts = urlsplit(url if "://" in url else "https://" + url)
        host = (parts.hostname or "").removeprefix("www.").removeprefix("mobile.")
    except ValueError:
        return 0.0
    for params in (parts.query, parts.fragment):
        for key, value in parse_qsl(params, keep_blank_values=False):
            if _personal_parameter(key.lower(), value):
                return 0.9
    segments = [unquote(s) for s in parts.path.split("/")]
    if _personal_path(segments) or _social_profile(host, segments):
        return 0.8
    if any(_RANDOM_SEGMENT.fullmatch(s) and _looks_random(s) for s in segments):
        return 0.7
    return 0.0


def _personal_parameter(key: str, value: str) -> bool:
    if key in TOKEN_KEYS:
        return len(value) >= 6
    if key in PERSONAL_KEYS:
        return len(value) >= 2
    return bool(_EMAIL.search(value) or _PHONE.fullmatch(value.strip()))


def _personal_path(segments: list[str]) -> bool:
    for before, segment in pairwise(["", *segments]):
        if _EMAIL.fullmatch(segment) or _PHONE.fullmatch(segment) or _HANDLE.fullmatch(segment):
            return True
        if before.lower() in USER_SEGMENTS and any(c.isdigit() or c in "@+" for c in segment):
            return True
    return False


def _social_profile(host: str, segments: list[str]) -> bool:
    if host not in SOCIAL_HOSTS or len(segments) < 2:
        return False
    first = segments[1].lstrip("@").lower()
    return first not in _NOT_HANDLES and re.fullmatch(r"[a-z0-9_.]{2,30}", first) is not None


def _looks_random(segment: str) -> bool:
    """A machine-made segment, not a slug of words: digits mixed into letters, or mixed case
    with few vowels or frequent case changes (random base-62 text has about one vowel in five
    letters and changes case every other letter; CamelCase words do neither)."""
    words = [w for w in re.split(r"[-_]", segment) if w]
    if segment.isdigit() or (all(w.isalpha() or w.isdigit() for w in words) and len(words) > 1):
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
