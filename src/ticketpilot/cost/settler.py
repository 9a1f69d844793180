"""Settles written after the request returns: one thread per guard, jobs run in order.

The budget guard hands it the settles that lower a charge (the call cost no more than it held):
until one is written its reservation stays held in the ledger, so committed spend is briefly
higher than the truth, never lower. A settle that raises the charge is never handed here.
:meth:`Settler.flush` waits for what was handed over before it (the guard flushes before each
reservation, so one guard's calls see each other's settles as if written in line: with calls
seconds apart that wait is nil); :meth:`Settler.close` writes the rest and stops the thread. A process that dies with settles still queued leaves their reservations held;
the sweep charges them in full when they expire (over, never under).
"""

from __future__ import annotations

import logging
import os
import queue
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)

Job = Callable[[], object]


class Settler:
    """A daemon thread that runs submitted jobs in order (started on first use, per process)."""

    def __init__(self, name: str = "budget-settler") -> None:
        self._name = name
        self._jobs: queue.Queue[Job | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._pid = 0
        self._lock = threading.Lock()
        self._done = threading.Condition()
        self._submitted = self._finished = 0  # jobs of this process's thread

    def submit(self, job: Job) -> None:
        """Run ``job`` on the thread; a job that raises is logged, and the next one runs."""
        with self._lock:
            if self._thread is None or self._pid != os.getpid():
                self._jobs = queue.Queue()  # a forked child writes its own settles only
                self._pid = os.getpid()
                self._done = threading.Condition()
                self._submitted = self._finished = 0
                self._thread = threading.Thread(
                    target=self._run, args=(self._jobs, self._done), name=self._name, daemon=True
                )
                self._thread.start()
            self._submitted += 1
            self._jobs.put(job)

    def flush(self) -> None:
        """Wait until every job submitted before this call has run (not those submitted during)."""
        with self._lock:
            if self._thread is None or self._pid != os.getpid():
                return
            target, done = self._submitted, self._done
        with done:
            done.wait_for(lambda: self._finished >= target)

    def close(self, timeout_s: float = 30.0) -> None:
        """Run what is queued, then stop the thread (a later submit starts a new one)."""
        with self._lock:
            thread, jobs, self._thread = self._thread, self._jobs, None
        if thread is not None and self._pid == os.getpid():
            jobs.put(None)
            thread.join(timeout_s)

    def _run(self, jobs: queue.Queue[Job | None], done: threading.Condition) -> None:
        while (job := jobs.get()) is not None:
            try:
                job()
            except Exception:  # the thread outlives one bad settle; its hold expires in full
                log.exception("budget settle failed in the background")
            with done:
                self._finished += 1
                done.notify_all()
