"""Batch writes on a background thread, so reading the next batch overlaps storing this one.

The import reads, checks and hashes a batch in Python, then stores it. With PostgreSQL the
store is mostly waiting on the server process, so :class:`BatchWriter` can run it on one worker
thread while the caller reads on: at most one write in flight, in the order submitted, so memory
holds one batch being read and one being written, never a queue. (With SQLite the store is the
client's own CPU work, mostly under the GIL; a thread only adds contention, so writes run inline.)

While the thread runs, the interpreter's switch interval is lowered from 5 ms to
:data:`SWITCH_INTERVAL`: the writer wakes from the network many times per batch and would
otherwise wait up to 5 ms each time for the reading thread to yield the GIL (a 200,000-ticket
import into PostgreSQL took 13.9 s with the default, 9.8 s with this).

A failed write is raised in the caller at its next :meth:`~BatchWriter.submit` or at
:meth:`~BatchWriter.wait`; the batches after it are never started. Closing waits for the write in
flight, so an interrupted import still ends on a whole, committed batch.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from types import TracebackType
from typing import TypeVarTuple

Args = TypeVarTuple("Args")

SWITCH_INTERVAL = 0.0002
"""Seconds between the interpreter's forced GIL hand-overs while a background writer runs."""


class BatchWriter:
    """Runs write jobs one after another: on a single worker thread, or inline."""

    def __init__(self, *, background: bool) -> None:
        self._pool: ThreadPoolExecutor | None = None
        self._in_flight: Future[None] | None = None
        self._saved_interval: float | None = None
        if background:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ticketpilot-write")
            self._saved_interval = sys.getswitchinterval()
            sys.setswitchinterval(min(self._saved_interval, SWITCH_INTERVAL))

    def submit(self, job: Callable[[*Args], None], *args: *Args) -> None:
        """Wait for the write in flight (raising its error), then start ``job(*args)``."""
        self.wait()
        if self._pool is None:
            job(*args)
        else:
            self._in_flight = self._pool.submit(job, *args)

    def wait(self) -> None:
        """Block until the write in flight is done; raise its error if it failed."""
        in_flight, self._in_flight = self._in_flight, None
        if in_flight is not None:
            in_flight.result()

    def close(self) -> None:
        """Wait for the write in flight, stop the thread, restore the switch interval."""
        try:
            self.wait()
        finally:
            if self._pool is not None:
                self._pool.shutdown(wait=True)
                self._pool = None
            if self._saved_interval is not None:
                sys.setswitchinterval(self._saved_interval)
                self._saved_interval = None

    def __enter__(self) -> BatchWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
