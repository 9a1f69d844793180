"""A matplotlib figure drawn to one deterministic, accessible, inline-ready ``<svg>`` string.

Every chart of every report (audit, replay, cost, weekly, monthly, executive, the dashboard)
goes through :func:`figure` and :func:`to_svg`, so they share one look and one set of promises:

* **no display, no network, no fonts fetched**: a ``Figure`` object (no pyplot, no GUI) is drawn
  straight by matplotlib's SVG backend; text stays text (``svg.fonttype = none``), laid out with
  DejaVu Sans metrics (shipped inside matplotlib) and shown in DejaVu Sans where installed, else
  the reader's sans-serif; nothing is embedded or downloaded;
* **the same bytes for the same figures**: ids are salted with a constant (``svg.hashsalt``),
  the writer's date and RDF metadata are dropped, so charts can be golden-tested;
* **accessible**: the root carries ``class="chart"``, ``role="img"``, an ``aria-label`` (the
  title), a ``<title>`` and a ``<desc>`` listing the data for screen readers;
* **sized in CSS pixels**: one unit of the view box is one pixel (matplotlib writes points);
* **inline-ready**: no namespace declarations (HTML implies them) and SVG 2 ``href`` instead of
  ``xlink:href``, so a page holds no URL at all; :func:`standalone` adds the namespace a file
  needs.

matplotlib is imported when the first chart is drawn, not when the CLI starts (a quarter of a
second). Labels from ticket data are plain text: mathtext (``$...$``) is switched off.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from html import escape
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

DPI = 72.0
"""matplotlib's SVG unit is the point (1/72 inch): at 72 dpi one point is one pixel."""

STYLE: dict[str, object] = {
    "svg.fonttype": "none",
    "svg.hashsalt": "ticketpilot",
    "text.parse_math": False,
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": 10.5,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelcolor": "#333333",
    "axes.edgecolor": "#888888",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "xtick.color": "#555555",
    "ytick.color": "#333333",
    "legend.frameon": False,
    "legend.fontsize": 9.5,
    "path.simplify": False,
}
"""The shared look, applied around each figure only (global matplotlib settings are untouched)."""

_ROOT = re.compile(r"<svg [^>]*>")
_SIZE = re.compile(r'(width|height)="([\d.]+)pt"')
_METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.DOTALL)
_NAMESPACES = re.compile(r' xmlns(:xlink)?="[^"]*"')
_ID = re.compile(r' id="([^"]+)"')
_CLIP = 28


@contextmanager
def figure(width: float, height: float) -> Iterator[tuple[Figure, Axes]]:
    """A figure of ``width`` x ``height`` CSS pixels with one set of axes, in the shared style."""
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context(cast("dict[Any, Any]", STYLE)):
        fig = Figure(figsize=(width / DPI, height / DPI), dpi=DPI, layout="constrained")
        yield fig, fig.add_subplot()


def to_svg(fig: Figure, title: str, desc: str) -> str:
    """The figure as one ``<svg>`` element (no XML prolog), accessible and deterministic."""
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": "ticketpilot"})
    text = buffer.getvalue()
    text = _METADATA.sub("", text[text.index("<svg") :]).strip()
    text = _drop_unused_ids(text).replace("xlink:href=", "href=")
    root = _ROOT.search(text)
    assert root is not None  # matplotlib always writes one root element
    head = _SIZE.sub(lambda m: f'{m.group(1)}="{float(m.group(2)):g}"', root.group(0))
    head = _NAMESPACES.sub("", head)  # inline in HTML they are implied; standalone() adds one
    head = head.replace(
        "<svg ",
        f'<svg class="chart" role="img" aria-label="{escape(title)}" ',
        1,
    )
    extra = f"<title>{escape(title)}</title><desc>{escape(desc)}</desc>"
    return text[: root.start()] + head + "\n" + extra + text[root.end() :]


def _drop_unused_ids(text: str) -> str:
    """Remove the ids nothing refers to (``figure_1``, ``patch_3``...): several charts inlined
    in one page would otherwise repeat them; the referenced ones are content hashes."""
    used = set(re.findall(r"#([\w.-]+)", text))
    return _ID.sub(lambda m: m.group(0) if m.group(1) in used else "", text)


def standalone(svg: str) -> str:
    """The chart as a file of its own: the XML prolog and namespace a ``.svg`` file needs."""
    root = svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
    return '<?xml version="1.0" encoding="utf-8" standalone="no"?>\n' + root + "\n"


def clip(text: str, n: int = _CLIP) -> str:
    """One line of at most ``n`` characters (an ellipsis when cut): axis labels stay readable."""
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"
