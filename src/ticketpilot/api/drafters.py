"""Where a worker's drafts are computed: in its threadpool, or in processes of its own.

A draft is CPU-bound Python (the query's embedding, retrieval, the extractive consensus, the
checks: ~40 ms of CPU with its past replies' vectors cached, several times that while it
embeds them). Computed in a request worker, it holds the interpreter lock and a core
while the feedback and ingest requests beside it wait. With ``ticketpilot serve
--draft-processes N`` (default 1; 0 drafts in the worker, :class:`InProcessDrafter`) each
worker hands the computation to a :class:`DraftPool` of N processes, started with ``spawn`` at
a lower CPU priority (``--draft-nice``, ``os.nice``): the worker awaits the result without holding its event
loop or a threadpool thread, and the operating system gives the cores to the request handlers
first. The storage around a draft - the first view, the draft log, the link to the ticket, the
``shown`` event - stays in the worker, in the pilot service; a pool process only reads the
workspace's index (with a priced model, its budget guard also reserves and settles).

Each pool process builds its own runtime from the worker's workspace folder and environment
(:class:`DraftSetup`, the same :func:`~ticketpilot.runtime.build_runtime` as ``serve``), with
the default embedder on one onnxruntime thread, opens its :class:`DraftingSeat` once and warms
it before it takes a draft. A process that dies
(killed, out of memory) breaks the pool: the drafts waiting on it answer 503 with the reason
(:class:`~ticketpilot.errors.DraftingUnavailable`) and a new pool starts for the next ones.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from starlette.concurrency import run_in_threadpool

from ticketpilot.api.vectors import SharedVectors
from ticketpilot.drafting.engine import DraftingEngine, DraftRequest
from ticketpilot.drafting.result import DraftResult
from ticketpilot.drafting.service import (
    VariantChoice,
    draft_request,
    drafting_engine,
    variant_drafting,
)
from ticketpilot.drafting.tokens import count_text
from ticketpilot.errors import DraftingUnavailable, TicketpilotError
from ticketpilot.retrieval import onnx_minilm
from ticketpilot.retrieval.index import CACHE_FILE
from ticketpilot.retrieval.service import workspace_index
from ticketpilot.runtime import Runtime, build_runtime
from ticketpilot.server.service import DEFAULT_DRAFT_NICE

_WARM_S = 300.0  # a worker's start waits this long at most for its drafting processes


class Drafter(Protocol):
    """Computes a worker's drafts (the pilot service stores them)."""

    async def draft(
        self, request: DraftRequest, variant: VariantChoice = (None, None)
    ) -> DraftResult:
        """The draft for a stored ticket's ``request`` (recorded by nobody yet), with an
        experiment ``variant``'s prompt template and model where it has one."""
        ...

    def warm(self) -> str | None:
        """Load what the first draft would pay for; why not, when the workspace cannot draft."""
        ...

    def close(self) -> None:
        """Release the engine (and stop the processes)."""
        ...


class DraftingSeat:
    """One drafting engine, opened on first use (a missing index is an error for that draft,
    not for the worker's start) and closed with its owner. Its engine records nothing: the
    pilot service writes the draft to the log when it links it to the ticket."""

    def __init__(self, runtime: Runtime) -> None:
        self._runtime = runtime
        self._engine: DraftingEngine | None = None
        self._vectors: SharedVectors | None = None
        self._lock = threading.Lock()
        self.opened = 0

    def engine(self) -> DraftingEngine:
        """The engine, opened by the first caller (others wait for it, then share it)."""
        if self._engine is None:
            with self._lock:
                if self._engine is None:
                    engine = drafting_engine(self._runtime, record=False)
                    if engine.embed is not None:  # past replies' vectors from the disk cache
                        index = workspace_index(self._runtime)
                        self._vectors = SharedVectors(index.embedder, index.path / CACHE_FILE)
                        engine.embed = self._vectors.embed
                    self._engine = engine
                    self.opened += 1
        return self._engine

    def draft(self, request: DraftRequest, variant: VariantChoice = (None, None)) -> DraftResult:
        with variant_drafting(self._runtime, self.engine(), *variant) as engine:
            return draft_request(engine, request)

    def warm(self) -> str | None:
        """Open the engine and load its index, embedding model and BPE tables (about 2 s on a
        loaded 2-core machine), so no agent waits for them; why not when there is no index."""
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


class InProcessDrafter:
    """Drafts in the worker's threadpool (``--draft-processes 0``)."""

    def __init__(self, runtime: Runtime) -> None:
        self.seat = DraftingSeat(runtime)

    @property
    def opened(self) -> int:
        return self.seat.opened

    async def draft(
        self, request: DraftRequest, variant: VariantChoice = (None, None)
    ) -> DraftResult:
        return await run_in_threadpool(self.seat.draft, request, variant)

    def warm(self) -> str | None:
        return self.seat.warm()

    def close(self) -> None:
        self.seat.close()


