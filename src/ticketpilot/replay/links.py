"""The web domains a text links to, for the replay's "links outside its scope" figure.

A brand's replies link its own help site; a draft for that brand that links a domain none of
its replies ever named was most likely built from another brand's reply. ``domains_in`` reads
full URLs, ``www.`` links and bare domains (``help.acme.com``), and looks inside archive and
redirect links (``web.archive.org/web/2019.../https://acme.com/help``: the archived site is
what the customer sees, ``archive.org`` says nothing about whose it is). Domains are compared
by their registrable part (``help.acme.com`` and ``acme.com`` are one site).

>>> sorted(domains_in("See https://web.archive.org/web/20190512/https://help.acme.com/a/1"))
['acme.com', 'archive.org']
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_URL = re.compile(r"(?i)\b(?:https?://|www\.)[^\s<>\"'()\[\]{}]+")
_NESTED = re.compile(r"(?i)(?:https?://|/web/\d+[a-z_]*/)([a-z0-9.-]+\.[a-z]{2,24})")
_TLDS = (
    "com|net|org|io|co|info|biz|app|dev|help|support|shop|store|online|site|us|uk|de|fr|es|it|"
    "nl|eu|ca|au|in|jp|br|mx|ie|be|ch|at|se|no|dk|fi|pl|pt|nz|sg|za"
)
_BARE = re.compile(
    rf"(?i)(?<![\w.-])((?:[a-z0-9](?:[a-z0-9-]{{0,61}}[a-z0-9])?\.)+(?:{_TLDS}))(?![\w-])"
)
_SECOND_LEVEL = frozenset({"co", "com", "net", "org", "gov", "ac", "edu", "ne", "or"})


def registrable(host: str) -> str:
    """``help.acme.co.uk`` -> ``acme.co.uk``: the part of a host a company registers."""
    labels = host.lower().strip(".").split(":")[0].split(".")
    if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def _host(url: str) -> str:
    rest = re.sub(r"(?i)^https?://", "", url)
    return re.split(r"[/?#]", rest, maxsplit=1)[0]


def domains_in(text: str) -> set[str]:
    """The registrable domains ``text`` links to or names (archived sites included)."""
    found: set[str] = set()
    for match in _URL.finditer(text):
        url = match.group(0).rstrip(".,;:!?")
        found.add(registrable(_host(url)))
        found.update(registrable(inner) for inner in _NESTED.findall(url))
    stripped = _URL.sub(" ", text)
    found.update(registrable(m) for m in _BARE.findall(stripped))
    return {d for d in found if "." in d}


def foreign_domains(text: str, known: Iterable[str]) -> set[str]:
    """The domains ``text`` names that are not among ``known`` (registrable domains)."""
    return domains_in(text) - set(known)
