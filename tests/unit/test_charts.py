"""The shared charts (matplotlib's SVG backend): golden output, determinism, escaping, geometry.

Golden files live in ``tests/unit/golden`` as standalone ``.svg`` files (open them in a browser).
After an intended change, regenerate them with ``TICKETPILOT_UPDATE_GOLDEN=1 pytest`` and look.
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest

from ticketpilot.reports import charts
from ticketpilot.reports.charts import (
    bar_chart,
    column_chart,
    histogram,
    line_chart,
    nice_max,
    number,
    percent,
    range_chart,
    stacked_bar_chart,
    standalone,
)

GOLDEN = Path(__file__).parent / "golden"
SVG_NS = "{http://www.w3.org/2000/svg}"
EVIL = '<script>alert("x")</script>'


def _bar() -> str:
    return bar_chart(
        ["Billing", "Login & access", "(untagged)"],
        [120, 45, 80],
        title="Tickets per category",
        x_label="tickets",
        y_label="category",
        threshold=100,
        threshold_label="target",
        highlight={"(untagged)"},
    )


def _stacked() -> str:
    return stacked_bar_chart(
        ["EMAIL_ADDRESS", "PHONE_NUMBER"],
        {"subject": [1, 0], "customer messages": [30, 12], "agent replies": [4, 2]},
        title="PII mentions by type and field",
        x_label="mentions",
        y_label="entity type",
    )


def _histogram() -> str:
    latencies = [12.0, 18.0, 25.0, 31.0, 44.0, 52.0, 60.0, 75.0, 120.0, 180.0, 260.0, 410.0, 530.0]
    return histogram(
        latencies,
        title="Retrieval latency per query",
        x_label="milliseconds",
        y_label="queries",
        bins=10,
        budget=500,
        markers={"p50": 60.0, "p95": 470.0, "p99": 520.0},
    )


def _range() -> str:
    return range_chart(
        ["billing", "shipping"],
        [42, 18],
        [30, 10],
        [60, 31],
        title="Reply length per category",
        x_label="words per reply",
        y_label="category",
    )


def _line() -> str:
    days = [f"03-{d:02d}" for d in range(1, 15)]
    rate = [0.62] * 7 + [0.48] * 7
    return line_chart(
        days,
        {"acceptance": [*rate[:-1], None]},
        bands={"acceptance": ([r - 0.04 for r in rate], [r + 0.04 for r in rate])},
        targets={"threshold": 0.5},
        events={"drift starts": 7},
        title="Acceptance per day",
        y_label="share of drafts",
        fmt=percent,
        y_max=1.0,
    )


def _columns() -> str:
    return column_chart(
        ["2024-01", "2024-02"],
        {"actual": [100.0, 120.0], "forecast": [110.0, 115.0]},
        lines={"budget": 150.0},
        title="Spend per month",
        y_label="USD",
    )


CHARTS: dict[str, Callable[[], str]] = {
    "bar": _bar,
    "stacked": _stacked,
    "histogram": _histogram,
    "range": _range,
    "line": _line,
    "columns": _columns,
}


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_chart_matches_golden(name: str) -> None:
    svg = standalone(CHARTS[name]())
    path = GOLDEN / f"{name}.svg"
    if os.environ.get("TICKETPILOT_UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(svg, encoding="utf-8")
    assert svg == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_chart_is_deterministic_well_formed_and_accessible(name: str) -> None:
    svg = CHARTS[name]()
    assert svg == CHARTS[name]()
    assert "http" not in svg  # inline: no namespace URL, no link; standalone() adds the one
    root = ET.fromstring(standalone(svg))
    assert root.get("class") == "chart"
    assert root.get("role") == "img"
    assert root.get("aria-label")
    assert root.get("width") == "640"  # CSS pixels, not points
    assert root.find(f"{SVG_NS}title") is not None
    assert root.find(f"{SVG_NS}desc") is not None
    assert "<metadata>" not in svg and "dc:date" not in svg  # no writer's date


def test_charts_can_share_a_page() -> None:
    """Inlined side by side, two charts repeat no id unless it names identical content."""
    first, second = _bar(), _stacked()
    ids = [set(re.findall(r' id="([^"]+)"', s)) for s in (first, second)]
    for shared in ids[0] & ids[1]:
        body = [re.search(rf'id="{re.escape(shared)}"[^>]*>', s) for s in (first, second)]
        assert body[0] is not None and body[1] is not None
        assert body[0].group(0) == body[1].group(0)
    assert 'id="figure_1"' not in first  # matplotlib's per-figure ids are dropped


def _every_chart_with(text: str) -> list[str]:
    return [
        bar_chart(
            [text],
            [1],
            title=text,
            x_label=text,
            y_label=text,
            threshold=1,
            threshold_label=text,
            highlight={text},
        ),
        stacked_bar_chart([text], {text: [1]}, title=text, x_label=text, y_label=text),
        histogram(
            [1.0],
            title=text,
            x_label=text,
            y_label=text,
            budget=2,
            budget_label=text,
            markers={text: 1.0},
        ),
        range_chart([text], [1], [0], [2], title=text, x_label=text, y_label=text),
        line_chart(["a", "b"], {text: [1.0, 2.0]}, title=text, y_label=text, targets={text: 1}),
        column_chart([text], {text: [1.0]}, title=text, y_label=text, lines={text: 2.0}),
    ]


def test_user_text_is_escaped_everywhere() -> None:
    for svg in _every_chart_with(EVIL):
        assert "<script" not in svg
        assert "&lt;script&gt;" in svg
        assert 'aria-label="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"' in svg
        ET.fromstring(standalone(svg))  # still well-formed: no text broke out of its element


def test_dollar_signs_stay_text() -> None:
    """mathtext is off: ``$5 and $6`` is a label, not a formula."""
    svg = bar_chart(["$5 and $6"], [1], title="Price $1 $2", x_label="n")
    assert "$5 and $6" in svg
    assert "Price $1 $2" in svg


def _bars(svg: str, colour: str) -> list[tuple[float, float]]:
    """(x, width) of each filled rectangle of ``colour`` (matplotlib writes bars as paths)."""
    out = []
    for d in re.findall(rf'<path d="([^"]+)"[^>]*fill: {colour}', svg):
        xs = [float(x) for x in re.findall(r"[ML] ([\d.]+) [\d.]+", d)]
        out.append((min(xs), max(xs) - min(xs)))
    return out


def test_bar_widths_are_proportional() -> None:
    svg = bar_chart(["a", "b"], [25, 100], title="T", x_label="n", max_value=100)
    (x1, w1), (x2, w2) = _bars(svg, BAR_HEX)
    assert x1 == pytest.approx(x2)
    assert w2 == pytest.approx(4 * w1, rel=1e-4)


BAR_HEX = charts.BAR.lower()


def test_threshold_line_sits_at_its_value() -> None:
    svg = bar_chart(
        ["a", "b"], [0.5, 1.0], title="Share", x_label="share", threshold=0.6, fmt=percent,
        max_value=1.0,
    )  # fmt: skip
    bars = _bars(svg, BAR_HEX)
    x0, full = bars[1]  # the 100% bar spans the whole axis
    red = charts.LINE.lower()
    line = re.search(
        rf'<path d="M ([\d.]+) [\d.]+ \s*L ([\d.]+) [\d.]+ \s*"[^>]*stroke: {red}', svg
    )
    assert line is not None
    assert float(line.group(1)) == float(line.group(2)) == pytest.approx(x0 + 0.6 * full, abs=0.01)
    assert "threshold 60%" in svg


def test_threshold_widens_the_axis_when_above_every_value() -> None:
    svg = bar_chart(["a"], [30], title="T", x_label="n", threshold=90)
    assert ">100</text>" in svg  # the axis ends at the next round number above the threshold


def test_stacked_segments_follow_the_series_order() -> None:
    svg = stacked_bar_chart(["t"], {"x": [1], "y": [3]}, title="T", x_label="n", max_value=4)
    (x_start, x_width) = _bars(svg, charts.PALETTE[0].lower())[0]
    (y_start, y_width) = _bars(svg, charts.PALETTE[1].lower())[0]
    assert y_start == pytest.approx(x_start + x_width, abs=0.01)
    assert y_width == pytest.approx(3 * x_width, rel=1e-4)
    assert ">4</text>" in svg  # the total at the bar's end


def test_histogram_names_what_is_off_the_scale() -> None:
    svg = histogram(
        [10.0, 20.0, 30.0, 900.0], title="T", x_label="ms", budget=500, markers={"p50": 20.0},
        x_max=50,
    )  # fmt: skip
    assert "budget 500 (off the scale →)" in svg
    assert "1 values above 50 not drawn" in svg
    assert "p50 20<" in svg


def test_line_chart_leaves_gaps_and_marks_events() -> None:
    svg = _line()
    assert "drift starts" in svg
    assert "acceptance: 03-01 62%" in svg and "03-14 n/a" in svg  # the desc lists the gap


def test_lengths_must_match() -> None:
    with pytest.raises(ValueError, match="2 labels but 1 values"):
        bar_chart(["a", "b"], [1], title="T", x_label="n")
    with pytest.raises(ValueError, match="1 labels but 2 values"):
        range_chart(["a"], [1], [0, 1], [2], title="T", x_label="n")
    with pytest.raises(ValueError, match="2 labels but 1 values"):
        line_chart(["a", "b"], {"s": [1.0]}, title="T", y_label="n")


def test_empty_inputs_still_draw_axes() -> None:
    for svg in (
        bar_chart([], [], title="T", x_label="n"),
        stacked_bar_chart([], {}, title="T", x_label="n"),
        histogram([], title="T", x_label="ms"),
        range_chart([], [], [], [], title="T", x_label="n"),
    ):
        ET.fromstring(standalone(svg))
        assert ">n</text>" in svg or ">ms</text>" in svg


def test_long_labels_are_clipped() -> None:
    svg = bar_chart(["a" * 40], [1], title="T", x_label="n")
    assert ">" + "a" * 27 + "…</text>" in svg
    assert f"{'a' * 40}: 1" in svg  # the full label stays in the description


@pytest.mark.parametrize(
    ("value", "text"),
    [(0, "0"), (1234, "1,234"), (1234.56, "1,235"), (12.34, "12.3"), (7.5, "7.5"), (0.425, "0.42")],
)
def test_number(value: float, text: str) -> None:
    assert number(value) == text


@pytest.mark.parametrize(
    ("value", "text"), [(0.6, "60%"), (0.625, "62.5%"), (1.0, "100%"), (0.0, "0%"), (2e-5, "<0.1%")]
)
def test_percent(value: float, text: str) -> None:
    assert percent(value) == text


@pytest.mark.parametrize(("value", "end"), [(0.83, 1.0), (42311, 60000), (8.1, 10), (0, 1.0)])
def test_nice_max(value: float, end: float) -> None:
    assert nice_max(value) == pytest.approx(end)


def test_palette_has_distinct_colours() -> None:
    assert len(set(charts.PALETTE)) == len(charts.PALETTE)
