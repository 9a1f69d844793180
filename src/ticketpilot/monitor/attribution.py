"""Why acceptance moved: category mix against change within categories, and the prompt.

A rate over categories is ``R = sum_c m_c r_c`` (share of events times that category's rate).
Between a reference period and a later one, the change splits exactly into two sums:

    R' - R = sum_c (m'_c - m_c) (r_c - R)   +   sum_c m'_c (r'_c - r_c)
             mix shift: more events where        within categories: each category's
             drafts fared worse (or better)      own rate moved, at today's mix

(the standard rate decomposition; centring the mix term on ``R`` changes no total, since the
shares' changes sum to zero, but makes each category's mix term read as "the mix moved toward
a category worse than average"). A category absent from the reference counts at rate ``R``
there, so all it contributes is "within". The category carrying most of the fall is named,
and a prompt version first used from a week before to three days after the change start is
named with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from ticketpilot.monitor.frame import BoolArray, FeedbackFrame, day_date

#: A category is named when it carries at least this share of the fall.
CULPRIT_SHARE = 0.5
#: A prompt version is named when first used at most this many days before the change start
#: (a gradual drop is dated late) or ``PROMPT_AFTER`` days after it.
PROMPT_BEFORE = 7
PROMPT_AFTER = 3
#: ... and it carried at most this share of the reference's events.
PROMPT_NEW_SHARE = 0.05


@dataclass(frozen=True)
class CategoryChange:
    """One category's part in the change of the overall rate."""

    category: str
    n_before: int
    n_after: int
    mix_before: float
    mix_after: float
    rate_before: float | None
    rate_after: float | None
    mix_effect: float
    within_effect: float

    @property
    def effect(self) -> float:
        return self.mix_effect + self.within_effect


@dataclass(frozen=True)
class PromptChange:
    """A prompt version that came in with the change."""

    version: str
    first_day: date
    share_after: float


@dataclass(frozen=True)
class Attribution:
    """The change of a rate between two periods, split by category, with its likely causes."""

    n_before: int
    n_after: int
    rate_before: float
    rate_after: float
    categories: tuple[CategoryChange, ...]
    prompt: PromptChange | None

    @property
    def change(self) -> float:
        return self.rate_after - self.rate_before

    @property
    def mix_effect(self) -> float:
        return float(sum(c.mix_effect for c in self.categories))

    @property
    def within_effect(self) -> float:
        return float(sum(c.within_effect for c in self.categories))

    @property
    def culprit(self) -> CategoryChange | None:
        """The category carrying at least half the fall, if one does (and there are several)."""
        if self.change >= 0 or sum(c.n_after > 0 for c in self.categories) < 2:
            return None
        worst = self.categories[0]
        return worst if worst.effect <= CULPRIT_SHARE * self.change else None

    def headline(self, start: date) -> str:
        """``acceptance fell in category X after prompt v3, from 2024-03-31``."""
        where = f" in category {self.culprit.category}" if self.culprit else ""
        after = f" after prompt {self.prompt.version}" if self.prompt else ""
        return f"acceptance fell{where}{after}, from {start:%Y-%m-%d}"

    def explain(self) -> str:
        """The decomposition in one sentence, with the figures it rests on."""
        text = (
            f"{self.rate_before:.1%} (n={self.n_before:,}) -> {self.rate_after:.1%} "
            f"(n={self.n_after:,}): {self.change * 100:+.1f} points, "
            f"{self.within_effect * 100:+.1f} within categories and "
            f"{self.mix_effect * 100:+.1f} from the category mix"
        )
        culprit = self.culprit
        if culprit is not None:
            text += (
                f"; {culprit.category} carries {culprit.effect / self.change:.0%} of it "
                f"({_rate(culprit.rate_before)} -> {_rate(culprit.rate_after)}, its share "
                f"{culprit.mix_before:.0%} -> {culprit.mix_after:.0%})"
            )
        if self.prompt is not None:
            text += (
                f"; prompt {self.prompt.version} first used {self.prompt.first_day:%Y-%m-%d}, "
                f"on {self.prompt.share_after:.0%} of events since"
            )
        return text


def _rate(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1%}"


def attribute(
    frame: FeedbackFrame, before: BoolArray, after: BoolArray, start_day: int
) -> Attribution:
    """Split the change in acceptance from rows ``before`` to rows ``after``."""
    k = len(frame.categories)
    n0 = np.bincount(frame.category[before], minlength=k)
    a0 = np.bincount(frame.category[before], weights=frame.accepted[before], minlength=k)
    n1 = np.bincount(frame.category[after], minlength=k)
    a1 = np.bincount(frame.category[after], weights=frame.accepted[after], minlength=k)
    total0, total1 = int(n0.sum()), int(n1.sum())
    rate0 = float(a0.sum() / max(total0, 1))
    rate1 = float(a1.sum() / max(total1, 1))
    m0, m1 = n0 / max(total0, 1), n1 / max(total1, 1)
    r0 = np.where(n0 > 0, a0 / np.maximum(n0, 1), rate0)
    r1 = np.where(n1 > 0, a1 / np.maximum(n1, 1), r0)
    mix = (m1 - m0) * (r0 - rate0)
    within = m1 * (r1 - r0)
    changes = [
        CategoryChange(
            frame.categories[c],
            int(n0[c]),
            int(n1[c]),
            float(m0[c]),
            float(m1[c]),
            float(r0[c]) if n0[c] else None,
            float(r1[c]) if n1[c] else None,
            float(mix[c]),
            float(within[c]),
        )
        for c in range(k)
        if n0[c] or n1[c]
    ]
    changes.sort(key=lambda c: c.effect)
    return Attribution(
        total0, total1, rate0, rate1, tuple(changes), prompt_change(frame, before, after, start_day)
    )


def prompt_change(
    frame: FeedbackFrame, before: BoolArray, after: BoolArray, start_day: int
) -> PromptChange | None:
    """The most used prompt version since the change that is new and began near its start."""
    k = len(frame.prompts)
    if k == 0 or not after.any():
        return None
    used_before = np.bincount(frame.prompt[before], minlength=k) / max(int(before.sum()), 1)
    used_after = np.bincount(frame.prompt[after], minlength=k) / int(after.sum())
    first = np.full(k, np.iinfo(np.int32).max, dtype=np.int64)
    np.minimum.at(first, frame.prompt, frame.day.astype(np.int64))
    for version in np.argsort(-used_after):
        near = -PROMPT_BEFORE <= int(first[version]) - start_day <= PROMPT_AFTER
        if used_after[version] > 0 and near and used_before[version] <= PROMPT_NEW_SHARE:
            return PromptChange(
                frame.prompts[version], day_date(int(first[version])), float(used_after[version])
            )
    return None
