"""The experiment's figures: each variant against the control, and against the reference.

Built on the pilot's own machinery (:mod:`.metrics`, :mod:`.figures`, :mod:`.srm`):

* **per variant**, every pilot figure of the tickets of that variant together with the whole
  control group (acceptance, edit rate and hallucinations flagged with Wilson and always-valid
  intervals; editing time against control, Welch t and confidence sequence);
* **each variant against the reference** (the first): the difference in acceptance, with
  Newcombe's hybrid score interval (method 10, from the two Wilson intervals; valid at one look)
  and an always-valid interval, the asymptotic confidence sequence of :mod:`.sequential` on the
  difference of the two rates (variance ``p1 q1 / n1 + p2 q2 / n2`` of the shrunken rates,
  ``N = n1 + n2`` drafts decided) - the one to read every day. The verdict in words follows the
  always-valid interval only: *better* or *worse* once it excludes 0, *no difference yet* until;
* the **sample-ratio check across variants**: chi-square of the treatment tickets per variant
  against the variants' shares (a variant that crashes and logs nothing shows up here first).

A treatment ticket counts for the variant stored with it when it was assigned; treatment
tickets without one (assigned before the experiment began, or under another experiment name)
are counted in ``unassigned`` and left out of the comparisons.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass

import numpy as np

from ticketpilot.pilot.cohorts import CohortDesign
from ticketpilot.pilot.experiments import ExperimentDesign
from ticketpilot.pilot.figures import Proportion
from ticketpilot.pilot.intervals import Interval, wilson
from ticketpilot.pilot.metrics import MetricSet, metric_set
from ticketpilot.pilot.outcomes import TicketTable
from ticketpilot.pilot.sequential import always_valid_interval, always_valid_p_value
from ticketpilot.pilot.settings import PilotSettings
from ticketpilot.pilot.srm import SrmCheck, srm_check


@dataclass(frozen=True)
class Difference:
    """One variant's acceptance minus the reference's, with both intervals and the verdict."""

    variant: str
    reference: str
    estimate: float  # rate difference (NaN while a side has no decided draft)
    fixed: Interval
    always_valid: Interval
    always_valid_p: float
    verdict: str

    def as_dict(self) -> dict[str, object]:
        return {
            "variant": self.variant,
            "reference": self.reference,
            "metric": "acceptance",
            "difference": None if math.isnan(self.estimate) else round(self.estimate, 6),
            "fixed": self.fixed.as_dict(),
            "always_valid": self.always_valid.as_dict(),
            "always_valid_p": None if math.isnan(self.always_valid_p) else self.always_valid_p,
            "verdict": self.verdict,
        }


def newcombe(a: Proportion, b: Proportion, alpha: float) -> Interval:
    """Newcombe's hybrid score interval of ``rate(a) - rate(b)`` (method 10, 1998)."""
    method = f"Newcombe hybrid score {1 - alpha:.0%}"
    if not (a.n and b.n):
        return Interval(math.nan, math.nan, method)
    (l1, u1), (l2, u2) = _ends(wilson(a.successes, a.n, alpha)), _ends(wilson(b.successes, b.n,
                                                                              alpha))  # fmt: skip
    d = a.rate - b.rate
    low = d - math.sqrt((a.rate - l1) ** 2 + (u2 - b.rate) ** 2)
    high = d + math.sqrt((u1 - a.rate) ** 2 + (b.rate - l2) ** 2)
    return Interval(low, high, method)


def _ends(interval: Interval) -> tuple[float, float]:
    return interval.low, interval.high


def difference(variant: str, a: Proportion, reference: str, b: Proportion,
               settings: PilotSettings) -> Difference:  # fmt: skip
    """Acceptance of ``variant`` (``a``) minus the ``reference``'s (``b``)."""
    n = a.n + b.n
    estimate = a.rate - b.rate if a.n and b.n else math.nan
    variance = a.unit_variance / a.n + b.unit_variance / b.n if a.n and b.n else math.nan
    args = (estimate, variance, n, settings.alpha, settings.sequential_tuning)
    seq = always_valid_interval(*args)
    p = always_valid_p_value(*args) if a.n and b.n else math.nan
    fixed = newcombe(a, b, settings.alpha)
    return Difference(variant, reference, estimate, fixed, seq, p,
                      verdict(variant, reference, estimate, seq))  # fmt: skip


def verdict(variant: str, reference: str, estimate: float, seq: Interval) -> str:
    """The comparison in words, decided by the always-valid interval."""
    if math.isnan(estimate):
        return f"{variant} vs {reference}: no decided drafts in both yet"
    span = f"{estimate * 100:+.1f} points (always-valid {_pts(seq.low)} to {_pts(seq.high)})"
    if seq.low > 0:
        return f"{variant} better than {reference} on acceptance: {span}"
    if seq.high < 0:
        return f"{variant} worse than {reference} on acceptance: {span}"
    return f"{variant} vs {reference}: no difference yet: {span}"


def _pts(value: float) -> str:
    return f"{value * 100:+.1f}" if math.isfinite(value) else "n/a"


@dataclass(frozen=True)
class ExperimentResults:
    """The experiment's figures: per variant, each against the reference, the sample ratio."""

    design: ExperimentDesign
    by_variant: dict[str, MetricSet]
    differences: dict[str, Difference]  # by variant, the reference left out
    srm: SrmCheck
    unassigned: int  # treatment tickets with no variant of this experiment (left out)

    def method(self) -> str:
        return (
            f"{self.design.describe()}. Per variant: the variant's tickets against the whole "
            "control group. Against the reference: difference in acceptance, Newcombe hybrid "
            "score interval for one look and an asymptotic confidence sequence for daily looks "
            "(the verdict reads the latter); sample ratio across variants by chi-square."
        )

    def as_dict(self) -> dict[str, object]:
        return {
            "name": self.design.name,
            "method": self.method(),
            "reference": self.design.reference.name,
            "variants": [
                {**asdict(v), "share": s}
                for v, s in zip(self.design.variants, self.design.shares, strict=True)
            ],
            "srm": self.srm.as_dict(),
            "unassigned": self.unassigned,
            "by_variant": {k: m.as_dict() for k, m in self.by_variant.items()},
            "differences": {k: d.as_dict() for k, d in self.differences.items()},
        }


def experiment_results(
    table: TicketTable,
    variants: Mapping[str, str],
    experiment: ExperimentDesign,
    design: CohortDesign,
    settings: PilotSettings,
    days: float,
) -> ExperimentResults:
    """The experiment's figures from the pilot's ticket table and each ticket's stored variant."""
    column = np.array([variants.get(t, "") for t in table.ticket_id.tolist()], dtype=str)
    column = column.reshape(-1)
    treated = table.arm == "treatment"
    control = table.arm == "control"
    names = experiment.names
    known = np.isin(column, names) if column.size else np.zeros(0, dtype=bool)
    by_variant = {
        name: metric_set(table.where(control | (treated & (column == name))),
                         f"variant {name}", days, design, settings, srm=False)
        for name in names
    }  # fmt: skip
    reference = experiment.reference.name
    differences = {
        name: difference(name, by_variant[name].acceptance, reference,
                         by_variant[reference].acceptance, settings)
        for name in names[1:]
    }  # fmt: skip
    observed = {name: int((treated & (column == name)).sum()) for name in names}
    return ExperimentResults(experiment, by_variant, differences,
                             srm_check(observed, experiment.share_of()),
                             int((treated & ~known).sum()))  # fmt: skip
