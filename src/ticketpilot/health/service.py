"""Readiness: every dependency of a draft answers, each with a reason when it does not.

``/readyz`` asks this on every probe. The database gets a ``SELECT 1``; the index is opened
through the runtime (the first probe opens it and loads the embedding model, so a worker reports
ready only once the first draft will not pay that price) and must hold tickets.
"""

from __future__ import annotations

from dataclasses import dataclass

from ticketpilot.errors import TicketpilotError
from ticketpilot.retrieval.service import workspace_index
from ticketpilot.runtime import Runtime
from ticketpilot.store.engine import ping


@dataclass(frozen=True, slots=True)
class Probe:
    """One dependency: whether it answered, and what it said."""

    name: str
    ok: bool
    detail: str


@dataclass(frozen=True, slots=True)
class Readiness:
    """All probes; ready when every one is ok."""

    probes: tuple[Probe, ...]

    @property
    def ready(self) -> bool:
        return all(p.ok for p in self.probes)

    def reason(self) -> str:
        """The failing probes in one line ('' when ready)."""
        return "; ".join(f"{p.name}: {p.detail}" for p in self.probes if not p.ok)


def _database(runtime: Runtime) -> Probe:
    problem = ping(runtime.engine)
    if problem is not None:
        return Probe("database", False, problem)
    return Probe("database", True, f"{runtime.engine.url.get_backend_name()} answers")


def _index(runtime: Runtime) -> Probe:
    try:
        index = workspace_index(runtime, embedder=runtime.charter.retrieval.embedder,
                                purpose="drafting retrieves past tickets")  # fmt: skip
    except TicketpilotError as error:
        return Probe("index", False, str(error))
    size = len(index)
    if size == 0:
        return Probe("index", False, "the index holds no tickets: import history, then run "
                                     "`ticketpilot index`")  # fmt: skip
    return Probe("index", True, f"{size:,} past tickets searchable")


def readiness(runtime: Runtime) -> Readiness:
    """Probe the database and the index."""
    return Readiness((_database(runtime), _index(runtime)))
