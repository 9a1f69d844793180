"""Rehearse a pilot before agents see a draft: agents played over the shadow replay's results.

Input: one :class:`ReplayOutcome` per replayed ticket (what the replay found: was a draft
delivered, its similarity to the reply the agent really sent, a grounding failure, latency).
Output: the very event records the feedback service stores (:mod:`ticketpilot.pilot.events`),
so the metrics, the status and the pages run on a rehearsal exactly as on a real pilot.

The ticket stream: each day brings Poisson(``tickets_per_day``) tickets with synthetic ids; the
cohort design assigns them (so the arms carry the design's real hashing noise); each pilot
ticket replays a replayed ticket drawn at random with replacement. The agent model
(:class:`AgentModel`, every parameter documented in ``docs/pilot.md``):

* a delivered draft is **flagged** as a hallucination with probability ``flag_detected`` when
  the replay found a grounding failure (the checks showed a warning), else ``flag_undetected``;
  severity from ``severity_mix`` (minor, major, critical); a flagged draft is never accepted;
* otherwise it is **accepted** unchanged with probability
  ``sigmoid((similarity - accept_threshold) / accept_width)``; if not, **rejected** with
  probability ``sigmoid((reject_below - similarity) / accept_width)``, else **edited**: the
  distance is the replay's real edit distance (draft -> sent reply) when known, else
  ``(1 - similarity) x the longer text``;
* **handling time** (first view -> send): control and undrafted tickets LogNormal with mean
  ``handle_seconds`` and log-sd ``handle_sigma``; a draft cuts it by ``max_saving x kept
  share`` (accepted: kept share 1), a rejected draft adds ``reject_overhead``;
* **resolution** LogNormal with mean ``resolution_hours``, cut by ``resolution_saving x kept
  share``; **CSAT** (1..5 from ``csat_mix``, answered with probability ``csat_response``)
  moves one point up with probability ``csat_lift x kept share``.

Seeded: the same inputs and seed give the same events, on any machine.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
from numpy.typing import NDArray

from ticketpilot.errors import PilotError
from ticketpilot.pilot.cohorts import CohortDesign
from ticketpilot.pilot.events import (
    SEVERITIES,
    Accepted,
    Assigned,
    Edited,
    Flagged,
    Handled,
    PilotEvent,
    Rated,
    Rejected,
    Resolved,
    Shown,
    Withheld,
)

_DEFAULT_CHARS = 400


@dataclass(frozen=True)
class ReplayOutcome:
    """What the shadow replay found for one held-out ticket (the replay's ``default`` row)."""

    ticket_id: str
    category: str | None
    delivered: bool  # the drafter handed the agent a text (False: human fallback)
    similarity: float | None  # cosine of the draft to the reply the agent really sent
    grounding_failed: bool  # the checks found an ungrounded claim or a leak in the draft
    latency_ms: float
    prompt_version: str = "unknown"
    reason: str = "ok"  # the fallback reason when not delivered
    draft_chars: int = 0  # 0: unknown (400 characters assumed)
    reply_chars: int = 0
    edit_distance: int | None = None  # Levenshtein(draft, real reply) when both texts are known


@dataclass(frozen=True)
class AgentModel:
    """How simulated agents treat drafts; the defaults are stated, not fitted (docs/pilot.md)."""

    accept_threshold: float = 0.6
    accept_width: float = 0.05
    reject_below: float = 0.3
    flag_detected: float = 0.8
    flag_undetected: float = 0.01
    severity_mix: tuple[float, float, float] = (0.6, 0.3, 0.1)
    handle_seconds: float = 720.0
    handle_sigma: float = 0.6
    max_saving: float = 0.6
    reject_overhead: float = 0.05
    resolution_hours: float = 18.0
    resolution_sigma: float = 0.9
    resolution_saving: float = 0.3
    csat_mix: tuple[float, float, float, float, float] = (0.05, 0.05, 0.10, 0.35, 0.45)
    csat_response: float = 0.3
    csat_lift: float = 0.15

    def __post_init__(self) -> None:
        for name in ("severity_mix", "csat_mix"):
            mix = getattr(self, name)
            if min(mix) < 0 or abs(sum(mix) - 1.0) > 1e-9:
                raise PilotError(f"agent model {name} = {mix}: must be shares summing to 1")
        if self.accept_width <= 0 or self.handle_seconds <= 0 or self.resolution_hours <= 0:
            raise PilotError(
                "agent model: accept_width, handle_seconds, resolution_hours must be > 0"
            )

    def acceptance_probability(self, outcome: ReplayOutcome) -> float:
        """The chance this replayed ticket's draft is sent unchanged (0 if none was delivered)."""
        if not outcome.delivered:
            return 0.0
        flag = self.flag_detected if outcome.grounding_failed else self.flag_undetected
        return float(_sigmoid((_sim(outcome) - self.accept_threshold) / self.accept_width)) * (
            1.0 - flag
        )


def expected_acceptance(pool: Sequence[ReplayOutcome], model: AgentModel) -> float:
    """The true acceptance rate a simulated pilot over ``pool`` estimates."""
    delivered = [o for o in pool if o.delivered]
    if not delivered:
        raise PilotError("no replayed ticket delivered a draft: acceptance is undefined")
    return float(np.mean([model.acceptance_probability(o) for o in delivered]))


def simulate_pilot(
    pool: Sequence[ReplayOutcome],
    design: CohortDesign,
    *,
    days: int,
    tickets_per_day: float,
    start: datetime,
    model: AgentModel | None = None,
    seed: int = 0,
) -> list[PilotEvent]:
    """The events of a simulated pilot of ``days`` days, in time order."""
    if not pool:
        raise PilotError("the simulator needs at least one replayed ticket")
    if days < 1 or tickets_per_day <= 0:
        raise PilotError("the simulator needs days >= 1 and tickets_per_day > 0")
    model = model or AgentModel()
    rng = np.random.default_rng(seed)
    per_day = rng.poisson(tickets_per_day, days)
    ids = [f"sim{seed}-{i:07d}" for i in range(int(per_day.sum()))]
    arms = np.array(design.arms(ids))
    inside = np.flatnonzero(arms != "outside")
    day = np.repeat(np.arange(days), per_day)[inside]
    offsets = (day + rng.uniform(0.0, 1.0, inside.size)) * 86_400.0
    rows = rng.integers(0, len(pool), inside.size)
    plays = _play(pool, rows, arms[inside] == "treatment", model, rng)
    events: list[PilotEvent] = []
    for k, index in enumerate(inside):
        at = start + timedelta(seconds=float(offsets[k]))
        events.extend(_ticket_events(ids[index], at, pool[rows[k]], plays, k))
    events.sort(key=lambda e: e.at)
    return events


@dataclass(frozen=True)
class _Plays:
    """The drawn fate of every pilot ticket, as columns."""

    treated: NDArray[np.bool_]
    action: NDArray[np.str_]  # accepted / edited / rejected / handled / "" (withheld -> handled)
    severity: NDArray[np.int64]  # -1 no flag, else index into SEVERITIES
    distance: NDArray[np.int64]
    seconds: NDArray[np.float64]
    hours: NDArray[np.float64]
    score: NDArray[np.float64]  # NaN: no rating


def _play(
    pool: Sequence[ReplayOutcome],
    rows: NDArray[np.int64],
    treated: NDArray[np.bool_],
    m: AgentModel,
    rng: np.random.Generator,
) -> _Plays:
    n = rows.size
    delivered = np.array([o.delivered for o in pool])[rows] & treated
    sim = np.array([_sim(o) for o in pool])[rows]
    failed = np.array([o.grounding_failed for o in pool])[rows]
    longer = np.array([max(_lengths(o)) for o in pool])[rows]
    known = np.array([-1 if o.edit_distance is None else o.edit_distance for o in pool])[rows]
    flag = delivered & (rng.uniform(size=n) < np.where(failed, m.flag_detected, m.flag_undetected))
    severity = np.where(flag, rng.choice(len(SEVERITIES), size=n, p=m.severity_mix), -1)
    accept = (
        delivered
        & ~flag
        & (rng.uniform(size=n) < _sigmoid((sim - m.accept_threshold) / m.accept_width))
    )
    reject = (
        delivered
        & ~accept
        & (rng.uniform(size=n) < _sigmoid((m.reject_below - sim) / m.accept_width))
    )
    edit = delivered & ~accept & ~reject
    modelled = np.rint((1.0 - np.clip(sim, 0.0, 1.0)) * longer).astype(np.int64)
    distance = np.clip(np.where(known >= 0, known, modelled), 1, longer)
    kept = np.where(accept, 1.0, np.where(edit, 1.0 - distance / longer, 0.0))
    base = rng.lognormal(np.log(m.handle_seconds) - m.handle_sigma**2 / 2, m.handle_sigma, n)
    factor = np.where(reject, 1.0 + m.reject_overhead, 1.0 - m.max_saving * kept)
    hours = rng.lognormal(np.log(m.resolution_hours) - m.resolution_sigma**2 / 2,
                          m.resolution_sigma, n) * (1.0 - m.resolution_saving * kept)  # fmt: skip
    score = rng.choice(5, size=n, p=m.csat_mix) + 1.0
    score = np.minimum(5.0, score + (rng.uniform(size=n) < m.csat_lift * kept))
    score = np.where(rng.uniform(size=n) < m.csat_response, score, np.nan)
    action = np.where(accept, "accepted", np.where(edit, "edited",
                      np.where(reject, "rejected", "handled")))  # fmt: skip
    seconds = np.asarray(base * factor, dtype=np.float64)
    return _Plays(treated, action, severity, distance, seconds, hours.astype(np.float64),
                  np.asarray(score, dtype=np.float64))  # fmt: skip


def _ticket_events(
    ticket_id: str, at: datetime, row: ReplayOutcome, plays: _Plays, k: int
) -> list[PilotEvent]:
    events: list[PilotEvent] = [Assigned(ticket_id, at, row.category)]
    if plays.treated[k] and row.delivered:
        events.append(Shown(ticket_id, at + timedelta(milliseconds=row.latency_ms),
                            row.prompt_version, row.latency_ms, row.grounding_failed))  # fmt: skip
    elif plays.treated[k]:
        events.append(Withheld(ticket_id, at, row.reason, row.grounding_failed,
                               row.grounding_failed, row.prompt_version, row.latency_ms))  # fmt: skip
    seconds = float(plays.seconds[k])
    sent = at + timedelta(seconds=seconds)
    action = str(plays.action[k])
    if action == "accepted":
        events.append(Accepted(ticket_id, sent, seconds))
    elif action == "edited":
        draft, reply = _lengths(row)
        events.append(Edited(ticket_id, sent, int(plays.distance[k]), draft, reply, seconds))
    elif action == "rejected":
        events.append(Rejected(ticket_id, sent, seconds))
    else:
        events.append(Handled(ticket_id, sent, seconds))
    if plays.severity[k] >= 0:
        events.append(Flagged(ticket_id, sent, SEVERITIES[int(plays.severity[k])]))
    resolved = at + timedelta(hours=float(plays.hours[k]))
    events.append(Resolved(ticket_id, max(resolved, sent), float(plays.hours[k])))
    if not np.isnan(plays.score[k]):
        events.append(Rated(ticket_id, max(resolved, sent) + timedelta(hours=1),
                            float(plays.score[k])))  # fmt: skip
    return events


def _lengths(outcome: ReplayOutcome) -> tuple[int, int]:
    """Draft and reply lengths, 400 characters where unknown."""
    return outcome.draft_chars or _DEFAULT_CHARS, outcome.reply_chars or _DEFAULT_CHARS


def _sim(outcome: ReplayOutcome) -> float:
    return 0.0 if outcome.similarity is None else float(outcome.similarity)


def _sigmoid(x: NDArray[np.float64] | float) -> NDArray[np.float64]:
    return np.asarray(1.0 / (1.0 + np.exp(-np.asarray(x, dtype=float))), dtype=float)
