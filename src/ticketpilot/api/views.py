"""What the pages show, formatted: the pilot report's key figures as table rows, each with the
numbers it was computed from (n, the interval and its method), and an experiment's variants
side by side with each one's comparison against the reference."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ticketpilot.pilot.results import PilotReport
from ticketpilot.pilot.variants import ExperimentResults


@dataclass(frozen=True, slots=True)
class FigureRow:
    """One line of the pilot page's figures table."""

    name: str
    value: str
    fixed: str
    always_valid: str
    n: str
    note: str = ""


def _pct(value: Any) -> str:
    return "n/a" if value is None else f"{float(value):.1%}"


def _num(value: Any, unit: str = "") -> str:
    return "n/a" if value is None else f"{float(value):,.1f}{unit}"


def _interval(interval: Any, fmt: Any) -> str:
    if not interval or interval.get("low") is None or interval.get("high") is None:
        return "n/a"
    return f"{fmt(interval['low'])} to {fmt(interval['high'])}"


def _rate(name: str, figure: dict[str, Any], of: str, note: str = "") -> FigureRow:
    """A rate's row; ``of`` names its denominator ("2 of 5 treatment tickets")."""
    return FigureRow(name, _pct(figure["rate"]), _interval(figure["fixed"], _pct),
                     _interval(figure["always_valid"], _pct),
                     f"{figure['successes']:,} of {figure['n']:,} {of}", note)  # fmt: skip


def _change(name: str, figure: dict[str, Any], unit: str, scale: float = 1.0) -> FigureRow:
    t, c = figure["treatment"], figure["control"]
    means = (f"treatment {_num(_scaled(t['mean'], scale), unit)} vs control "
             f"{_num(_scaled(c['mean'], scale), unit)}")  # fmt: skip
    return FigureRow(name, _signed(figure["change"]), _interval(figure["fixed"], _signed),
                     _interval(figure["always_valid"], _signed),
                     f"{t['n']:,} + {c['n']:,}", means)  # fmt: skip


def _scaled(value: Any, scale: float) -> float | None:
    return None if value is None else float(value) * scale


def _signed(value: Any) -> str:
    return "n/a" if value is None else f"{float(value):+.1%}"


def figure_rows(report: PilotReport) -> list[FigureRow]:
    """The overall figures, in the order a lead reads them."""
    m: dict[str, Any] = report.metrics.overall.as_dict()
    distance, latency = m["edit_distance"], m["latency_ms"]
    rows = [
        _rate(
            "Acceptance (sent unchanged)",
            m["acceptance"],
            "replied drafts",
            "of drafts shown that got a reply",
        ),
        _rate("Edited, then sent", m["edit_rate"], "replied drafts"),
        _rate("Rejected", m["rejection_rate"], "replied drafts"),
        FigureRow(
            "Edit distance (characters)",
            _num(distance["mean"]),
            _interval(distance["interval"], _num),
            "",
            f"{distance['n']:,} edited",
            "mean Levenshtein distance, draft to sent text; Student t",
        ),
        _change("Editing time vs control", m["editing_time"], " s"),
        _rate("Hallucinations flagged by agents", m["hallucination_flagged"], "drafts shown"),
        _rate("Hallucinations detected by checks", m["hallucination_detected"], "drafts written"),
        _rate(
            "Fallback to a human",
            m["fallback_rate"],
            "treatment tickets",
            "treatment tickets given no draft",
        ),
    ]
    for q in ("p50", "p95", "p99"):
        figure = latency.get(q) or {}
        rows.append(FigureRow(f"Drafting latency {q}", _num(figure.get("value"), " ms"),
                              _interval(figure.get("interval"), lambda v: _num(v, " ms")), "",
                              f"{latency['n']:,} drafted", "order statistics"))  # fmt: skip
    rows.append(_change("Resolution time vs control", m["resolution_time"], " h"))
    rows.append(_change("CSAT vs control", m["csat"], ""))
    return rows


@dataclass(frozen=True, slots=True)
class VariantRow:
    """One line of the pilot page's variants table: a variant's treatment tickets against the
    whole control group, and its acceptance against the reference's."""

    name: str
    share: str
    reference: bool
    tickets: str
    acceptance: FigureRow
    edit_rate: FigureRow
    flagged: FigureRow
    editing_time: FigureRow
    comparison: str  # the verdict (always-valid) and the one-look interval; "" for the reference


def variant_rows(results: ExperimentResults) -> list[VariantRow]:
    """The experiment's variants in charter order (the reference first)."""
    reference = results.design.reference.name
    rows = []
    for variant, share in zip(results.design.variants, results.design.shares, strict=True):
        m: dict[str, Any] = results.by_variant[variant.name].as_dict()
        diff = results.differences.get(variant.name)
        comparison = ""
        if diff is not None:
            one_look = _interval(diff.fixed.as_dict(), lambda v: f"{float(v) * 100:+.1f}")
            comparison = (f"{diff.verdict}; at one look ({diff.fixed.method}): {one_look}"
                          + (" points" if one_look != "n/a" else ""))  # fmt: skip
        rows.append(VariantRow(
            variant.name, f"{share:.0%}", variant.name == reference,
            f"{m['units'].get('treatment', 0):,}",
            _rate("Acceptance", m["acceptance"], "replied drafts"),
            _rate("Edited", m["edit_rate"], "replied drafts"),
            _rate("Flagged", m["hallucination_flagged"], "drafts shown"),
            _change("Editing time vs control", m["editing_time"], " s"),
            comparison,
        ))  # fmt: skip
    return rows
