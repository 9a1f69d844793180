"""Deterministic pilot cohorts: which tickets get drafts, which are the control, which neither.

A ticket's *bucket* is a number in [0, 1) read from the first 8 bytes of
``SHA-256("{salt}:{ticket id}")`` (big-endian, divided by 2**64): the same on every restart,
worker, machine and Python version (never Python's salted ``hash()``). The treatment cohort is
the bottom of the range, ``[0, treatment_share)``; the control group the top,
``[1 - control_share, 1)``; the middle is *outside* the pilot. Growing the cohort later (10% ->
20%) keeps every treated ticket treated and leaves the control group as it was, as long as the
two shares still fit in 1.

    >>> design = CohortDesign(salt="acme-2026", treatment_share=0.1, control_share=0.1)
    >>> design.arm("T-1001")
    'outside'
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from ticketpilot.charter import Pilot
from ticketpilot.errors import PilotError

Arm = Literal["treatment", "control", "outside"]
#: the two arms the pilot compares, in report order
ARMS: tuple[Arm, Arm] = ("treatment", "control")
_SCALE = float(2**64)


def bucket(salt: str, ticket_id: str) -> float:
    """The ticket's fixed position in [0, 1) for ``salt`` (SHA-256 prefix; see the module doc)."""
    return _position(hashlib.sha256(f"{salt}:{ticket_id}".encode()).digest())


def _position(digest: bytes) -> float:
    """The first 8 bytes of a digest as a number in [0, 1)."""
    return int.from_bytes(digest[:8], "big") / _SCALE


@dataclass(frozen=True)
class CohortDesign:
    """The pilot's assignment: a program salt and the shares of tickets treated and held back."""

    salt: str
    treatment_share: float
    control_share: float

    def __post_init__(self) -> None:
        if not self.salt:
            raise PilotError("cohort salt must not be empty")
        for name in ("treatment_share", "control_share"):
            share = getattr(self, name)
            if not 0.0 < share <= 1.0:
                raise PilotError(f"{name} = {share!r}: must be above 0 and at most 1")
        if self.treatment_share + self.control_share > 1.0 + 1e-12:
            raise PilotError(
                f"treatment_share {self.treatment_share:g} + control_share "
                f"{self.control_share:g} exceed 1: the cohorts would overlap"
            )

    @classmethod
    def from_charter(cls, pilot: Pilot) -> CohortDesign:
        """The charter's ``[pilot]`` design; the control group defaults to the cohort's size."""
        control = pilot.cohort_share if pilot.control_share is None else pilot.control_share
        return cls(salt=pilot.salt, treatment_share=pilot.cohort_share, control_share=control)

    def arm(self, ticket_id: str) -> Arm:
        """The arm of one ticket."""
        return self._arm_at(bucket(self.salt, ticket_id))

    def arms(self, ticket_ids: Iterable[str]) -> list[Arm]:
        """The arms of many tickets, in order (the same hash as :func:`bucket`, with the salt
        hashed once: a pilot report hashes every ticket of the pilot)."""
        salted = hashlib.sha256(f"{self.salt}:".encode())
        found: list[Arm] = []
        for ticket_id in ticket_ids:
            digest = salted.copy()
            digest.update(ticket_id.encode())
            found.append(self._arm_at(_position(digest.digest())))
        return found

    def _arm_at(self, position: float) -> Arm:
        if position < self.treatment_share:
            return "treatment"
        if position >= 1.0 - self.control_share:
            return "control"
        return "outside"

    @property
    def shares(self) -> dict[str, float]:
        """Each arm's share of all tickets, as the sample-ratio check expects them."""
        return {"treatment": self.treatment_share, "control": self.control_share}

    def describe(self) -> str:
        """One line for reports: the shares and the hash."""
        return (
            f"{self.treatment_share:.0%} of tickets treated, {self.control_share:.0%} held back "
            "as control, by SHA-256 of the program salt and the ticket id"
        )
