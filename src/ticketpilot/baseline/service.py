"""The baseline use case: stored history -> baseline figures (kept) -> the value model.

Shared by ``ticketpilot baseline`` and the demo lifecycle.
"""

from __future__ import annotations

from ticketpilot.baseline.report import BaselineReport, compute_baseline
from ticketpilot.baseline.value import ValueModel, value_model
from ticketpilot.errors import TicketpilotError
from ticketpilot.runtime import Runtime
from ticketpilot.store.baselines import load_history, save_baseline


def run_baseline(runtime: Runtime) -> tuple[BaselineReport, ValueModel]:
    """Compute the baseline from the stored history, keep it, and derive the value model."""
    history = load_history(runtime.engine)
    if not history.created_at:
        raise TicketpilotError(
            "no tickets in this workspace yet: run `ticketpilot import FILE` first"
        )
    report = compute_baseline(history)
    save_baseline(runtime.engine, report, runtime.clock())
    return report, value_model(runtime.charter, report)
