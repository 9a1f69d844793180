"""IP_ADDRESS: dotted-quad IPv4 and IPv6 (validated by the standard library)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ticketpilot.pii.context import ContextRule
from ticketpilot.pii.entities import EntityType, RecognizerResult
from ticketpilot.pii.recognizer import Recognizer
from ticketpilot.pii.scan import TextScan
from ticketpilot.pii.validators import ipv6_valid

_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
_IPV4 = re.compile(rf"(?<![\w.])(?:{_OCTET}\.){{3}}{_OCTET}(?![\w]|\.\d)")
_IPV6_HINT = re.compile(r":[0-9A-Fa-f]{0,4}:")
_IPV6 = re.compile(
    r"(?<![\w:.])(?:[0-9A-Fa-f]{1,4}:{1,2}|::)(?:[0-9A-Fa-f]{1,4}:{1,2}){1,7}"
    r"(?:(?:\d{1,3}\.){3}\d{1,3}|[0-9A-Fa-f]{1,4})?(?![\w:])"
)


class IpAddressRecognizer(Recognizer):
    """IPv4 (0.8, lowered next to "version", "build"...) and IPv6 (0.9)."""

    name = "ip_address"
    entity_type = EntityType.IP_ADDRESS
    context = ContextRule(
        boost_words=("ip", "ip address", "ipv4", "ipv6", "address", "server", "host", "vpn",
                     "logged in from", "login from", "network", "router", "proxy"),
        penalty_words=("version", "ver", "build", "release", "firmware", "ios", "android",
                       "update", "app", "patch", "chrome", "windows", "macos", "os", "software"),
    )  # fmt: skip

    def find(self, scan: TextScan) -> Iterator[RecognizerResult]:
        text = scan.text
        for pos, endpos in scan.windows(4):
            for match in _IPV4.finditer(text, pos, endpos):
                yield self.result(match.start(), match.end(), 0.8)
        hint = _IPV6_HINT.search(text) if ":" in text else None
        if hint is not None:
            for match in _IPV6.finditer(text, max(0, hint.start() - 40)):
                candidate = match.group()
                groups = [g for g in re.split(r"[:.]", candidate) if g]
                if len(groups) >= 3 and ipv6_valid(candidate):
                    yield self.result(match.start(), match.end(), 0.9)
