"""The charts every report shares, drawn by matplotlib's SVG backend (see :mod:`.figure`).

Each function returns one inline-ready ``<svg class="chart" role="img">`` string with a
``<title>``, a ``<desc>`` that lists the data for screen readers, axis labels, and every piece
of text escaped (labels come from ticket data). The same figures give the same bytes, so charts
are golden-tested; :func:`standalone` makes a ``.svg`` file of one.

    >>> svg = bar_chart(["Billing", "Login"], [120, 45], title="Tickets per category",
    ...                 x_label="tickets", threshold=100)
    >>> svg.startswith('<svg class="chart"')
    True

Rows (bar, stacked, range charts) run top to bottom in the order given; lines and columns run
left to right. Legends sit under the plot, so they never cover data.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import TYPE_CHECKING

from ticketpilot.reports.figure import clip, figure, standalone, to_svg
from ticketpilot.reports.formats import Formatter, nice_max, nice_step, number, percent

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.ticker import Locator

Dash = tuple[float, tuple[float, ...]]

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
    "column_chart",
    "histogram",
    "line_chart",
    "nice_max",
    "number",
    "percent",
    "range_chart",
    "stacked_bar_chart",
    "standalone",
]

PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999")
"""Okabe-Ito colours: distinguishable with the common colour-vision deficiencies."""
BAR, HIGHLIGHT, LINE, INK, MUTED = "#0072B2", "#E69F00", "#C0392B", "#222222", "#666666"
WIDTH = 640
_MARKERS = ("#222222", "#009E73", "#CC79A7")
_ROW, _FRAME, _LEGEND = 26, 96, 26
"""Row pitch, room for title and axis, room for a legend row (pixels)."""


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
    domain = max_value or nice_max(max([*values, threshold or 0.0, 0.0]))
    legend = threshold is not None
    desc = "; ".join(f"{label}: {fmt(v)}" for label, v in zip(labels, values, strict=True))
    with figure(width, _rows_height(len(labels), legend)) as (fig, ax):
        colours = [HIGHLIGHT if label in highlight else BAR for label in labels]
        bars = ax.barh(range(len(labels)), values, color=colours, height=0.66)
        ax.bar_label(bars, labels=[fmt(v) for v in values], padding=3, fontsize=9.5)
        if threshold is not None:
            name = f"{threshold_label} {fmt(threshold)}"
            ax.axvline(threshold, color=LINE, linewidth=1.6, linestyle=(0, (5, 3)), label=name)
            desc += f"; {threshold_label}: {fmt(threshold)}"
        _row_axes(ax, labels, domain, fmt, (title, x_label, y_label))
        return _finish(fig, ax, title, desc, legend)


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
    totals = [sum(values[i] for values in series.values()) for i in range(len(labels))]
    domain = max_value or nice_max(max([*totals, 0.0]))
    rows = math.ceil(len(series) / 4)
    desc = "; ".join(
        f"{label}: " + ", ".join(f"{name} {fmt(vals[i])}" for name, vals in series.items())
        for i, label in enumerate(labels)
    )
    with figure(width, _rows_height(len(labels), bool(series), rows)) as (fig, ax):
        left = [0.0] * len(labels)
        bars = None
        for k, (name, values) in enumerate(series.items()):
            colour = PALETTE[k % len(PALETTE)]
            bars = ax.barh(
                range(len(labels)), values, left=left, color=colour, height=0.66, label=clip(name)
            )
            left = [a + float(b) for a, b in zip(left, values, strict=True)]
        if bars is not None:
            ax.bar_label(bars, labels=[fmt(t) for t in totals], padding=3, fontsize=9.5)
        _row_axes(ax, labels, domain, fmt, (title, x_label, y_label))
        return _finish(fig, ax, title, desc, bool(series), columns=4)


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
    """Per row a dot at ``mids`` and a whisker from ``lows`` to ``highs`` (an estimate and its
    interval, or a median and its spread), with the dot's value printed beside the whisker."""
    for seq in (mids, lows, highs):
        _same_length(labels, seq)
    domain = max_value or nice_max(max([*highs, *mids, 0.0]))
    desc = "; ".join(
        f"{label}: {fmt(m)} (range {fmt(lo)} to {fmt(hi)})"
        for label, m, lo, hi in zip(labels, mids, lows, highs, strict=True)
    )
    with figure(width, _rows_height(len(labels), False)) as (fig, ax):
        for i, (mid, low, high) in enumerate(zip(mids, lows, highs, strict=True)):
            ax.errorbar(
                [mid], [i], xerr=[[max(mid - low, 0.0)], [max(high - mid, 0.0)]],
                fmt="o", color=BAR, ecolor=MUTED, elinewidth=1.5, capsize=4, markersize=6,
            )  # fmt: skip
            ax.annotate(
                fmt(mid), (min(high, domain), i), xytext=(7, 0), textcoords="offset points",
                va="center", fontsize=9.5,
            )  # fmt: skip
        _row_axes(ax, labels, domain, fmt, (title, x_label, y_label))
        return _finish(fig, ax, title, desc, False)


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
    """Counts of ``values`` in equal bins, a budget line and labelled marker lines.

    Lines past ``x_max`` are named in the legend as off the scale; values past it are counted
    under the axis, not drawn.
    """
    dashes: tuple[Dash, ...] = ((0, (4, 3)), (0, (1, 2)), (0, (6, 2, 1, 2)))
    lines: list[tuple[str, float, str, Dash]] = [
        (k, v, _MARKERS[i % 3], dashes[i % 3]) for i, (k, v) in enumerate((markers or {}).items())
    ]
    lines += [(budget_label, budget, LINE, (0, ()))] if budget is not None else []
    domain = x_max or nice_max(max([*values, *(v for _, v, _, _ in lines), 0.0]))
    over = sum(v > domain for v in values)
    shown = [v for v in values if 0 <= v <= domain]
    marks = "; ".join(f"{k} {fmt(v)}" for k, v, _, _ in lines)
    desc = f"{len(values):,} values in {bins} bins up to {fmt(domain)}; {marks}"
    label = x_label + (f" ({over:,} values above {fmt(domain)} not drawn)" if over else "")
    with figure(width, height + (_LEGEND if lines else 0)) as (fig, ax):
        ax.hist(shown, bins=bins, range=(0.0, domain), color=BAR, edgecolor="white")
        for name, v, colour, style in lines:
            off = " (off the scale →)" if v > domain else ""
            ax.axvline(
                min(v, domain), color=colour, linestyle=style, linewidth=1.8,
                label=f"{name} {fmt(v)}{off}",
            )  # fmt: skip
        ax.set_xlim(0.0, domain)
        ax.set_xticks(_ticks(domain))
        ax.xaxis.set_major_formatter(_formatter(fmt))
        ax.yaxis.set_major_locator(_integer_ticks())
        ax.set(title=title, xlabel=label, ylabel=y_label)
        ax.grid(axis="y", color="#e3e3e3", linewidth=0.8)
        ax.set_axisbelow(True)
        return _finish(fig, ax, title, desc, bool(lines), columns=4)


