"""Baseline figures from the imported history (SPEC S1, playbook phase 1).

Pure functions over :class:`HistoryColumns`; the store fills the columns, the CLI renders.
Every figure says its n, its window and its method, so it can be read against the targets.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np

from ticketpilot.figures import Figure

_HOUR = 3600.0


@dataclass(slots=True)
class HistoryColumns:
    """One entry per ticket; ``None`` where the ticket lacks the value."""

    created_at: list[datetime | None] = field(default_factory=list)
    first_response_at: list[datetime | None] = field(default_factory=list)
    resolved_at: list[datetime | None] = field(default_factory=list)
    category: list[str | None] = field(default_factory=list)
    channel: list[str | None] = field(default_factory=list)
    csat: list[float | None] = field(default_factory=list)


@dataclass(slots=True)
class BaselineReport:
    """The computed baseline: headline figures, monthly volume and mixes."""

    tickets: int
    window_start: datetime | None
    window_end: datetime | None
    figures: dict[str, Figure]
    monthly_volume: dict[str, int]
    category_mix: dict[str, float]
    channel_mix: dict[str, float]


def _hours(start: list[datetime | None], end: list[datetime | None]) -> np.ndarray:
    values = [
        (b - a).total_seconds() / _HOUR
        for a, b in zip(start, end, strict=True)
        if a is not None and b is not None and b >= a
    ]
    return np.asarray(values, dtype=float)


def _duration_figures(
    prefix: str, hours: np.ndarray, what: str, window: tuple[datetime | None, datetime | None]
) -> dict[str, Figure]:
    n = int(hours.size)
    stats = {
        "mean": float(hours.mean()) if n else None,
        "median": float(np.median(hours)) if n else None,
        "p90": float(np.percentile(hours, 90)) if n else None,
    }
    return {
        f"{prefix}_{name}": Figure(
            f"{prefix}_{name}", value, "h", n, f"{name} over {what}", *window
        )
        for name, value in stats.items()
    }


def _csat_figures(
    csat: list[float | None], window: tuple[datetime | None, datetime | None]
) -> dict[str, Figure]:
    rated = np.asarray([c for c in csat if c is not None], dtype=float)
    n = int(rated.size)
    binary = n > 0 and bool(np.isin(rated, (0.0, 1.0)).all())
    if binary:
        mean = Figure(
            "csat_mean",
            float(rated.mean()),
            "share",
            n,
            "share rated good (good/bad scale)",
            *window,
        )
        satisfied: float | None = float(rated.mean())
    else:
        mean = Figure(
            "csat_mean",
            float(rated.mean()) if n else None,
            "of 5",
            n,
            "mean rating (1..5 scale)",
            *window,
        )
        satisfied = float((rated >= 4).mean()) if n else None
    return {
        "csat_mean": mean,
        "csat_satisfied_share": Figure(
            "csat_satisfied_share",
            satisfied,
            "share",
            n,
            "share of rated tickets rated good or 4-5",
            *window,
        ),
        "csat_response_rate": Figure(
            "csat_response_rate",
            n / len(csat) if csat else None,
            "share",
            len(csat),
            "share of tickets with a rating",
            *window,
        ),
    }


def _monthly(created: list[datetime | None]) -> dict[str, int]:
    counts = Counter(f"{c:%Y-%m}" for c in created if c is not None)
    return dict(sorted(counts.items()))


def _mix(values: list[str | None]) -> dict[str, float]:
    tagged = [v for v in values if v]
    if not tagged:
        return {}
    counts = Counter(tagged)
    return {k: n / len(tagged) for k, n in counts.most_common()}


def compute_baseline(history: HistoryColumns) -> BaselineReport:
    """Every baseline figure SPEC S1 names, with n, window and method."""
    total = len(history.created_at)
    dated = [c for c in history.created_at if c is not None]
    window = (min(dated), max(dated)) if dated else (None, None)
    figures: dict[str, Figure] = {}
    figures.update(
        _duration_figures(
            "resolution_hours",
            _hours(history.created_at, history.resolved_at),
            "resolved tickets",
            window,
        )
    )
    figures.update(
        _duration_figures(
            "first_response_hours",
            _hours(history.created_at, history.first_response_at),
            "tickets with a first agent response",
            window,
        )
    )
    figures.update(_csat_figures(history.csat, window))
    monthly = _monthly(history.created_at)
    full_months = list(monthly.values())[1:-1] or list(monthly.values())
    figures["monthly_volume"] = Figure(
        "monthly_volume",
        float(np.mean(full_months)) if full_months else None,
        "tickets/month",
        len(dated),
        f"mean over {len(full_months)} calendar month(s), partial first/last months excluded",
        *window,
    )
    untagged = sum(1 for c in history.category if not c)
    figures["untagged_share"] = Figure(
        "untagged_share",
        untagged / total if total else None,
        "share",
        total,
        "share of tickets without a category",
        *window,
    )
    return BaselineReport(
        tickets=total,
        window_start=window[0],
        window_end=window[1],
        figures=figures,
        monthly_volume=monthly,
        category_mix=_mix(history.category),
        channel_mix=_mix(history.channel),
    )
