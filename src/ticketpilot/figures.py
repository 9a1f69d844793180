"""A number the product shows, with what it was computed from (n, window, method)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class Figure:
    """One reported figure. ``value`` is ``None`` when there was nothing to compute it from."""

    name: str
    value: float | None
    unit: str
    n: int
    method: str
    window_start: datetime | None = None
    window_end: datetime | None = None
    source: str = "computed"

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("window_start", "window_end"):
            if data[key] is not None:
                data[key] = data[key].isoformat()
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Figure:
        values = dict(data)
        for key in ("window_start", "window_end"):
            if values.get(key):
                values[key] = datetime.fromisoformat(values[key])
        return cls(**values)

    def describe(self) -> str:
        """``18.2 h (median of n=41,203 resolved tickets, 2024-01..2024-12)``."""
        if self.value is None:
            return f"n/a ({self.method}; n={self.n:,})"
        window = ""
        if self.window_start and self.window_end:
            window = f", {self.window_start:%Y-%m-%d}..{self.window_end:%Y-%m-%d}"
        origin = "declared in the charter" if self.source == "declared" else f"n={self.n:,}{window}"
        return f"{format_value(self.value, self.unit)} ({self.method}; {origin})"


def format_value(value: float, unit: str) -> str:
    if unit == "share":
        return f"{value:.1%}"
    if unit in ("tickets", "tickets/month"):
        return f"{value:,.0f} {unit}"
    if unit == "h":
        return f"{value:,.1f} h"
    return f"{value:,.2f} {unit}".rstrip()