def line_chart(
    x_labels: Sequence[str],
    series: Mapping[str, Sequence[float | None]],
    *,
    title: str,
    y_label: str,
    x_label: str = "",
    bands: Mapping[str, tuple[Sequence[float | None], Sequence[float | None]]] | None = None,
    targets: Mapping[str, float] | None = None,
    events: Mapping[str, int] | None = None,
    fmt: Formatter = number,
    y_max: float | None = None,
    width: int = WIDTH,
    height: int = 280,
) -> str:
    """Lines over ``x_labels`` (days, weeks, months); ``None`` leaves a gap.

    ``bands`` shades an interval under the series of the same name (low, high); ``targets`` are
    dashed horizontal lines; ``events`` mark an x position by index (a drift's start).
    """
    for values in series.values():
        _same_length(x_labels, values)
    x = list(range(len(x_labels)))
    desc = "; ".join(
        f"{name}: "
        + ", ".join(f"{lbl} {_maybe(fmt, v)}" for lbl, v in zip(x_labels, vals, strict=True))
        for name, vals in series.items()
    )
    with figure(width, height + _LEGEND) as (fig, ax):
        for k, (name, values) in enumerate(series.items()):
            colour = PALETTE[k % len(PALETTE)]
            if bands and name in bands:
                low, high = bands[name]
                ax.fill_between(x, _nan(low), _nan(high), color=colour, alpha=0.18, linewidth=0)
            ax.plot(x, _nan(values), color=colour, marker="o", markersize=3.5, label=clip(name))
        for k, (name, value) in enumerate((targets or {}).items()):
            ax.axhline(value, color=(LINE, MUTED)[k % 2], linestyle=(0, (5, 3)), linewidth=1.3,
                       label=f"{name} {fmt(value)}")  # fmt: skip
            desc += f"; {name}: {fmt(value)}"
        for name, index in (events or {}).items():
            ax.axvline(index, color=INK, linewidth=1.0, linestyle=":", label=name)
            desc += f"; {name}: {x_labels[index]}"
        banded = [v for low, high in (bands or {}).values() for v in (*low, *high)]
        values = [v for s in series.values() for v in s] + banded
        top = y_max or nice_max(max([v for v in values if v is not None and math.isfinite(v)]
                                    + [*(targets or {}).values(), 0.0]))  # fmt: skip
        ax.set_ylim(0.0, top)
        ax.yaxis.set_major_formatter(_formatter(fmt))
        step = max(1, math.ceil(len(x) / 8))
        ax.set_xticks(x[::step], [x_labels[i] for i in x[::step]])
        ax.set(title=title, xlabel=x_label, ylabel=y_label)
        ax.grid(axis="y", color="#e3e3e3", linewidth=0.8)
        ax.set_axisbelow(True)
        return _finish(fig, ax, title, desc, True, columns=3)


