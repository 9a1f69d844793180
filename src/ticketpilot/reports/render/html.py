"""The report as one self-contained HTML page (Jinja2 template, autoescaped; charts inline)."""

from __future__ import annotations

from functools import cache
from importlib import resources

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from ticketpilot.reports.model import Report

VERDICTS = frozenset({"GO", "NO-GO", "UNANSWERED"})


@cache
def environment() -> Environment:
    """The templates of ``ticketpilot.reports`` (every value escaped unless marked safe)."""
    return Environment(
        loader=PackageLoader("ticketpilot.reports", "templates"),
        autoescape=select_autoescape(default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def stylesheet() -> str:
    return (
        resources.files("ticketpilot.reports").joinpath("templates/report.css").read_text("utf-8")
    )


def render_html(report: Report, *, one_page: bool = False) -> str:
    """The whole page; ``one_page`` uses the compact print style (the executive summary)."""
    template = environment().get_template("report.html")
    return template.render(report=report, css=stylesheet(), one_page=one_page, verdicts=VERDICTS)
