"""Who a token or a session belongs to, remembered for a few seconds per worker.

Every request is authenticated; looking the token's hash up in the database each time costs a
query and a trip to the threadpool (about a quarter of a feedback request on PostgreSQL). A
worker therefore keeps what it found for ``ttl`` seconds (default 5): a revoked token keeps
working for at most that long on a worker that has just seen it, and an unknown token is never
remembered (each attempt goes to the database). Keys are the tokens' SHA-256, never tokens.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from ticketpilot.access import Principal

DEFAULT_TTL_S = 5.0
_LIMIT = 10_000


class CallerCache:
    """Principals by key (a token's hash, or ``session:<token id>``) for ``ttl`` seconds."""

    def __init__(
        self, ttl: float = DEFAULT_TTL_S, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.ttl = ttl
        self.clock = clock
        self._entries: dict[str, tuple[float, Principal]] = {}
        self._lock = threading.Lock()

    def get(self, key: str) -> Principal | None:
        """The principal remembered under ``key``, if still fresh."""
        entry = self._entries.get(key)
        if entry is None or self.clock() - entry[0] >= self.ttl:
            return None
        return entry[1]

    def put(self, key: str, principal: Principal) -> None:
        """Remember ``principal`` (known good) under ``key`` from now."""
        with self._lock:
            if len(self._entries) >= _LIMIT:
                self._entries.clear()
            self._entries[key] = (self.clock(), principal)
