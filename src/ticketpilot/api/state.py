"""What one worker holds for its whole life: the runtime, the drafting engine, the signing
secret, the metrics and the page templates.

Built once per worker when the app starts (FastAPI's lifespan), from the same
:func:`~ticketpilot.runtime.build_runtime` the CLI uses. The drafting engine - the index, its
embedding model, the provider chain - is opened on the first draft and then shared by every
request of the worker (the index is safe to search from several threads).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from ticketpilot.access.service import signing_secret
from ticketpilot.api.callers import CallerCache
from ticketpilot.api.metrics import ServiceMetrics
from ticketpilot.api.vectors import SharedVectors
from ticketpilot.drafting.engine import DraftingEngine
from ticketpilot.drafting.result import DraftResult
from ticketpilot.drafting.service import drafting_engine
from ticketpilot.drafting.tokens import count_text
from ticketpilot.errors import TicketpilotError
from ticketpilot.retrieval.index import CACHE_FILE
from ticketpilot.retrieval.service import workspace_index
from ticketpilot.runtime import Runtime

RuntimeFactory = Callable[[], Runtime]
SESSION_MAX_AGE_S = 12 * 3600
"""A page session lasts one working day; the token behind it is checked on every request."""


class DraftingSeat:
    """The worker's one drafting engine, opened on first use (a missing index is an error for
    that request, not for the worker's start) and closed with the worker. Every drafting call
    it makes is recorded in the draft log (the engine's own recorder) and then counted by
    ``observe`` (the metrics)."""

    def __init__(self, runtime: Runtime, observe: Callable[[DraftResult], None]) -> None:
        self._runtime = runtime
        self._observe = observe
        self._engine: DraftingEngine | None = None
        self._vectors: SharedVectors | None = None
        self._lock = threading.Lock()
        self.opened = 0

    def engine(self) -> DraftingEngine:
        """The engine, opened by the first caller (others wait for it, then share it)."""
        if self._engine is None:
            with self._lock:
                if self._engine is None:
                    engine = drafting_engine(self._runtime)
                    engine.recorder = _then(engine.recorder, self._observe)
                    if engine.embed is not None:
                        index = workspace_index(self._runtime)
                        self._vectors = SharedVectors(index.embedder, index.path / CACHE_FILE)
                        engine.embed = self._vectors.embed
                    self._engine = engine
                    self.opened += 1
        return self._engine

    def warm(self) -> str | None:
        """Open the engine and load what its first draft would otherwise pay for (the index,
        its embedding model, the BPE tables: about 2 s on a loaded 2-core machine), so no
        agent waits for it. Returns why not when the workspace cannot draft yet (no index)."""
        try:
            engine = self.engine()
        except TicketpilotError as error:
            return str(error)
        count_text("warm up", engine.provider.model)
        workspace_index(self._runtime).embedder.embed(["warm up"])  # loads the model
        return None

    def close(self) -> None:
        with self._lock:
            if self._engine is not None:
                self._engine.close()
                self._engine = None
            if self._vectors is not None:
                self._vectors.close()
                self._vectors = None


def _then(
    first: Callable[[DraftResult], None] | None, second: Callable[[DraftResult], None]
) -> Callable[[DraftResult], None]:
    def record(result: DraftResult) -> None:
        if first is not None:
            first(result)
        second(result)

    return record


@dataclass
class AppState:
    """One worker's long-lived objects (see the module docstring)."""

    runtime: Runtime
    secret: bytes
    metrics: ServiceMetrics
    drafting: DraftingSeat
    session_max_age: int = SESSION_MAX_AGE_S
    callers: CallerCache = field(default_factory=CallerCache)
    not_warm: str | None = None
    """Why the drafting engine could not be opened at start (it is retried on first use)."""
    closed: bool = field(default=False)

    @classmethod
    def open(cls, runtime_factory: RuntimeFactory, metrics: ServiceMetrics) -> AppState:
        runtime = runtime_factory()
        seat = DraftingSeat(runtime, metrics.observe_draft)
        state = cls(runtime, signing_secret(runtime), metrics, seat)
        state.not_warm = seat.warm()
        return state

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            self.drafting.close()
            self.runtime.close()
