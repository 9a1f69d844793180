"""SVG charts: golden output, escaping, geometry, accessibility.

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
    histogram,
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


CHARTS: dict[str, Callable[[], str]] = {
    "bar": _bar,
    "stacked": _stacked,
    "histogram": _histogram,
    "range": _range,
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
    root = ET.fromstring(standalone(svg))
    assert root.get("role") == "img"
    assert root.get("aria-label")
    assert root.get("width") == "640"
    assert root.find(f"{SVG_NS}title") is not None
    assert root.find(f"{SVG_NS}desc") is not None
    assert "http" not in svg  # the namespace is added only for standalone files


def test_bar_chart_golden_inline() -> None:
    svg = bar_chart(["a"], [2], title="T", x_label="n", max_value=4)
    assert svg == "\n".join(
        [
            '<svg class="chart" width="640" height="106" viewBox="0 0 640 106" role="img" '
            'aria-label="T" font-family="system-ui, sans-serif" font-size="12" fill="#222222">',
            "<title>T</title>",
            "<desc>a: 2</desc>",
            '<text x="0" y="16" font-size="14" font-weight="600">T</text>',
            '<text x="162" y="52" text-anchor="end">a</text>',
            '<rect x="170" y="40" width="199" height="16" fill="#0072B2">'
            "<title>a: 2</title></rect>",
            '<text x="373" y="52" text-anchor="start">2</text>',
            '<line x1="170" y1="60" x2="568" y2="60" stroke="#666666"/>',
            '<line x1="170" y1="60" x2="170" y2="64" stroke="#666666"/>',
            '<text x="170" y="76" text-anchor="middle" fill="#666666">0</text>',
            '<line x1="269.5" y1="60" x2="269.5" y2="64" stroke="#666666"/>',
            '<text x="269.5" y="76" text-anchor="middle" fill="#666666">1</text>',
            '<line x1="369" y1="60" x2="369" y2="64" stroke="#666666"/>',
            '<text x="369" y="76" text-anchor="middle" fill="#666666">2</text>',
            '<line x1="468.5" y1="60" x2="468.5" y2="64" stroke="#666666"/>',
            '<text x="468.5" y="76" text-anchor="middle" fill="#666666">3</text>',
            '<line x1="568" y1="60" x2="568" y2="64" stroke="#666666"/>',
            '<text x="568" y="76" text-anchor="middle" fill="#666666">4</text>',
            '<text x="369" y="96" text-anchor="middle">n</text>',
            "</svg>",
        ]
    )


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
    ]


def test_user_text_is_escaped_everywhere() -> None:
    for svg in _every_chart_with(EVIL):
        assert "<script" not in svg
        assert "&lt;script&gt;" in svg
        assert 'aria-label="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"' in svg
        ET.fromstring(svg)  # still well-formed: no text broke out of its element


def test_threshold_line_sits_at_its_value() -> None:
    # plot spans x 170 .. 640 - 72 = 568; 60% of 398 px is 238.8 px
    svg = bar_chart(
        ["a", "b"],
        [0.5, 0.9],
        title="Share",
        x_label="share",
        threshold=0.6,
        fmt=percent,
        max_value=1.0,
    )
    line = re.search(r'<line class="threshold" x1="([\d.]+)" y1="[\d.]+" x2="([\d.]+)"', svg)
    assert line is not None
    assert float(line.group(1)) == float(line.group(2)) == pytest.approx(408.8)
    assert "threshold 60%" in svg


def test_threshold_widens_the_axis_when_above_every_value() -> None:
    svg = bar_chart(["a"], [30], title="T", x_label="n", threshold=90)
    assert ">100</text>" in svg  # axis ends at the next round number above the threshold
    line = re.search(r'<line class="threshold" x1="([\d.]+)"', svg)
    assert line is not None
    assert float(line.group(1)) == pytest.approx(170 + 398 * 0.9, abs=0.1)


def test_bar_widths_are_proportional() -> None:
    svg = bar_chart(["a", "b"], [25, 100], title="T", x_label="n", max_value=100)
    widths = [float(w) for w in re.findall(r'<rect x="170" y="[\d.]+" width="([\d.]+)"', svg)]
    assert widths == pytest.approx([99.5, 398.0], abs=0.1)


def test_histogram_notes_what_is_off_the_scale() -> None:
    svg = histogram(
        [10.0, 20.0, 30.0, 900.0],
        title="T",
        x_label="ms",
        budget=500,
        markers={"p50": 20.0},
        x_max=50,
    )
    assert "budget 500 is off the scale" in svg
    assert "+1 values above 50" in svg
    assert svg.count('class="marker"') == 1  # the p50 line; the budget line is not drawn


def test_histogram_marker_labels_do_not_collide() -> None:
    svg = histogram(
        [1.0] * 5, title="T", x_label="ms", budget=500, markers={"p95": 480.0, "p99": 495.0}
    )
    labels = re.findall(
        r'<text x="[\d.]+" y="([\d.]+)" text-anchor="\w+" fill="#[0-9A-F]+">'
        r"(p95|p99|budget)",
        svg,
    )
    rows = {name: y for y, name in labels}
    assert len(set(rows.values())) == 3  # three close lines: three label rows


def test_stacked_segments_follow_the_series_order() -> None:
    svg = stacked_bar_chart(["t"], {"x": [1], "y": [3]}, title="T", x_label="n", max_value=4)
    rects = re.findall(
        r'<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)" height="16" fill="(#\w+)"', svg
    )
    assert rects == [("170", "99.5", "#0072B2"), ("269.5", "298.5", "#E69F00")]
    assert "t, y: 3" in svg  # hover title per segment


def test_lengths_must_match() -> None:
    with pytest.raises(ValueError, match="2 labels but 1 values"):
        bar_chart(["a", "b"], [1], title="T", x_label="n")
    with pytest.raises(ValueError, match="1 labels but 2 values"):
        range_chart(["a"], [1], [0, 1], [2], title="T", x_label="n")


def test_empty_inputs_still_draw_axes() -> None:
    for svg in (
        bar_chart([], [], title="T", x_label="n"),
        stacked_bar_chart([], {}, title="T", x_label="n"),
        histogram([], title="T", x_label="ms"),
        range_chart([], [], [], [], title="T", x_label="n"),
    ):
        ET.fromstring(svg)
        assert ">n</text>" in svg or ">ms</text>" in svg


def test_long_labels_are_clipped() -> None:
    svg = bar_chart(["a" * 40], [1], title="T", x_label="n")
    assert ">" + "a" * 23 + "…</text>" in svg
    assert f"<title>{'a' * 40}: 1</title>" in svg  # the full label stays in the hover title


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
