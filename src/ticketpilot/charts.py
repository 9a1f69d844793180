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
from collections.abc import Callable, Collection, Mapping, Sequence
from html import escape

Formatter = Callable[[float], str]

WIDTH = 640
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999")
"""Okabe-Ito colours: distinguishable with the common colour-vision deficiencies."""
BAR, HIGHLIGHT, LINE, INK, MUTED = "#0072B2", "#E69F00", "#C0392B", "#222222", "#666666"
_LABEL_W, _VALUE_W, _ROW, _BAR_H, _BOTTOM, _CHAR_W = 170, 72, 24, 16, 46, 7.0


def number(value: float) -> str:
    """``1,234`` whole or from 100 up, ``12.3`` from 10 up, ``0.42`` below (no trailing zeros)."""
    if value == int(value) or abs(value) >= 100:
        return f"{value:,.0f}"
    text = f"{value:,.1f}" if abs(value) >= 10 else f"{value:.2f}"
    return text.rstrip("0").rstrip(".")


def percent(value: float) -> str:
    """A 0..1 share as ``62.5%`` (``60%`` when whole, ``<0.1%`` when tiny but not zero)."""
    if 0 < value < 0.0005:
        return "<0.1%"
    return f"{value * 100:.1f}".rstrip("0").rstrip(".") + "%"


