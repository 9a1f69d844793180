"""Simulated pilot feedback with a planted acceptance drop: the playbook's 62% -> 48%.

The story follows the demo history (``docs/demo-data.md``): a product update brings tickets the
history does not cover, tagged ``technical_issue``; their share rises and drafts for them stop
being accepted, while a new prompt version goes out the same day. Acceptance elsewhere holds, so
the whole drop sits in one category, solved day by day so that the overall rate moves in a
straight line from ``base_rate`` to ``drifted_rate`` (at once, or over ``ramp_days``). Volume follows the demo's weekday pattern; each day's rate also wobbles a
little (``day_noise`` on the logit scale), as real days do.

Runs are drawn all at once, as arrays (runs, categories, days), so the validation tests can
simulate a hundred six-month pilots in well under a second. :meth:`ScenarioRuns.frame` turns one
run into the :class:`FeedbackFrame` the detectors read.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import numpy.typing as npt

from ticketpilot.demo.catalog import CATEGORIES, DRIFT
from ticketpilot.demo.timeline import WEEKDAY
from ticketpilot.errors import MonitorError
from ticketpilot.monitor.frame import FeedbackFrame, day_number

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

#: Drafts go only to categories the charter does not reserve for humans (billing, legal...).
MIX_BEFORE: Mapping[str, float] = {c.slug: c.weight for c in CATEGORIES if not c.critical}
MIX_AFTER: Mapping[str, float] = {
    c.slug: c.weight_after_drift + (DRIFT.peak_share if c.slug == DRIFT.category else 0.0)
    for c in CATEGORIES
    if not c.critical
}
#: Relative acceptance by category before the drop (scaled to ``base_rate`` overall).
RELATIVE_RATES: Mapping[str, float] = {
    "shipping": 1.10,
    "returns": 1.05,
    "account_access": 1.08,
    "technical_issue": 0.88,
    "subscription": 1.02,
    "warranty": 0.98,
    "product_question": 0.92,
    "feedback": 0.85,
}
#: The realistic volume of a 10% pilot at the playbook's 100,000 tickets a month.
PILOT_EVENTS_PER_DAY = 330.0


def _normalised(mix: Mapping[str, float], names: tuple[str, ...]) -> FloatArray:
    weights = np.array([mix.get(name, 0.0) for name in names], dtype=np.float64)
    shares: FloatArray = weights / weights.sum()
    return shares


@dataclass(frozen=True)
class FeedbackScenario:
    """A feedback stream: volume, mix and acceptance before and after an optional drop."""

    days: int = 182
    events_per_day: float = PILOT_EVENTS_PER_DAY
    start: date = date(2024, 1, 1)
    base_rate: float = 0.62
    drifted_rate: float = 0.48
    drift_day: int | None = 90
    ramp_days: int = 0
    category: str = DRIFT.category
    mix_before: Mapping[str, float] = field(default_factory=lambda: dict(MIX_BEFORE))
    mix_after: Mapping[str, float] = field(default_factory=lambda: dict(MIX_AFTER))
    relative_rates: Mapping[str, float] = field(default_factory=lambda: dict(RELATIVE_RATES))
    prompt_before: str = "reply-v2"
    prompt_after: str | None = "reply-v3"
    day_noise: float = 0.05

    @property
    def categories(self) -> tuple[str, ...]:
        return tuple(sorted(set(self.mix_before) | set(self.mix_after)))

    def mixes(self) -> tuple[FloatArray, FloatArray]:
        names = self.categories
        return _normalised(self.mix_before, names), _normalised(self.mix_after, names)

    def rates(self, progress: float = 1.0) -> FloatArray:
        """Acceptance by category when the change is ``progress`` (0..1) complete.

        The mix moves linearly; ``category``'s rate is solved so that the overall rate moves
        linearly too, from ``base_rate`` to ``drifted_rate`` (the others' rates hold).
        """
        names = self.categories
        if self.category not in names:
            raise MonitorError(f"scenario category {self.category!r} is not in the mix")
        before_mix, after_mix = self.mixes()
        mix = (1.0 - progress) * before_mix + progress * after_mix
        relative = np.array([self.relative_rates.get(n, 1.0) for n in names])
        before = relative * self.base_rate / float(before_mix @ relative)
        target = names.index(self.category)
        overall = self.base_rate + progress * (self.drifted_rate - self.base_rate)
        rates = before.copy()
        rates[target] = (overall - float(mix @ before - mix[target] * before[target])) / mix[target]
        if not 0.0 < rates[target] < 1.0 or before.max() >= 1.0:
            raise MonitorError(
                f"no rate in {self.category} brings acceptance to {overall:.0%}: "
                "choose another category, mix or drifted_rate"
            )
        return rates

    def progress(self) -> FloatArray:
        """How far each day is into the change: 0 before it, 1 once complete."""
        days = np.arange(self.days, dtype=np.float64)
        if self.drift_day is None:
            return np.zeros(self.days)
        ramp = max(self.ramp_days, 1)
        return np.clip((days - self.drift_day + 1) / ramp, 0.0, 1.0)

    def simulate(self, runs: int = 1, seed: int = 0) -> ScenarioRuns:
        """``runs`` independent streams, drawn as arrays."""
        rng = np.random.default_rng(seed)
        names = self.categories
        before_mix, after_mix = self.mixes()
        f = self.progress()
        weekday = np.array(WEEKDAY) / np.mean(WEEKDAY)
        first = day_number(self.start)
        volume = self.events_per_day * weekday[(np.arange(self.days) + first + 3) % 7]
        totals = rng.poisson(volume, size=(runs, self.days))
        n = np.empty((runs, len(names), self.days), dtype=np.int64)
        for t in range(self.days):
            mix = (1.0 - f[t]) * before_mix + f[t] * after_mix
            n[:, :, t] = rng.multinomial(totals[:, t], mix)
        steps = {float(x): self.rates(float(x)) for x in np.unique(f)}
        rate = np.stack([steps[float(x)] for x in f], axis=1)
        logit = np.log(rate / (1.0 - rate))[None, :, :]
        wobble = rng.normal(0.0, self.day_noise, size=(runs, 1, self.days))
        accepted = rng.binomial(n, 1.0 / (1.0 + np.exp(-(logit + wobble))))
        prompt_day = self.drift_day if self.prompt_after is not None else None
        return ScenarioRuns(self, names, first, n, accepted.astype(np.int64), prompt_day)


@dataclass(frozen=True)
class ScenarioRuns:
    """Simulated daily counts: ``n`` and ``accepted`` of shape (runs, categories, days)."""

    scenario: FeedbackScenario
    categories: tuple[str, ...]
    first_day: int
    n: IntArray
    accepted: IntArray
    prompt_day: int | None

    def totals(self) -> tuple[IntArray, IntArray]:
        """Daily events and acceptances over all categories, shape (runs, days)."""
        return self.n.sum(axis=1), self.accepted.sum(axis=1)

    def frame(self, run: int = 0) -> FeedbackFrame:
        """Run ``run`` as feedback events, one row each."""
        cats, days = self.n.shape[1:]
        n, a = self.n[run].ravel(), self.accepted[run].ravel()
        counts = np.stack([a, n - a], axis=1).ravel()
        cell_day = np.tile(np.arange(days), cats) + self.first_day
        cell_cat = np.repeat(np.arange(cats), days)
        day = np.repeat(np.repeat(cell_day, 2), counts).astype(np.int32)
        category = np.repeat(np.repeat(cell_cat, 2), counts).astype(np.int32)
        accepted = np.repeat(np.tile([True, False], len(n)), counts)
        prompts: tuple[str, ...] = (self.scenario.prompt_before,)
        prompt = np.zeros(len(day), dtype=np.int32)
        if self.prompt_day is not None and self.scenario.prompt_after is not None:
            prompts = (self.scenario.prompt_before, self.scenario.prompt_after)
            prompt = (day >= self.first_day + self.prompt_day).astype(np.int32)
        return FeedbackFrame(day, category, prompt, accepted, self.categories, prompts)
