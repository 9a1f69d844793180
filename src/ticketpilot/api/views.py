"""What the pages show, formatted: the pilot report's key figures as table rows, each with the
numbers it was computed from (n, the interval and its method)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ticketpilot.pilot.results import PilotReport


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
