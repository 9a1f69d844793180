"""The SVG pieces :mod:`ticketpilot.reports.charts` builds its charts from: frame, bars, text, axes,
legend, label placement, and the number formats and coordinates they print.

Everything here returns SVG element strings with text escaped (labels come from ticket data) and
coordinates printed by :func:`coord`, so a chart is the same bytes on every platform.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from html import escape

Formatter = Callable[[float], str]

PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999")
"""Okabe-Ito colours: distinguishable with the common colour-vision deficiencies."""
BAR, HIGHLIGHT, LINE, INK, MUTED = "#0072B2", "#E69F00", "#C0392B", "#222222", "#666666"
LABEL_W, VALUE_W, ROW, BAR_H, BOTTOM, CHAR_W = 170, 72, 24, 16, 46, 7.0
"""Layout in pixels: label column, value column, row pitch, bar height, axis room, char width."""


def number(value: float) -> str:
    """``1,234`` whole or from 100 up, ``12.3`` from 10 up, ``0.42`` below (no trailing zeros)."""
    if value == int(value) or abs(value) >= 100:
        return f"{value:,.0f}"
    text = f"{value:,.1f}" if abs(value) >= 10 else f"{value:.2f}"
    return text.rstrip("0").rstrip(".")


def frame(width: int, height: int, title: str, desc: str, body: list[str]) -> str:
    head = (
        f'<svg class="chart" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(title)}" font-family="system-ui, sans-serif" '
        f'font-size="12" fill="{INK}">'
    )
    title_el = f'<text x="0" y="16" font-size="14" font-weight="600">{escape(title)}</text>'
    parts = [head, f"<title>{escape(title)}</title>", f"<desc>{escape(desc)}</desc>", title_el]
    return "\n".join([*parts, *body, "</svg>"])


def bar(x: float, y: float, w: float, h: float, colour: str, tip: str) -> str:
    """A rectangle with a hover title (escaped: it holds labels)."""
    return (
        f'<rect x="{coord(x)}" y="{coord(y)}" width="{coord(w)}" height="{coord(h)}" fill="{colour}">'
        f"<title>{escape(tip)}</title></rect>"
    )


def text(x: float, y: float, text: str, anchor: str = "start", colour: str = "") -> str:
    fill = f' fill="{colour}"' if colour else ""
    return f'<text x="{coord(x)}" y="{coord(y)}" text-anchor="{anchor}"{fill}>{escape(text)}</text>'


def x_axis(x0: float, x1: float, y: float, domain: float, fmt: Formatter, label: str) -> list[str]:
    out = [
        f'<line x1="{coord(x0)}" y1="{coord(y)}" x2="{coord(x1)}" y2="{coord(y)}" stroke="{MUTED}"/>'
    ]
    for tick in ticks(domain):
        x = scale(tick, domain, x0, x1)
        out += [
            f'<line x1="{coord(x)}" y1="{coord(y)}" x2="{coord(x)}" y2="{coord(y + 4)}" stroke="{MUTED}"/>',
            text(x, y + 16, fmt(tick), "middle", MUTED),
        ]
    return [*out, text((x0 + x1) / 2, y + 36, label, "middle")]


def y_axis(x: float, top: float, bottom: float, domain: float, label: str) -> list[str]:
    out = [
        f'<line x1="{coord(x)}" y1="{coord(top)}" x2="{coord(x)}" y2="{coord(bottom)}" stroke="{MUTED}"/>'
    ]
    for tick in ticks(domain):
        out.append(
            text(x - 6, bottom - (bottom - top) * tick / domain + 4, number(tick), "end", MUTED)
        )
    mid = coord((top + bottom) / 2)
    return [
        *out,
        f'<text x="14" y="{mid}" text-anchor="middle" transform="rotate(-90 14 {mid})">'
        f"{escape(label)}</text>",
    ]


def legend(names: list[str], width: int) -> tuple[list[str], int]:
    """Colour keys in rows under the title; returns the elements and the height they take."""
    out, x, y = [], 0.0, 30
    for k, name in enumerate(names):
        label = clip(name, 28)
        w = 32 + len(label) * CHAR_W
        if x and x + w > width:
            x, y = 0.0, y + 18
        colour = PALETTE[k % len(PALETTE)]
        out += [
            f'<rect x="{coord(x)}" y="{y}" width="12" height="12" fill="{colour}"/>',
            text(x + 17, y + 10, label),
        ]
        x += w
    return out, (y - 8 if names else 0)


def place_labels(marks: list[tuple[float, str]], x1: float) -> list[tuple[int, str, str]]:
    """(row, anchor, text) per marker line at ``x``, so that labels and lines do not collide.

    Row 0 is nearest the plot and a line starts at its own label, crossing the rows below it.
    Labels go right to left, each to the lowest row free of collisions (or with the fewest).
    """
    spans: dict[int, tuple[float, int, float, float]] = {}
    out: dict[int, tuple[int, str, str]] = {}
    for i in sorted(range(len(marks)), key=lambda i: (-marks[i][0], i)):
        x, text = marks[i]
        w = len(text) * CHAR_W
        anchor = "start" if x + 4 + w <= x1 + 16 else "end"
        a, b = (x + 4, x + 4 + w) if anchor == "start" else (x - 4 - w, x - 4)

        def collisions(row: int, x: float = x, a: float = a, b: float = b) -> int:
            return sum(
                (r == row and a < pb + 6 and pa < b + 6)
                or (r > row and a - 2 <= px <= b + 2)
                or (r < row and pa - 2 <= x <= pb + 2)
                for px, r, pa, pb in spans.values()
            )

        row = min(range(len(marks)), key=lambda r: (collisions(r), r))
        spans[i] = (x, row, a, b)
        out[i] = (row, anchor, text)
    return [out[i] for i in range(len(marks))]


def ticks(domain: float) -> list[float]:
    step = nice_step(domain / 4)
    return [i * step for i in range(int(domain / step + 1e-9) + 1)]


def nice_step(raw: float) -> float:
    if raw <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw - 1e-12)


def scale(value: float, domain: float, x0: float, x1: float) -> float:
    return x0 + (x1 - x0) * max(0.0, min(value, domain)) / domain


def anchor(x: float, x0: float, x1: float) -> str:
    return "end" if x > (x0 + x1) / 2 else "start"


def clip(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def coord(value: float) -> str:
    """Coordinates with at most one decimal and no ``-0``: the same bytes on every platform."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
