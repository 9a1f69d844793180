"""A :class:`~ticketpilot.reports.model.Report` drawn three ways.

html.py      one self-contained page (inline CSS and SVG; no script, font or URL to fetch)
markdown.py  for chat and wikis; charts linked as ``.svg`` files written beside it
pdf.py       the HTML printed by WeasyPrint (no browser); charts stay vectors
"""

from ticketpilot.reports.render.html import render_html
from ticketpilot.reports.render.markdown import render_markdown
from ticketpilot.reports.render.pdf import render_pdf

__all__ = ["render_html", "render_markdown", "render_pdf"]
