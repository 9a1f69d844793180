"""Measuring the memory ticketpilot's own code holds while it runs, for tests of streaming.

:class:`OwnMemory` samples, at checkpoints the test chooses, the Python memory whose allocation
happened in a ticketpilot module (tracemalloc, innermost frame). Library caches that fill once
and stop (SQLAlchemy's compiled statements, the sqlite3 module's) are left out, so a test can
compare a small file with a large one and see only what grows with the file.
"""

from __future__ import annotations

import tracemalloc
from types import TracebackType

_OWN = tracemalloc.Filter(True, "*/ticketpilot/*")
BOOKKEEPING = 256 * 1024
"""Slack for bounded bookkeeping that our calls allocate and the driver keeps a while: the
sqlite3 module holds up to 200 cursor references per connection before it prunes them, and a
longer import reaches that bound where a short one does not (seen: 96 KB vs 200 KB)."""


def flat(small: int, large: int) -> bool:
    """Whether ``large`` (ten times the input of ``small``) is no more than a quarter above it,
    give or take :data:`BOOKKEEPING`: what holds every record costs ten times as much."""
    return large < 1.25 * small + BOOKKEEPING


class OwnMemory:
    """``with OwnMemory() as memory: ... memory.sample() ...``; then ``memory.peak``."""

    def __init__(self) -> None:
        self.samples: list[int] = []

    def __enter__(self) -> OwnMemory:
        tracemalloc.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        tracemalloc.stop()

    def sample(self) -> None:
        """Record the memory ticketpilot's code holds now."""
        snapshot = tracemalloc.take_snapshot().filter_traces([_OWN])
        self.samples.append(sum(stat.size for stat in snapshot.statistics("filename")))

    @property
    def peak(self) -> int:
        return max(self.samples)
