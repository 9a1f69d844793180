"""What a report is made of, before it is HTML, Markdown or PDF: sections of typed blocks.

A section builder (:mod:`ticketpilot.reports.sections`) turns the program's state into a
:class:`Section`; a preset (:mod:`ticketpilot.reports.presets`) lists the sections of one
report; the renderers (:mod:`ticketpilot.reports.render`) draw the same :class:`Report` three
ways. Every block that shows a number carries what it was computed from (n, window, method).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

Level = Literal["good", "warn", "bad", "info"]
"""How a figure reads against its target: met, close or unknown, missed, no target."""


@dataclass(frozen=True)
class Kpi:
    """One headline figure: its value, its target, and where it came from."""

    label: str
    value: str
    basis: str
    """n, window, interval and method, in words."""
    level: Level = "info"
    target: str = ""


@dataclass(frozen=True)
class Kpis:
    items: tuple[Kpi, ...]


@dataclass(frozen=True)
class Table:
    head: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""


@dataclass(frozen=True)
class Chart:
    """An inline SVG chart; ``name`` is the file stem the Markdown links it as."""

    name: str
    svg: str
    caption: str


@dataclass(frozen=True)
class Note:
    text: str
    level: Level = "info"


Block = Kpis | Table | Chart | Note


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    blocks: tuple[Block, ...]
    method: str = ""


@dataclass(frozen=True)
class Report:
    """One report: which kind, over which window, its headline and its sections."""

    kind: str
    title: str
    program: str
    window: str
    generated_at: datetime
    headline: str
    sections: tuple[Section, ...]
    links: tuple[tuple[str, str], ...] = field(default=())
    """(label, file name in ``reports/``) of the reports this one draws on."""

    def charts(self) -> list[Chart]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Chart)]

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: every figure and table; charts as their caption (the SVG is a file)."""
        return {
            "kind": self.kind,
            "title": self.title,
            "program": self.program,
            "window": self.window,
            "generated_at": self.generated_at.isoformat(),
            "headline": self.headline,
            "links": [{"label": label, "file": name} for label, name in self.links],
            "sections": [
                {
                    "key": s.key,
                    "title": s.title,
                    "method": s.method,
                    "blocks": [_block(b) for b in s.blocks],
                }
                for s in self.sections
            ],
        }


def _block(block: Block) -> dict[str, Any]:
    if isinstance(block, Kpis):
        return {"kpis": [vars(k) for k in block.items]}
    if isinstance(block, Table):
        return {"table": {"head": list(block.head), "rows": [list(r) for r in block.rows]},
                "caption": block.caption}  # fmt: skip
    if isinstance(block, Chart):
        return {"chart": block.name, "caption": block.caption}
    return {"note": block.text, "level": block.level}