@dataclass(frozen=True, slots=True)
class DraftSetup:
    """What a pool process builds its runtime from: sent to each process it starts."""

    workspace: Path
    environ: dict[str, str] = field(default_factory=dict)
    nice: int = DEFAULT_DRAFT_NICE
    """How much lower the process's CPU priority is than the worker's (``os.nice``)."""

    @classmethod
    def of(cls, runtime: Runtime, *, nice: int = DEFAULT_DRAFT_NICE) -> DraftSetup:
        return cls(runtime.workspace.root, dict(runtime.environ), nice)


class DraftPool:
    """``processes`` drafting processes of one worker (see the module docstring);
    ``on_restart`` is told each time a broken pool is replaced."""

    def __init__(
        self, setup: DraftSetup, processes: int, on_restart: Callable[[], None] | None = None
    ) -> None:
        if processes < 1:
            raise TicketpilotError(f"draft processes {processes}: at least 1 (0: in-process)")
        self.setup = setup
        self.processes = processes
        self.restarts = 0
        self._on_restart = on_restart
        self._lock = threading.Lock()
        self._executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            self.processes, mp_context=multiprocessing.get_context("spawn"),
            initializer=_open_seat, initargs=(self.setup,),
        )  # fmt: skip

    async def draft(
        self, request: DraftRequest, variant: VariantChoice = (None, None)
    ) -> DraftResult:
        executor = self._executor
        try:
            return await asyncio.wrap_future(executor.submit(_draft, request, variant))
        except BrokenProcessPool as error:
            self._restart(executor)
            raise DraftingUnavailable(
                "the drafting process stopped before this draft was done (killed, or out of "
                "memory); a new one is starting: try again in a few seconds"
            ) from error

    def _restart(self, broken: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._executor is not broken:  # another request restarted it already
                return
            broken.shutdown(wait=False, cancel_futures=True)
            self._executor = self._start()
            self._executor.submit(_pid)  # starts (and warms) a process now, not on the next draft
            self.restarts += 1
        if self._on_restart is not None:
            self._on_restart()

    def warm(self) -> str | None:
        """Start the processes and wait until each has opened and warmed its engine (drafts
        submitted meanwhile wait for it); why not, when they cannot draft yet."""
        futures = [self._executor.submit(_not_warm) for _ in range(self.processes)]
        try:
            reasons = [reason for reason in (f.result(_WARM_S) for f in futures) if reason]
        except TimeoutError:
            return f"the drafting processes were not ready after {_WARM_S:.0f} s"
        except BrokenProcessPool as error:
            self._restart(self._executor)
            return f"a drafting process stopped while starting ({error})"
        return reasons[0] if reasons else None

    def pids(self) -> set[int]:
        """The process ids of the pool's live processes (for operators and tests)."""
        processes = dict(getattr(self._executor, "_processes", None) or {})
        return {pid for pid, process in processes.items() if process.is_alive()}

    def close(self) -> None:
        with self._lock:
            self._executor.shutdown(wait=True, cancel_futures=True)


# --- inside a pool process -------------------------------------------------------------------

_seat: DraftingSeat | None = None
_not_warm_reason: str | None = None


def _open_seat(setup: DraftSetup) -> None:
    """The pool process's initializer: lower priority, leave Ctrl+C to the worker (the terminal
    sends it to the whole process group), end with the worker, open and warm the engine. Never
    raises: an initializer error would break the pool for good; the reason is kept instead."""
    global _seat, _not_warm_reason  # noqa: PLW0603 - this process's one engine
    os.nice(setup.nice)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_end_with, args=(os.getppid(),), daemon=True).start()
    try:
        runtime = build_runtime(setup.workspace, environ=setup.environ)
        # one draft at a time, one short query: onnxruntime's second thread only spins (measured:
        # 68 -> 37 ms of CPU per draft, and ~20 ms a second while idle, on 2 cores)
        runtime.embedders.register(onnx_minilm.NAME, _one_thread_minilm, replace=True)
        _seat = DraftingSeat(runtime)
        _not_warm_reason = _seat.warm()
    except TicketpilotError as error:
        _not_warm_reason = str(error)
    except Exception as error:  # a library's failure: kept as the reason, the pool stays usable
        _not_warm_reason = f"{type(error).__name__}: {error}"


def _one_thread_minilm() -> onnx_minilm.OnnxMiniLMEmbedder:
    return onnx_minilm.OnnxMiniLMEmbedder(threads=1)


def _end_with(parent: int) -> None:
    """Exit when the worker that started this process is gone (killed without a shutdown)."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(0)


def _draft(request: DraftRequest, variant: VariantChoice) -> DraftResult:
    if _seat is None:
        raise DraftingUnavailable(f"the drafting process could not start: {_not_warm_reason}")
    return _seat.draft(request, variant)


def _not_warm() -> str | None:
    return _not_warm_reason


def _pid() -> int:
    return os.getpid()