def column_chart(
    labels: Sequence[str],
    series: Mapping[str, Sequence[float]],
    *,
    title: str,
    y_label: str,
    lines: Mapping[str, float] | None = None,
    fmt: Formatter = number,
    width: int = WIDTH,
    height: int = 260,
) -> str:
    """Vertical bars per label, one colour per series side by side, and horizontal lines."""
    for values in series.values():
        _same_length(labels, values)
    desc = "; ".join(
        f"{label}: " + ", ".join(f"{name} {fmt(vals[i])}" for name, vals in series.items())
        for i, label in enumerate(labels)
    )
    desc += "".join(f"; {name}: {fmt(v)}" for name, v in (lines or {}).items())
    with figure(width, height + _LEGEND) as (fig, ax):
        n = max(len(series), 1)
        w = 0.8 / n
        for k, (name, values) in enumerate(series.items()):
            xs = [i - 0.4 + w * (k + 0.5) for i in range(len(labels))]
            bars = ax.bar(xs, values, width=w, color=PALETTE[k % len(PALETTE)], label=clip(name))
            ax.bar_label(bars, labels=[fmt(v) for v in values], padding=2, fontsize=8.5)
        for k, (name, value) in enumerate((lines or {}).items()):
            ax.axhline(value, color=(LINE, INK)[k % 2], linestyle=("-", (0, (5, 3)))[k % 2],
                       linewidth=1.4, label=f"{name} {fmt(value)}")  # fmt: skip
        top = nice_max(
            max([v for s in series.values() for v in s] + [*(lines or {}).values(), 0.0])
        )
        ax.set_ylim(0.0, top * 1.08)
        ax.yaxis.set_major_formatter(_formatter(fmt))
        ax.set_xticks(range(len(labels)), [clip(label, 12) for label in labels])
        ax.set(title=title, ylabel=y_label)
        ax.grid(axis="y", color="#e3e3e3", linewidth=0.8)
        ax.set_axisbelow(True)
        return _finish(fig, ax, title, desc, bool(series) or bool(lines), columns=4)


def _rows_height(rows: int, legend: bool, legend_rows: int = 1) -> int:
    return _FRAME + max(rows, 1) * _ROW + (_LEGEND * legend_rows if legend else 0)


def _row_axes(
    ax: Axes, labels: Sequence[str], domain: float, fmt: Formatter, words: tuple[str, str, str]
) -> None:
    """One row per label, first at the top, the value axis from 0 to ``domain`` underneath."""
    title, x_label, y_label = words
    ax.set_yticks(range(len(labels)), [clip(s) for s in labels])
    ax.set_ylim(max(len(labels), 1) - 0.5, -0.5)
    ax.set_xlim(0.0, domain)
    ax.set_xticks(_ticks(domain))
    ax.xaxis.set_major_formatter(_formatter(fmt))
    ax.tick_params(axis="y", length=0)
    ax.set(title=title, xlabel=x_label, ylabel=y_label)
    ax.grid(axis="x", color="#e3e3e3", linewidth=0.8)
    ax.set_axisbelow(True)


def _finish(fig: Figure, ax: Axes, title: str, desc: str, legend: bool, *, columns: int = 3) -> str:
    if legend and ax.get_legend_handles_labels()[0]:
        fig.legend(loc="outside lower center", ncols=columns)
    return to_svg(fig, title, desc)


def _integer_ticks() -> Locator:
    from matplotlib.ticker import MaxNLocator  # here: matplotlib loads with the first chart

    return MaxNLocator(integer=True)


def _ticks(domain: float) -> list[float]:
    step = nice_step(domain / 4)
    return [i * step for i in range(int(domain / step + 1e-9) + 1)]


def _formatter(fmt: Formatter) -> Callable[[float, float], str]:
    """A tick formatter (matplotlib wraps a plain function of value and position)."""
    return lambda value, _position: fmt(float(value))


def _nan(values: Sequence[float | None]) -> list[float]:
    return [math.nan if v is None else float(v) for v in values]


def _maybe(fmt: Formatter, value: float | None) -> str:
    return "n/a" if value is None else fmt(value)


def _same_length(labels: Sequence[str], values: Sequence[object]) -> None:
    if len(labels) != len(values):
        raise ValueError(f"{len(labels)} labels but {len(values)} values")
