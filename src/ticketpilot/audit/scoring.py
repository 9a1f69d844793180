"""Scores per layer and overall, and the verdict against the charter's thresholds."""

from __future__ import annotations

from ticketpilot.audit.model import LAYERS, CheckResult, LayerResult, Severity
from ticketpilot.charter import Charter

LAYER_WEIGHTS = {"ownership": 1.0, "quality": 2.0, "feasibility": 1.0}


def weighted_mean(pairs: list[tuple[float | None, float]]) -> float | None:
    scored = [(s, w) for s, w in pairs if s is not None]
    total = sum(w for _, w in scored)
    return sum(s * w for s, w in scored) / total if total else None


def layers_of(results: list[CheckResult]) -> list[LayerResult]:
    layers = []
    for name in LAYERS:
        checks = [r for r in results if r.layer == name]
        layers.append(
            LayerResult(name, weighted_mean([(c.score, c.weight) for c in checks]), checks)
        )
    return layers


def verdict(layers: list[LayerResult], charter: Charter) -> tuple[float | None, bool, str]:
    """(overall score, ready, one-sentence verdict)."""
    overall = weighted_mean([(layer.score, LAYER_WEIGHTS[layer.layer]) for layer in layers])
    blockers = [f for layer in layers for f in layer.findings if f.severity is Severity.BLOCKER]
    need = charter.audit.min_score
    if overall is None:
        return None, False, "NOT READY: nothing to audit (import tickets first)"
    if blockers:
        return (
            overall,
            False,
            (
                f"NOT READY: score {overall:.0f}/100 (needs {need:.0f}) with {len(blockers)} blocking "
                f"finding(s), first: {blockers[0].title}"
            ),
        )
    if overall < need:
        return (
            overall,
            False,
            f"NOT READY: score {overall:.0f}/100 is under the charter's {need:.0f}",
        )
    return overall, True, f"READY: score {overall:.0f}/100 (needs {need:.0f}), no blocking findings"
