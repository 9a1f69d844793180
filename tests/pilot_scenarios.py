"""Constructed pilots for the pilot tests: event streams with chosen true rates and times.

Tickets get real ids that the cohort design really puts in each arm (so the sample-ratio check
sees what a real pilot would), and outcomes drawn from a seeded generator around the values a
:class:`Scenario` states.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np

from ticketpilot.pilot import (
    Accepted,
    Assigned,
    CohortDesign,
    Edited,
    Flagged,
    Handled,
    PilotEvent,
    Rated,
    Rejected,
    Resolved,
    Shown,
)

START = datetime(2026, 3, 2, 8, 0)
DESIGN = CohortDesign(salt="scenario", treatment_share=0.1, control_share=0.1)


@dataclass(frozen=True)
class Scenario:
    """A pilot's true values; every treatment ticket is shown a draft."""

    days: int = 10
    per_arm_per_day: int = 40
    acceptance: float = 0.65
    edited_share_of_rest: float = 0.7
    flag_rate: float = 0.01
    latency_ms: float = 900.0
    treatment_seconds: float = 500.0
    control_seconds: float = 720.0
    sigma: float = 0.5
    treatment_hours: float = 16.0
    control_hours: float = 18.0
    treatment_csat: float = 4.2
    control_csat: float = 4.1
    treatment_logged: float = 1.0  # share of treatment tickets whose events arrive (SRM)
    category: str = "shipping"
    prompt_version: str = "reply-v1"
    seed: int = 0


def arm_ids(design: CohortDesign, arm: str, count: int, prefix: str = "T") -> list[str]:
    """The first ``count`` ids ``{prefix}-{i}`` that ``design`` puts in ``arm``."""
    found: list[str] = []
    i = 0
    while len(found) < count:
        candidate = f"{prefix}-{i}"
        if design.arm(candidate) == arm:
            found.append(candidate)
        i += 1
    return found


def events_of(s: Scenario, design: CohortDesign = DESIGN, prefix: str = "T") -> list[PilotEvent]:
    """The events of the scenario's pilot."""
    rng = np.random.default_rng(s.seed)
    n = s.days * s.per_arm_per_day
    events: list[PilotEvent] = []
    for arm in ("treatment", "control"):
        ids = arm_ids(design, arm, n, prefix)
        if arm == "treatment":
            ids = [t for t in ids if rng.uniform() < s.treatment_logged]
        for k, ticket_id in enumerate(ids):
            at = START + timedelta(
                days=k // s.per_arm_per_day, seconds=float(rng.uniform(0, 86_000))
            )
            events.extend(_ticket(s, rng, arm, ticket_id, at))
    return events


def _ticket(
    s: Scenario, rng: np.random.Generator, arm: str, ticket_id: str, at: datetime
) -> list[PilotEvent]:
    treated = arm == "treatment"
    mean = s.treatment_seconds if treated else s.control_seconds
    seconds = float(rng.lognormal(np.log(mean) - s.sigma**2 / 2, s.sigma))
    sent = at + timedelta(seconds=seconds)
    out: list[PilotEvent] = [Assigned(ticket_id, at, s.category)]
    if treated:
        out.append(Shown(ticket_id, at, s.prompt_version, float(rng.normal(s.latency_ms, 100))))
        draw = rng.uniform()
        if draw < s.acceptance:
            out.append(Accepted(ticket_id, sent, seconds))
        elif rng.uniform() < s.edited_share_of_rest:
            out.append(Edited(ticket_id, sent, int(rng.integers(5, 120)), 400, 410, seconds))
        else:
            out.append(Rejected(ticket_id, sent, seconds))
        if rng.uniform() < s.flag_rate:
            out.append(Flagged(ticket_id, sent, "major"))
    else:
        out.append(Handled(ticket_id, sent, seconds))
    hours_mean = s.treatment_hours if treated else s.control_hours
    hours = float(rng.lognormal(np.log(hours_mean) - 0.32, 0.8))
    out.append(Resolved(ticket_id, at + timedelta(hours=hours), hours))
    if rng.uniform() < 0.4:
        csat = s.treatment_csat if treated else s.control_csat
        score = float(np.clip(np.rint(rng.normal(csat, 0.9)), 1, 5))
        out.append(Rated(ticket_id, at + timedelta(hours=hours + 1), score))
    return out
