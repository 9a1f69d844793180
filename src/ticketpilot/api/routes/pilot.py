"""The pilot's figures and status (leads): the same report as ``ticketpilot pilot status``."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query

from ticketpilot.api.deps import LeadUser, RuntimeDep
from ticketpilot.pilot.service import pilot_report

router = APIRouter(prefix="/api/v1", tags=["pilot"])


@router.get("/pilot/status")
def status(
    _: LeadUser,
    runtime: RuntimeDep,
    pilot: Annotated[
        Literal["live", "rehearsal"],
        Query(description="live: real tickets; rehearsal: the last `ticketpilot pilot simulate`."),
    ] = "live",
) -> dict[str, Any]:
    """Every pilot figure with its 95% fixed-sample and always-valid intervals and n, the
    status in words by the stated decision rule, per category and per prompt version, and the
    sample-ratio check (run on every call); with a charter ``[experiment]``, ``experiment``: each
    variant against control and against the reference, and the sample ratio across variants.
    Methods: docs/pilot.md."""
    return pilot_report(runtime, pilot=pilot).as_dict()
