"""The pilot simulator: seeded, consistent events, and intervals that cover its known truth."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import replace

import numpy as np
import pytest

from pilot_scenarios import START
from ticketpilot.errors import PilotError
from ticketpilot.pilot import (
    AgentModel,
    CohortDesign,
    Edited,
    PilotSettings,
    ReplayOutcome,
    event_record,
    expected_acceptance,
    pilot_metrics,
    simulate_pilot,
)
from ticketpilot.pilot.metrics import metric_set
from ticketpilot.pilot.outcomes import tabulate

HALF = CohortDesign(salt="rehearsal", treatment_share=0.5, control_share=0.5)
SETTINGS = PilotSettings()


def _pool(size: int = 200, seed: int = 1) -> list[ReplayOutcome]:
    """Replay rows as the replay's default drafter leaves them."""
    rng = np.random.default_rng(seed)
    return [
        ReplayOutcome(
            ticket_id=f"R-{i}",
            category=str(rng.choice(["billing", "shipping", "returns"])),
            delivered=bool(rng.uniform() < 0.9),
            similarity=float(rng.uniform(0.35, 0.85)),
            grounding_failed=bool(rng.uniform() < 0.05),
            latency_ms=float(rng.lognormal(6.6, 0.3)),
            prompt_version=str(rng.choice(["reply-v1", "reply-v2"])),
            reason="ok",
            draft_chars=int(rng.integers(150, 600)),
            reply_chars=int(rng.integers(150, 600)),
            edit_distance=int(rng.integers(10, 140)) if i % 2 else None,
        )
        for i in range(size)
    ]


def test_seeded_and_deterministic() -> None:
    pool = _pool()
    first = simulate_pilot(pool, HALF, days=2, tickets_per_day=50, start=START, seed=3)
    again = simulate_pilot(pool, HALF, days=2, tickets_per_day=50, start=START, seed=3)
    other = simulate_pilot(pool, HALF, days=2, tickets_per_day=50, start=START, seed=4)
    assert [event_record(e) for e in first] == [event_record(e) for e in again]
    assert [event_record(e) for e in first] != [event_record(e) for e in other]
    assert [e.at for e in first] == sorted(e.at for e in first)


def test_every_ticket_has_a_consistent_life() -> None:
    pool = _pool()
    design = CohortDesign(salt="rehearsal", treatment_share=0.1, control_share=0.1)
    events = simulate_pilot(pool, design, days=3, tickets_per_day=400, start=START, seed=1)
    kinds: dict[str, list[str]] = defaultdict(list)
    for event in events:
        kinds[event.ticket_id].append(event.kind)
    arms = Counter(design.arm(t) for t in kinds)
    assert arms["outside"] == 0 and arms["treatment"] > 50 and arms["control"] > 50
    for ticket_id, seen in kinds.items():
        counts = Counter(seen)
        assert counts["assigned"] == 1 and counts["resolved"] == 1
        assert sum(counts[k] for k in ("accepted", "edited", "rejected", "handled")) == 1
        if design.arm(ticket_id) == "control":
            assert set(seen) <= {"assigned", "handled", "resolved", "rated"}
        else:
            assert counts["shown"] + counts["withheld"] == 1
            if counts["flagged"]:
                assert counts["accepted"] == 0  # a flagged draft is never sent unchanged
    edited_events = [e for e in events if isinstance(e, Edited)]
    assert edited_events and all(1 <= e.distance <= max(e.draft_chars, e.sent_chars)
                                 for e in edited_events)  # fmt: skip
    data = tabulate(events, design)
    assert data.health.problems() == []


def test_reported_acceptance_interval_covers_the_known_truth() -> None:
    """100 seeded rehearsals; the 95% interval must cover the true rate in at least 93."""
    pool = _pool()
    truth = expected_acceptance(pool, AgentModel())
    assert 0.3 < truth < 0.7
    fixed = always = 0
    for seed in range(100):
        events = simulate_pilot(pool, HALF, days=3, tickets_per_day=80, start=START, seed=seed)
        table = tabulate(events, HALF).table  # the overall figures, as pilot_metrics computes them
        acceptance = metric_set(table, "all", 3.0, HALF, SETTINGS).acceptance
        assert acceptance.n > 60
        fixed += acceptance.fixed.contains(truth)
        always += acceptance.always_valid.contains(truth)
    assert fixed >= 93
    assert always >= 93


def test_the_agent_model_moves_the_figures_it_claims_to() -> None:
    pool = _pool()
    keen = AgentModel(accept_threshold=0.45)
    assert expected_acceptance(pool, keen) > expected_acceptance(pool, AgentModel()) + 0.2
    failing = [replace(o, grounding_failed=True, delivered=True) for o in pool]
    assert expected_acceptance(failing, AgentModel()) < 0.25 * expected_acceptance(
        pool, AgentModel()
    )

    def reduction(model: AgentModel) -> float:
        events = simulate_pilot(pool, HALF, days=4, tickets_per_day=400, start=START, model=model)
        change = pilot_metrics(events, HALF, SETTINGS).overall.editing_time.change
        assert change is not None
        return -change

    assert reduction(AgentModel(max_saving=0.8)) > reduction(AgentModel(max_saving=0.2)) + 0.15
    flags = pilot_metrics(simulate_pilot(failing, HALF, days=2, tickets_per_day=300, start=START),
                          HALF, SETTINGS).overall  # fmt: skip
    assert flags.hallucination_flagged.rate == pytest.approx(0.8, abs=0.05)
    critical = flags.hallucination_by_severity["critical"].successes
    assert critical / flags.hallucination_flagged.successes == pytest.approx(0.1, abs=0.05)


def test_bad_inputs() -> None:
    with pytest.raises(PilotError, match="at least one replayed ticket"):
        simulate_pilot([], HALF, days=1, tickets_per_day=10, start=START)
    with pytest.raises(PilotError, match="severity_mix"):
        AgentModel(severity_mix=(0.5, 0.5, 0.5))
    with pytest.raises(PilotError, match="no replayed ticket delivered"):
        expected_acceptance([replace(o, delivered=False) for o in _pool(5)], AgentModel())
