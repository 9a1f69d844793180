"""The audit's reports: ``reports/audit.html``, ``audit.md`` and ``audit.json``.

``audit.html`` is one self-contained page (inline CSS and SVG charts, no scripts or external
resources), ``audit.md`` the same verdict, scores and findings for chat and wikis, and
``audit.json`` :meth:`AuditReport.as_dict` (schema in ``docs/audit-json.md``). How each check's
figures show is a :class:`Sections` registry of report sections.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from ticketpilot.audit.model import AuditReport
from ticketpilot.audit.render.markdown import render_markdown
from ticketpilot.audit.render.page import render_html
from ticketpilot.audit.render.sections import Section, Sections, default_sections

__all__ = [
    "Section",
    "Sections",
    "default_sections",
    "render_html",
    "render_json",
    "render_markdown",
    "write_reports",
]


def render_json(report: AuditReport) -> str:
    """``report.as_dict()`` pretty-printed, UTF-8 text as is (not ``\\u`` escapes).

    Strict JSON: a NaN or infinite figure is written as ``null``; numpy scalars as numbers.
    """
    data = _strict(report.as_dict())
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False, default=_scalar) + "\n"


def _strict(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _strict(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_strict(v) for v in value]
    return value


def _scalar(value: Any) -> Any:
    """numpy scalars and other objects with ``.item()``; anything else is a bug to surface."""
    item = getattr(value, "item", None)
    if callable(item):
        return _strict(item())
    raise TypeError(f"audit.json cannot hold {type(value).__name__}: {value!r}")


def write_reports(
    report: AuditReport,
    reports_dir: Path,
    program_name: str,
    sections: Sections | None = None,
) -> list[Path]:
    """Write ``audit.html``, ``audit.md`` and ``audit.json`` into ``reports_dir`` (created if
    missing) and return their paths. Each file is written whole, then renamed into place."""
    reports_dir.mkdir(parents=True, exist_ok=True)
    outputs = {
        "audit.html": render_html(
            report, program_name, sections if sections is not None else default_sections()
        ),
        "audit.md": render_markdown(report, program_name),
        "audit.json": render_json(report),
    }
    paths = []
    for name, text in outputs.items():
        path = reports_dir / name
        partial = path.with_name(f".{name}.partial")
        partial.write_text(text, encoding="utf-8")
        partial.replace(path)
        paths.append(path)
    return paths
