"""Prompt and model variants as a randomised experiment inside the pilot's treatment cohort.

A treatment ticket's *variant* is read from its own hash position,
``SHA-256("{salt}:experiment:{experiment name}:{ticket id}")`` (first 8 bytes, big-endian, over
2**64), cut into consecutive ranges by the variants' shares in charter order. The hash input
differs from the cohort's (``"{salt}:{ticket id}"``), so the variant is independent of where the
ticket fell in the cohort range: a ramp of the cohort share never moves a ticket between
variants, and the variants split every part of the cohort alike. Same answer on every restart,
worker, machine and Python version. Renaming the experiment re-randomises (a new experiment).

    >>> design = ExperimentDesign("acme", "tone", (VariantSpec("v1", "reply-v1"),
    ...                           VariantSpec("v2", "reply-v2")), (0.5, 0.5))
    >>> design.variant_of("T-1001")
    'v2'
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ticketpilot.charter import Charter
from ticketpilot.drafting.prompts import load_template
from ticketpilot.errors import PilotError
from ticketpilot.pilot.cohorts import bucket


def variant_bucket(salt: str, experiment: str, ticket_id: str) -> float:
    """The ticket's fixed position in [0, 1) for the experiment (see the module doc): the
    cohort hash keyed by ``salt:experiment:name``, so it is independent of the cohort's."""
    return bucket(f"{salt}:experiment:{experiment}", ticket_id)


@dataclass(frozen=True)
class VariantSpec:
    """One variant: its name, prompt template, and model (``None``: the charter's model)."""

    name: str
    prompt_template: str
    model: str | None = None

    def describe(self) -> str:
        return f"{self.name}: template {self.prompt_template}" + (
            f", model {self.model}" if self.model else ""
        )


@dataclass(frozen=True)
class ExperimentDesign:
    """The experiment: the program salt, its name, its variants (the first is the reference)
    and their shares of the treatment cohort."""

    salt: str
    name: str
    variants: tuple[VariantSpec, ...]
    shares: tuple[float, ...]

    def __post_init__(self) -> None:
        if len(self.variants) < 2 or len(self.shares) != len(self.variants):
            raise PilotError("an experiment needs two or more variants, each with a share")
        if any(s <= 0 for s in self.shares) or abs(sum(self.shares) - 1.0) > 1e-6:
            raise PilotError(f"variant shares {self.shares}: must be positive and add up to 1")
        if len({v.name for v in self.variants}) != len(self.variants):
            raise PilotError("variant names must differ")

    @classmethod
    def from_charter(cls, charter: Charter) -> ExperimentDesign | None:
        """The charter's ``[experiment]``, or ``None`` when there is none."""
        experiment = charter.experiment
        if experiment is None:
            return None
        specs = tuple(VariantSpec(v.name, v.prompt_template, v.model) for v in experiment.variants)
        shares = experiment.shares
        return cls(charter.pilot.salt, experiment.name, specs, tuple(shares[v.name]
                                                                     for v in specs))  # fmt: skip

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(v.name for v in self.variants)

    @property
    def reference(self) -> VariantSpec:
        """The first variant: every other one is compared with it."""
        return self.variants[0]

    def share_of(self) -> dict[str, float]:
        """Each variant's share, as the sample-ratio check expects them."""
        return dict(zip(self.names, self.shares, strict=True))

    def spec(self, name: str) -> VariantSpec:
        for variant in self.variants:
            if variant.name == name:
                return variant
        raise PilotError(f"experiment {self.name!r} has no variant {name!r}")

    def stored(self, experiment: str | None, variant: str | None) -> VariantSpec | None:
        """The variant a ticket was stored with, if it is one of this experiment's (a ticket
        assigned before the experiment, or under another name, drafts as the charter says)."""
        if experiment != self.name or variant not in self.names:
            return None
        return self.spec(variant)

    def variant_of(self, ticket_id: str) -> str:
        """The variant of one treatment ticket."""
        position = variant_bucket(self.salt, self.name, ticket_id)
        edge = 0.0
        for variant, share in zip(self.variants, self.shares, strict=True):
            edge += share
            if position < edge:
                return variant.name
        return self.variants[-1].name  # rounding: shares summing to 1 - 1e-16

    def variants_of(self, ticket_ids: Iterable[str]) -> list[str]:
        return [self.variant_of(ticket_id) for ticket_id in ticket_ids]

    def describe(self) -> str:
        """One line for reports: the variants, shares and the hash."""
        split = ", ".join(f"{v.name} {s:.0%}" for v, s in zip(self.variants, self.shares,
                                                               strict=True))  # fmt: skip
        return (
            f"experiment {self.name!r}: treatment tickets split {split} by SHA-256 of the salt, "
            f"the experiment name and the ticket id; {self.reference.name} is the reference"
        )


def experiment_problems(charter: Charter) -> list[str]:
    """What ``charter check`` reports about ``[experiment]`` beyond its types: unknown prompt
    templates, and variants that would draft alike."""
    experiment = charter.experiment
    if experiment is None:
        return []
    problems = []
    for i, variant in enumerate(experiment.variants):
        try:
            load_template(variant.prompt_template)
        except ValueError as error:
            problems.append(f"experiment.variants.{i}.prompt_template: {error}")
    arms = [(v.prompt_template, v.model or charter.model.name) for v in experiment.variants]
    for i, arm in enumerate(arms):
        if arm in arms[:i]:
            problems.append(
                f"experiment.variants.{i} ({experiment.variants[i].name}): same prompt template "
                f"and model as variant {experiment.variants[arms.index(arm)].name}; the "
                "variants must differ in one of them"
            )
    return problems
