"""The seam between the drafting engine and a budget: admit a paid call first, settle it after.

Before generating, the engine asks its guard (if it has one) to :meth:`~GenerationGuard.admit`
the request it is about to send through the provider it would use. The :class:`Admission` names
the provider to call - that one, or a cheaper one - or none, and then ``reason`` says why a human
gets the ticket. After the call, whatever happened, the engine hands the generation (``None``
when the call failed) to :meth:`~GenerationGuard.settle`. ``ticketpilot.cost.guard`` implements
it over a budget ledger; the engine knows nothing about money.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from ticketpilot.drafting.providers import Generation, GenerationRequest, Provider


@dataclass(frozen=True)
class Admission:
    """What the guard allows: ``provider`` to call, or None (a human, for ``reason``).

    With a provider, ``reason`` (if any) is recorded on the draft as a flag, e.g.
    ``budget_degraded``. ``hold`` is the guard's own handle for :meth:`GenerationGuard.settle`.
    """

    provider: Provider | None
    reason: str | None = None
    hold: object = None


class GenerationGuard(Protocol):
    """Admits generations before they run and settles them after (see the module docstring)."""

    def admit(self, request: GenerationRequest, provider: Provider) -> Admission: ...

    def settle(self, admission: Admission, generation: Generation | None) -> None: ...
