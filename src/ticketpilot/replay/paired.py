"""Two drafters on the same held-out tickets: the difference in acceptance, paired.

Every ticket is drafted by both, so the outcomes come in pairs and only the *discordant* pairs
(one accepted, the other not) carry information about the difference. The interval is
Newcombe's hybrid score interval for paired proportions (1998, "Improved confidence intervals
for the difference between binomial proportions based on paired data", method 10): the two
Wilson intervals combined with the correlation of the pairs, narrower than an unpaired interval
whenever the drafters succeed on the same tickets. The p-value is McNemar's exact test (the
discordant pairs against a fair coin).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from scipy import stats

from ticketpilot.pilot.intervals import Interval, wilson


@dataclass(frozen=True)
class PairedDifference:
    """Acceptance of ``variant`` minus the ``reference``'s over the same ``n`` tickets."""

    variant: str
    reference: str
    n: int
    both: int  # accepted with both
    only_variant: int
    only_reference: int
    identical_drafts: int  # tickets where both wrote the same text (or both fell back)
    interval: Interval
    p_value: float

    @property
    def estimate(self) -> float:
        return (self.only_variant - self.only_reference) / self.n if self.n else math.nan

    def verdict(self) -> str:
        """The comparison in words, with the interval in points."""
        if self.n == 0:
            return f"{self.variant} vs {self.reference}: no tickets"
        if self.identical_drafts == self.n:
            return (
                f"{self.variant} and {self.reference} wrote identical drafts for all {self.n} "
                "tickets: this replay cannot tell them apart (the extractive drafter does not "
                "read the prompt template; set [model] to a chat model to compare prompts)"
            )
        span = (f"{self.estimate * 100:+.1f} points (95% paired {self.interval.low * 100:+.1f} "
                f"to {self.interval.high * 100:+.1f}; McNemar p = {self.p_value:.2g})")  # fmt: skip
        if self.interval.low > 0:
            return f"{self.variant} better than {self.reference} on acceptance: {span}"
        if self.interval.high < 0:
            return f"{self.variant} worse than {self.reference} on acceptance: {span}"
        return f"{self.variant} vs {self.reference}: no difference shown: {span}"

    def as_dict(self) -> dict[str, object]:
        return {
            "variant": self.variant, "reference": self.reference, "n": self.n,
            "both_accepted": self.both, "only_variant": self.only_variant,
            "only_reference": self.only_reference, "identical_drafts": self.identical_drafts,
            "difference": None if math.isnan(self.estimate) else round(self.estimate, 6),
            "interval": self.interval.as_dict(), "mcnemar_p": self.p_value,
            "verdict": self.verdict(),
        }  # fmt: skip


def paired_difference(
    variant: str,
    reference: str,
    accepted: Sequence[tuple[bool, bool]],
    *,
    identical: int = 0,
    alpha: float = 0.05,
) -> PairedDifference:
    """The paired comparison of ``(variant accepted, reference accepted)`` per ticket."""
    n = len(accepted)
    both = sum(a and b for a, b in accepted)
    only_a = sum(a and not b for a, b in accepted)
    only_b = sum(b and not a for a, b in accepted)
    interval = newcombe_paired(both, only_a, only_b, n - both - only_a - only_b, alpha)
    discordant = only_a + only_b
    p = float(stats.binomtest(only_a, discordant).pvalue) if discordant else 1.0
    return PairedDifference(variant, reference, n, both, only_a, only_b, identical, interval, p)


def newcombe_paired(a: int, b: int, c: int, d: int, alpha: float = 0.05) -> Interval:
    """Newcombe's method 10 for ``p1 - p2`` from the 2x2 table of pairs: ``a`` both succeed,
    ``b`` only the first, ``c`` only the second, ``d`` neither."""
    method = f"Newcombe paired hybrid score {1 - alpha:.0%}"
    n = a + b + c + d
    if n == 0:
        return Interval(math.nan, math.nan, method)
    p1, p2 = (a + b) / n, (a + c) / n
    w1, w2 = wilson(a + b, n, alpha), wilson(a + c, n, alpha)
    l1, u1, l2, u2 = w1.low, w1.high, w2.low, w2.high
    denominator = (a + b) * (c + d) * (a + c) * (b + d)
    phi = (a * d - b * c) / math.sqrt(denominator) if denominator else 0.0
    dl, du = p1 - l1, u1 - p1
    el, eu = p2 - l2, u2 - p2
    difference = p1 - p2
    low = difference - math.sqrt(max(0.0, dl**2 - 2 * phi * dl * eu + eu**2))
    high = difference + math.sqrt(max(0.0, du**2 - 2 * phi * du * el + el**2))
    return Interval(max(-1.0, low), min(1.0, high), method)
