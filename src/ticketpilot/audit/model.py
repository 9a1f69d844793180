"""What an audit produces: findings with evidence and fixes, scores per layer, the verdict."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any, TypeVar

from ticketpilot.audit.figures.base import NO_FIGURES, Figures

FiguresT = TypeVar("FiguresT", bound=Figures)

LAYERS = ("ownership", "quality", "feasibility")
LAYER_TITLES = {
    "ownership": "Layer 1: data ownership",
    "quality": "Layer 2: data quality",
    "feasibility": "Layer 3: retrieval feasibility",
}


class Severity(StrEnum):
    """``blocker`` findings make the data not ready whatever the score."""

    INFO = "info"
    WARNING = "warning"
    BLOCKER = "blocker"


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing the audit found: what, how bad, the evidence, and the concrete fix."""

    check: str
    severity: Severity
    title: str
    evidence: dict[str, Any]
    fix: str
    examples: tuple[str, ...] = ()


@dataclass(slots=True)
class CheckResult:
    """A check's outcome: a 0..100 score (``None`` when it could not be measured), its findings,
    and the figures behind the score (a built-in check's own model; ``NO_FIGURES`` when it
    measured nothing)."""

    check: str
    layer: str
    title: str
    score: float | None
    weight: float
    method: str
    findings: list[Finding] = field(default_factory=list)
    figures: Figures = NO_FIGURES

    def figures_as(self, kind: type[FiguresT]) -> FiguresT:
        """The figures as the model ``kind``; ``TypeError`` when they are another kind.

        >>> result.figures_as(CoverageFigures).tagged_share  # doctest: +SKIP
        0.6
        """
        if not isinstance(self.figures, kind):
            raise TypeError(
                f"the figures of check {self.check!r} are {type(self.figures).__name__}, "
                f"not {kind.__name__}"
            )
        return self.figures


@dataclass(slots=True)
class LayerResult:
    layer: str
    score: float | None
    checks: list[CheckResult]

    @property
    def title(self) -> str:
        return LAYER_TITLES[self.layer]

    @property
    def findings(self) -> list[Finding]:
        return [f for check in self.checks for f in check.findings]


@dataclass(slots=True)
class AuditReport:
    """The whole audit: layers, overall score, verdict and the thresholds it used."""

    tickets: int
    window: tuple[str | None, str | None]
    layers: list[LayerResult]
    score: float | None
    ready: bool
    verdict: str
    thresholds: dict[str, float]
    seconds: dict[str, float]

    def layer(self, name: str) -> LayerResult:
        return next(layer for layer in self.layers if layer.layer == name)

    def check(self, name: str) -> CheckResult:
        return next(c for layer in self.layers for c in layer.checks if c.check == name)

    @property
    def findings(self) -> list[Finding]:
        return [f for layer in self.layers for f in layer.findings]

    def as_dict(self) -> dict[str, Any]:
        """The JSON form documented in ``docs/audit-json.md`` (schema version 1)."""
        return {
            "schema_version": 1,
            "tickets": self.tickets,
            "window": list(self.window),
            "score": self.score,
            "ready": self.ready,
            "verdict": self.verdict,
            "thresholds": self.thresholds,
            "seconds": self.seconds,
            "layers": [
                {
                    "layer": layer.layer,
                    "title": layer.title,
                    "score": layer.score,
                    "checks": [_check_dict(c) for c in layer.checks],
                }
                for layer in self.layers
            ],
        }


def _check_dict(check: CheckResult) -> dict[str, Any]:
    return {
        "check": check.check,
        "layer": check.layer,
        "title": check.title,
        "score": check.score,
        "weight": check.weight,
        "method": check.method,
        "findings": [
            {**asdict(f), "severity": str(f.severity), "examples": list(f.examples)}
            for f in check.findings
        ],
        "figures": check.figures.as_dict(),
    }
