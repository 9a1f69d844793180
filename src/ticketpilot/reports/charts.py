"""Small dependency-free SVG charts for self-contained reports (audit, dashboard, weekly, monthly).

Each function returns one ``<svg>`` element as a string: fixed width, ``role="img"`` with an
``aria-label``, a ``<title>`` and a ``<desc>`` that lists the data for screen readers, axis labels,
and every piece of text escaped (labels come from ticket data). The output is deterministic, so
charts are golden-tested. Inline the string in HTML as is; :func:`standalone` makes a ``.svg`` file.

    >>> svg = bar_chart(["Billing", "Login"], [120, 45], title="Tickets per category",
    ...                 x_label="tickets", threshold=100)
    >>> svg.startswith('<svg class="chart"')
    True
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence
from html import escape

from ticketpilot.reports import svg_parts as parts
from ticketpilot.reports.svg_parts import (
    BAR,
    HIGHLIGHT,
    INK,
    LINE,
    MUTED,
    PALETTE,
    Formatter,
    number,
)

__all__ = [
    "BAR",
    "HIGHLIGHT",
    "INK",
    "LINE",
    "MUTED",
    "PALETTE",
    "WIDTH",
    "Formatter",
    "bar_chart",
    "histogram",
    "nice_max",
    "number",
    "percent",
    "range_chart",
    "stacked_bar_chart",
    "standalone",
]

WIDTH = 640


def percent(value: float) -> str:
    """A 0..1 share as ``62.5%`` (``60%`` when whole, ``<0.1%`` when tiny but not zero)."""
    if 0 < value < 0.0005:
        return "<0.1%"
    return f"{value * 100:.1f}".rstrip("0").rstrip(".") + "%"


def nice_max(value: float) -> float:
    """The smallest round axis end at or above ``value`` (4 or 5 even ticks): 0.83 -> 1."""
    if value <= 0:
        return 1.0
    step = parts.nice_step(value / 4)
    return math.ceil(value / step - 1e-9) * step


def standalone(svg: str) -> str:
    """The chart as a file of its own (adds the SVG namespace an ``.svg`` file needs)."""
    return svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1) + "\n"


def bar_chart(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    title: str,
    x_label: str,
    y_label: str = "",
    threshold: float | None = None,
    threshold_label: str = "threshold",
    fmt: Formatter = number,
    max_value: float | None = None,
    highlight: Collection[str] = (),
    width: int = WIDTH,
) -> str:
    """Horizontal bars with value labels, and an optional vertical threshold line.

    ``highlight`` names labels drawn in the accent colour (e.g. "untagged", under a threshold).
    """
    _same_length(labels, values)
    top = 50 if threshold is not None or y_label else 36
    x0, x1 = parts.LABEL_W, width - parts.VALUE_W
    domain = max_value or nice_max(max([*values, threshold or 0.0, 0.0]))
    rows = []
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y, w = top + i * parts.ROW, parts.scale(value, domain, x0, x1) - x0
        colour = HIGHLIGHT if label in highlight else BAR
        tip = f"{label}: {fmt(value)}"
        rows += [
            parts.bar(x0, y + 4, w, parts.BAR_H, colour, tip),
            parts.text(x0 + w + 4, y + 16, fmt(value)),
        ]
    desc = "; ".join(f"{label}: {fmt(v)}" for label, v in zip(labels, values, strict=True))
    if threshold is not None:
        x, bottom = parts.scale(threshold, domain, x0, x1), top + len(labels) * parts.ROW
        rows += [
            f'<line class="threshold" x1="{parts.coord(x)}" y1="{top - 4}" x2="{parts.coord(x)}" y2="{bottom}" '
            f'stroke="{LINE}" stroke-width="2" stroke-dasharray="5 3"/>',
            parts.text(
                x, top - 8, f"{threshold_label} {fmt(threshold)}", parts.anchor(x, x0, x1), LINE
            ),
        ]
        desc += f"; {threshold_label}: {fmt(threshold)}"
    return _rows_chart(labels, rows, top, domain, fmt, (title, x_label, y_label, desc), width)


def stacked_bar_chart(
    labels: Sequence[str],
    series: Mapping[str, Sequence[float]],
    *,
    title: str,
    x_label: str,
    y_label: str = "",
    fmt: Formatter = number,
    max_value: float | None = None,
    width: int = WIDTH,
) -> str:
    """Horizontal bars split into coloured segments, one per series, with a legend and totals."""
    for values in series.values():
        _same_length(labels, values)
    legend, legend_h = parts.legend(list(series), width)
    top = 36 + legend_h + (14 if y_label else 0)
    x0, x1 = parts.LABEL_W, width - parts.VALUE_W
    totals = [sum(values[i] for values in series.values()) for i in range(len(labels))]
    domain = max_value or nice_max(max([*totals, 0.0]))
    rows = legend
    for i, label in enumerate(labels):
        y, x = top + i * parts.ROW, float(x0)
        for k, (name, values) in enumerate(series.items()):
            w = parts.scale(values[i], domain, x0, x1) - x0
            if w > 0:
                tip = f"{label}, {name}: {fmt(values[i])}"
                rows.append(parts.bar(x, y + 4, w, parts.BAR_H, PALETTE[k % len(PALETTE)], tip))
            x += w
        rows.append(parts.text(x + 4, y + 16, fmt(totals[i])))
    desc = "; ".join(
        f"{label}: " + ", ".join(f"{name} {fmt(vals[i])}" for name, vals in series.items())
        for i, label in enumerate(labels)
    )
    return _rows_chart(labels, rows, top, domain, fmt, (title, x_label, y_label, desc), width)


def range_chart(
    labels: Sequence[str],
    mids: Sequence[float],
    lows: Sequence[float],
    highs: Sequence[float],
    *,
    title: str,
    x_label: str,
    y_label: str = "",
    fmt: Formatter = number,
    max_value: float | None = None,
    width: int = WIDTH,
) -> str:
    """Per row a dot at ``mids`` and a whisker from ``lows`` to ``highs`` (a median and spread)."""
    for seq in (mids, lows, highs):
        _same_length(labels, seq)
    top, x0, x1 = 50 if y_label else 36, parts.LABEL_W, width - parts.VALUE_W
    domain = max_value or nice_max(max([*highs, *mids, 0.0]))
    rows = []
    for i, (label, mid, low, high) in enumerate(zip(labels, mids, lows, highs, strict=True)):
        y = top + i * parts.ROW + 12
        a, b, m = (parts.scale(v, domain, x0, x1) for v in (low, high, mid))
        tip = f"{label}: {fmt(mid)} ({fmt(low)}–{fmt(high)})"
        rows += [
            f'<path d="M{parts.coord(a)} {y - 5}V{y + 5}M{parts.coord(a)} {y}H{parts.coord(b)}M{parts.coord(b)} {y - 5}V{y + 5}" '
            f'stroke="{MUTED}" stroke-width="1.5" fill="none"/>',
            f'<circle cx="{parts.coord(m)}" cy="{y}" r="5" fill="{BAR}">'
            f"<title>{escape(tip)}</title></circle>",
            parts.text(x1 + 6, y + 4, fmt(mid)),
        ]
    desc = "; ".join(
        f"{label}: {fmt(m)} (range {fmt(lo)} to {fmt(hi)})"
        for label, m, lo, hi in zip(labels, mids, lows, highs, strict=True)
    )
    return _rows_chart(labels, rows, top, domain, fmt, (title, x_label, y_label, desc), width)


def histogram(
    values: Sequence[float],
    *,
    title: str,
    x_label: str,
    y_label: str = "count",
    bins: int = 20,
    budget: float | None = None,
    budget_label: str = "budget",
    markers: Mapping[str, float] | None = None,
    x_max: float | None = None,
    fmt: Formatter = number,
    width: int = WIDTH,
    height: int = 260,
) -> str:
    """Counts of ``values`` in equal bins, a vertical budget line and labelled marker lines.

    Values, markers or a budget beyond ``x_max`` are noted under the axis, not drawn.
    """
    lines = [(k, v, INK, ' stroke-dasharray="4 3"') for k, v in (markers or {}).items()]
    lines += [(budget_label, budget, LINE, "")] if budget is not None else []
    domain = x_max or nice_max(max([*values, *(v for _, v, _, _ in lines), 0.0]))
    x0, x1 = 52, width - 20
    over = sum(v > domain for v in values)
    notes = [(f"{k} {fmt(v)} is off the scale →", c) for k, v, c, _ in lines if v > domain]
    notes += [(f"+{over:,} values above {fmt(domain)}", MUTED)] if over else []
    shown = sorted((v, k, c, d) for k, v, c, d in lines if v <= domain)
    placed = parts.place_labels(
        [(parts.scale(v, domain, x0, x1), f"{k} {fmt(v)}") for v, k, _, _ in shown], x1
    )
    top = 49 + 13 * max([row for row, _, _ in placed], default=-1)
    bottom = height - parts.BOTTOM - 14 * len(notes)
    counts = [0] * bins
    for v in values:
        if 0 <= v <= domain:
            counts[min(bins - 1, int(v / domain * bins))] += 1
    y_max = nice_max(max([*counts, 4]))
    body = parts.y_axis(x0, top, bottom, y_max, y_label)
    bw = (x1 - x0) / bins
    for i, c in enumerate(counts):
        h = (bottom - top) * c / y_max
        tip = f"{fmt(i * domain / bins)}–{fmt((i + 1) * domain / bins)}: {c:,}"
        body += [parts.bar(x0 + i * bw + 0.5, bottom - h, bw - 1, h, BAR, tip)] if c else []
    body += parts.x_axis(x0, x1, bottom, domain, fmt, x_label)
    for (v, _, colour, dash), (row, anchor, text) in zip(shown, placed, strict=True):
        x, y = parts.scale(v, domain, x0, x1), top - 13 - 13 * row
        body += [
            f'<line class="marker" x1="{parts.coord(x)}" y1="{y + 3}" x2="{parts.coord(x)}" y2="{parts.coord(bottom)}" '
            f'stroke="{colour}" stroke-width="{1.5 if dash else 2}"{dash}/>',
            parts.text(x + (4 if anchor == "start" else -4), y, text, anchor, colour),
        ]
    body += [parts.text(x1, bottom + 52 + 14 * i, t, "end", c) for i, (t, c) in enumerate(notes)]
    marks = "; ".join(f"{k} {fmt(v)}" for k, v, _, _ in lines)
    desc = f"{len(values):,} values in {bins} bins up to {fmt(domain)}; {marks}"
    return parts.frame(width, height, title, desc, body)


def _rows_chart(
    labels: Sequence[str],
    rows: list[str],
    top: int,
    domain: float,
    fmt: Formatter,
    words: tuple[str, str, str, str],
    width: int,
) -> str:
    """One row per label with the label on the left, the x axis under the rows."""
    title, x_label, y_label, desc = words
    bottom = top + len(labels) * parts.ROW
    body = [parts.text(parts.LABEL_W - 8, top - 8, y_label, "end", MUTED)] if y_label else []
    body += [
        parts.text(parts.LABEL_W - 8, top + i * parts.ROW + 16, parts.clip(s, 24), "end")
        for i, s in enumerate(labels)
    ]
    body += rows + parts.x_axis(parts.LABEL_W, width - parts.VALUE_W, bottom, domain, fmt, x_label)
    return parts.frame(width, bottom + parts.BOTTOM, title, desc, body)


def _same_length(labels: Sequence[str], values: Sequence[float]) -> None:
    if len(labels) != len(values):
        raise ValueError(f"{len(labels)} labels but {len(values)} values")