def nice_max(value: float) -> float:
    """The smallest round axis end at or above ``value`` (4 or 5 even ticks): 0.83 -> 1."""
    if value <= 0:
        return 1.0
    step = _nice_step(value / 4)
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
    x0, x1 = _LABEL_W, width - _VALUE_W
    domain = max_value or nice_max(max([*values, threshold or 0.0, 0.0]))
    rows = []
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y, w = top + i * _ROW, _scale(value, domain, x0, x1) - x0
        colour = HIGHLIGHT if label in highlight else BAR
        tip = f"{label}: {fmt(value)}"
        rows += [_bar(x0, y + 4, w, _BAR_H, colour, tip), _text(x0 + w + 4, y + 16, fmt(value))]
    desc = "; ".join(f"{label}: {fmt(v)}" for label, v in zip(labels, values, strict=True))
    if threshold is not None:
        x, bottom = _scale(threshold, domain, x0, x1), top + len(labels) * _ROW
        rows += [
            f'<line class="threshold" x1="{_f(x)}" y1="{top - 4}" x2="{_f(x)}" y2="{bottom}" '
            f'stroke="{LINE}" stroke-width="2" stroke-dasharray="5 3"/>',
            _text(x, top - 8, f"{threshold_label} {fmt(threshold)}", _anchor(x, x0, x1), LINE),
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
    legend, legend_h = _legend(list(series), width)
    top = 36 + legend_h + (14 if y_label else 0)
    x0, x1 = _LABEL_W, width - _VALUE_W
    totals = [sum(values[i] for values in series.values()) for i in range(len(labels))]
    domain = max_value or nice_max(max([*totals, 0.0]))
    rows = legend
    for i, label in enumerate(labels):
        y, x = top + i * _ROW, float(x0)
        for k, (name, values) in enumerate(series.items()):
            w = _scale(values[i], domain, x0, x1) - x0
            if w > 0:
                tip = f"{label}, {name}: {fmt(values[i])}"
                rows.append(_bar(x, y + 4, w, _BAR_H, PALETTE[k % len(PALETTE)], tip))
            x += w
        rows.append(_text(x + 4, y + 16, fmt(totals[i])))
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
    top, x0, x1 = 50 if y_label else 36, _LABEL_W, width - _VALUE_W
    domain = max_value or nice_max(max([*highs, *mids, 0.0]))
    rows = []
    for i, (label, mid, low, high) in enumerate(zip(labels, mids, lows, highs, strict=True)):
        y = top + i * _ROW + 12
        a, b, m = (_scale(v, domain, x0, x1) for v in (low, high, mid))
        tip = f"{label}: {fmt(mid)} ({fmt(low)}–{fmt(high)})"
        rows += [
            f'<path d="M{_f(a)} {y - 5}V{y + 5}M{_f(a)} {y}H{_f(b)}M{_f(b)} {y - 5}V{y + 5}" '
            f'stroke="{MUTED}" stroke-width="1.5" fill="none"/>',
            f'<circle cx="{_f(m)}" cy="{y}" r="5" fill="{BAR}">'
            f"<title>{escape(tip)}</title></circle>",
            _text(x1 + 6, y + 4, fmt(mid)),
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
    placed = _place_labels(
        [(_scale(v, domain, x0, x1), f"{k} {fmt(v)}") for v, k, _, _ in shown], x1
    )
    top = 49 + 13 * max([row for row, _, _ in placed], default=-1)
    bottom = height - _BOTTOM - 14 * len(notes)
    counts = [0] * bins
    for v in values:
        if 0 <= v <= domain:
            counts[min(bins - 1, int(v / domain * bins))] += 1
    y_max = nice_max(max([*counts, 4]))
    body = _y_axis(x0, top, bottom, y_max, y_label)
    bw = (x1 - x0) / bins
    for i, c in enumerate(counts):
        h = (bottom - top) * c / y_max
        tip = f"{fmt(i * domain / bins)}–{fmt((i + 1) * domain / bins)}: {c:,}"
        body += [_bar(x0 + i * bw + 0.5, bottom - h, bw - 1, h, BAR, tip)] if c else []
    body += _x_axis(x0, x1, bottom, domain, fmt, x_label)
    for (v, _, colour, dash), (row, anchor, text) in zip(shown, placed, strict=True):
        x, y = _scale(v, domain, x0, x1), top - 13 - 13 * row
        body += [
            f'<line class="marker" x1="{_f(x)}" y1="{y + 3}" x2="{_f(x)}" y2="{_f(bottom)}" '
            f'stroke="{colour}" stroke-width="{1.5 if dash else 2}"{dash}/>',
            _text(x + (4 if anchor == "start" else -4), y, text, anchor, colour),
        ]
    body += [_text(x1, bottom + 52 + 14 * i, t, "end", c) for i, (t, c) in enumerate(notes)]
    marks = "; ".join(f"{k} {fmt(v)}" for k, v, _, _ in lines)
    desc = f"{len(values):,} values in {bins} bins up to {fmt(domain)}; {marks}"
    return _frame(width, height, title, desc, body)


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
    bottom = top + len(labels) * _ROW
    body = [_text(_LABEL_W - 8, top - 8, y_label, "end", MUTED)] if y_label else []
    body += [
        _text(_LABEL_W - 8, top + i * _ROW + 16, _clip(s, 24), "end") for i, s in enumerate(labels)
    ]
    body += rows + _x_axis(_LABEL_W, width - _VALUE_W, bottom, domain, fmt, x_label)
    return _frame(width, bottom + _BOTTOM, title, desc, body)


def _frame(width: int, height: int, title: str, desc: str, body: list[str]) -> str:
    head = (
        f'<svg class="chart" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(title)}" font-family="system-ui, sans-serif" '
        f'font-size="12" fill="{INK}">'
    )
    title_el = f'<text x="0" y="16" font-size="14" font-weight="600">{escape(title)}</text>'
    parts = [head, f"<title>{escape(title)}</title>", f"<desc>{escape(desc)}</desc>", title_el]
    return "\n".join([*parts, *body, "</svg>"])


def _bar(x: float, y: float, w: float, h: float, colour: str, tip: str) -> str:
    """A rectangle with a hover title (escaped: it holds labels)."""
    return (
        f'<rect x="{_f(x)}" y="{_f(y)}" width="{_f(w)}" height="{_f(h)}" fill="{colour}">'
        f"<title>{escape(tip)}</title></rect>"
    )


def _text(x: float, y: float, text: str, anchor: str = "start", colour: str = "") -> str:
    fill = f' fill="{colour}"' if colour else ""
    return f'<text x="{_f(x)}" y="{_f(y)}" text-anchor="{anchor}"{fill}>{escape(text)}</text>'


def _x_axis(x0: float, x1: float, y: float, domain: float, fmt: Formatter, label: str) -> list[str]:
    out = [f'<line x1="{_f(x0)}" y1="{_f(y)}" x2="{_f(x1)}" y2="{_f(y)}" stroke="{MUTED}"/>']
    for tick in _ticks(domain):
        x = _scale(tick, domain, x0, x1)
        out += [
            f'<line x1="{_f(x)}" y1="{_f(y)}" x2="{_f(x)}" y2="{_f(y + 4)}" stroke="{MUTED}"/>',
            _text(x, y + 16, fmt(tick), "middle", MUTED),
        ]
    return [*out, _text((x0 + x1) / 2, y + 36, label, "middle")]


def _y_axis(x: float, top: float, bottom: float, domain: float, label: str) -> list[str]:
    out = [f'<line x1="{_f(x)}" y1="{_f(top)}" x2="{_f(x)}" y2="{_f(bottom)}" stroke="{MUTED}"/>']
    for tick in _ticks(domain):
        out.append(
            _text(x - 6, bottom - (bottom - top) * tick / domain + 4, number(tick), "end", MUTED)
        )
    mid = _f((top + bottom) / 2)
    return [
        *out,
        f'<text x="14" y="{mid}" text-anchor="middle" transform="rotate(-90 14 {mid})">'
        f"{escape(label)}</text>",
    ]


def _legend(names: list[str], width: int) -> tuple[list[str], int]:
    """Colour keys in rows under the title; returns the elements and the height they take."""
    out, x, y = [], 0.0, 30
    for k, name in enumerate(names):
        text = _clip(name, 28)
        w = 32 + len(text) * _CHAR_W
        if x and x + w > width:
            x, y = 0.0, y + 18
        colour = PALETTE[k % len(PALETTE)]
        out += [
            f'<rect x="{_f(x)}" y="{y}" width="12" height="12" fill="{colour}"/>',
            _text(x + 17, y + 10, text),
        ]
        x += w
    return out, (y - 8 if names else 0)


def _place_labels(marks: list[tuple[float, str]], x1: float) -> list[tuple[int, str, str]]:
    """(row, anchor, text) per marker line at ``x``, so that labels and lines do not collide.

    Row 0 is nearest the plot and a line starts at its own label, crossing the rows below it.
    Labels go right to left, each to the lowest row free of collisions (or with the fewest).
    """
    spans: dict[int, tuple[float, int, float, float]] = {}
    out: dict[int, tuple[int, str, str]] = {}
    for i in sorted(range(len(marks)), key=lambda i: (-marks[i][0], i)):
        x, text = marks[i]
        w = len(text) * _CHAR_W
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


def _ticks(domain: float) -> list[float]:
    step = _nice_step(domain / 4)
    return [i * step for i in range(int(domain / step + 1e-9) + 1)]


def _nice_step(raw: float) -> float:
    if raw <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw - 1e-12)


def _scale(value: float, domain: float, x0: float, x1: float) -> float:
    return x0 + (x1 - x0) * max(0.0, min(value, domain)) / domain


def _anchor(x: float, x0: float, x1: float) -> str:
    return "end" if x > (x0 + x1) / 2 else "start"


def _clip(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _f(value: float) -> str:
    """Coordinates with at most one decimal and no ``-0``: the same bytes on every platform."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _same_length(labels: Sequence[str], values: Sequence[float]) -> None:
    if len(labels) != len(values):
        raise ValueError(f"{len(labels)} labels but {len(values)} values")
