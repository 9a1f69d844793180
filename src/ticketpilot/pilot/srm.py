"""Sample-ratio mismatch: do the arms hold the share of tickets the design gave them?

A pilot whose treatment arm lost tickets (drafting crashed and the ticket was never logged, an
integration that only reports drafted tickets, a salt changed mid-way) compares groups that are
no longer random; every figure after that is suspect. The check is Pearson's chi-square of the
observed units per arm against the design's shares (df = arms - 1), tiered as Statsig does:

* ``warn`` below p = 0.01 (look at the logging), ``fail`` below p = 0.001 (GrowthBook's and
  Eppo's threshold; the pilot status becomes *unhealthy*);
* ``too_few`` while an arm has fewer than 8 units (GrowthBook's minimum): not judged yet.

It runs on every metrics call; it is not a sequential test, which is why its thresholds are
far stricter than the pilot's alpha.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from scipy import special

from ticketpilot.errors import PilotError

SRM_WARN_P = 0.01
SRM_FAIL_P = 0.001
SRM_MIN_UNITS = 8

SrmLevel = Literal["ok", "warn", "fail", "too_few"]


@dataclass(frozen=True)
class SrmCheck:
    """The verdict with its evidence: observed and expected units per arm, chi-square, p."""

    level: SrmLevel
    observed: dict[str, int]
    expected: dict[str, float]
    chi2: float | None
    p_value: float | None

    def describe(self) -> str:
        counts = " vs ".join(f"{n:,} {arm}" for arm, n in self.observed.items())
        expected = " vs ".join(f"{n:,.0f}" for n in self.expected.values())
        if self.level == "too_few":
            return f"sample ratio not judged yet: {counts} tickets (needs {SRM_MIN_UNITS} per arm)"
        verdict = {
            "ok": "sample ratio as designed",
            "warn": "sample ratio mismatch suspected",
            "fail": "sample ratio mismatch",
        }[self.level]
        return (
            f"{verdict}: {counts} tickets, expected {expected} "
            f"(chi-square {self.chi2:.2f}, p = {self.p_value:.2g}; warn below {SRM_WARN_P}, "
            f"fail below {SRM_FAIL_P})"
        )

    def as_dict(self) -> dict[str, object]:
        return {
            "level": self.level,
            "observed": self.observed,
            "expected": {arm: round(n, 3) for arm, n in self.expected.items()},
            "chi2": None if self.chi2 is None else round(self.chi2, 6),
            "p_value": self.p_value,
            "description": self.describe(),
        }


def srm_check(
    observed: Mapping[str, int],
    shares: Mapping[str, float],
    *,
    warn_p: float = SRM_WARN_P,
    fail_p: float = SRM_FAIL_P,
    min_units: int = SRM_MIN_UNITS,
) -> SrmCheck:
    """Chi-square goodness of fit of ``observed`` units per arm to the design's ``shares``.

    ``shares`` are each arm's share of all tickets (they need not sum to 1: the rest is outside
    the pilot); the expected counts split the observed total in their proportions.
    """
    if set(observed) != set(shares):
        raise PilotError(
            f"sample-ratio check: arms {sorted(observed)} do not match the design {sorted(shares)}"
        )
    if any(share <= 0 for share in shares.values()):
        raise PilotError("sample-ratio check: every arm's share must be positive")
    counts = {arm: int(observed[arm]) for arm in shares}
    total = sum(counts.values())
    weight = sum(shares.values())
    expected = {arm: total * share / weight for arm, share in shares.items()}
    if min(counts.values()) < min_units:
        return SrmCheck("too_few", counts, expected, None, None)
    chi2 = sum((counts[arm] - expected[arm]) ** 2 / expected[arm] for arm in shares)
    p_value = float(special.chdtrc(len(shares) - 1, chi2))
    level: SrmLevel = "fail" if p_value < fail_p else "warn" if p_value < warn_p else "ok"
    return SrmCheck(level, counts, expected, chi2, p_value)
