"""Report sections: how each check's figures show in the HTML report (charts and tables).

A section is a function ``(check, report) -> list of HTML fragments`` registered under a check's
name in a :class:`Sections` registry; the built-in ones register the same way a third party's
check would, and read their check's typed figures (``check.figures_as(Model)``). A check without
a section still shows every figure (its ``figures.as_dict()``) in a plain table.
"""

from __future__ import annotations

from collections.abc import Callable

from ticketpilot.audit.model import AuditReport, CheckResult
from ticketpilot.audit.render import figures, latency, pii, style
from ticketpilot.audit.render.markup import key_values, note
from ticketpilot.audit.render.text import is_scalar, label, value_text
from ticketpilot.registry import Registry

Section = Callable[[CheckResult, AuditReport], list[str]]
"""Renders the non-scalar figures of one check (charts, tables) as HTML fragments."""

_MAX_GENERIC = 400


Sections = Registry[Section]
"""Report sections by the name of the check they show."""


def render_section(sections: Sections, check: CheckResult, report: AuditReport) -> str:
    """The check's scalar figures as a table, then its section's charts and tables."""
    if check.check not in sections:
        return generic_figures(check)
    section = sections.get(check.check)
    parts = [scalar_figures(check)]
    try:
        parts += section(check, report)
    except (KeyError, TypeError, ValueError, AttributeError, ZeroDivisionError) as exc:
        # Figures of another model (TypeError from figures_as) or a malformed value must not
        # cost the whole report: say so and show every figure as text.
        parts.append(note(f"The figures of this check could not be charted ({exc!r})."))
        parts.append(generic_figures(check))
    return "\n".join(p for p in parts if p)


def scalar_figures(check: CheckResult) -> str:
    """The figures that are one number, string or flag, as a name/value table."""
    figures = check.figures.as_dict()
    rows = [(label(k), value_text(k, v)) for k, v in figures.items() if is_scalar(v)]
    return key_values(rows, "kv figures")


def generic_figures(check: CheckResult) -> str:
    """Every figure as a name/value table (nested ones flattened to text and shortened)."""
    rows = []
    for key, value in check.figures.as_dict().items():
        text = value_text(key, value)
        rows.append((label(key), text if len(text) <= _MAX_GENERIC else text[:_MAX_GENERIC] + "…"))
    return key_values(rows, "kv figures")


def default_sections() -> Sections:
    """The sections of the built-in checks, registered as a plugin's would be."""
    registry: Sections = Registry("report section")
    for name, section in (
        ("ownership", figures.ownership),
        ("category_coverage", figures.category_coverage),
        ("usable_replies", figures.usable_replies),
        ("language_mix", figures.language_mix),
        ("reply_variability", style.reply_variability),
        ("pii", pii.pii_exposure),
        ("retrieval_feasibility", latency.retrieval_latency),
    ):
        registry.register(name, section)
    return registry
