"""The report's HTML printed to PDF by WeasyPrint: no browser, no network, SVG kept as vectors.

WeasyPrint needs Pango (Debian: ``libpango-1.0-0 libpangoft2-1.0-0``); it is imported when a
PDF is written, so the other formats work without it.
"""

from __future__ import annotations

from pathlib import Path

from ticketpilot.errors import ReportError


def pdf_engine_problem() -> str | None:
    """Why no PDF can be written here (WeasyPrint or Pango missing), or ``None`` when it can."""
    try:
        import weasyprint  # noqa: F401 - probing the optional engine, as render_pdf does
    except (ImportError, OSError) as exc:
        return f"WeasyPrint is unavailable ({exc})"
    return None


def render_pdf(html: str, path: Path) -> Path:
    """Write ``html`` as a PDF at ``path`` (A4, the page's print styles)."""
    try:
        from weasyprint import HTML  # slow to import and needs Pango: only when a PDF is asked
    except (ImportError, OSError) as exc:
        raise ReportError(
            f"cannot write {path.name}: WeasyPrint is unavailable ({exc}); install the Pango "
            "libraries (Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0) or pass --no-pdf"
        ) from exc
    HTML(string=html, base_url=str(path.parent)).write_pdf(path)
    return path
