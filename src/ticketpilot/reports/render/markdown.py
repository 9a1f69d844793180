"""The report as Markdown for chat and wikis: KPI and data tables, charts as linked SVG files."""

from __future__ import annotations

from ticketpilot.reports.model import Block, Chart, Kpis, Note, Report, Table

_MARK = {"good": "✅", "warn": "⚠️", "bad": "❌", "info": "ℹ️"}


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _table(head: tuple[str, ...], rows: tuple[tuple[str, ...], ...]) -> str:
    lines = ["| " + " | ".join(_cell(h) for h in head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _block(block: Block, chart_file: str) -> str:
    if isinstance(block, Kpis):
        rows = tuple((f"{_MARK[k.level]} {k.label}", k.value, k.target or "-", k.basis)
                     for k in block.items)  # fmt: skip
        return _table(("figure", "value", "target", "computed from"), rows)
    if isinstance(block, Table):
        text = _table(block.head, block.rows)
        return text + (f"\n\n_{block.caption}_" if block.caption else "")
    if isinstance(block, Chart):
        return f"![{_cell(block.caption)}]({chart_file.format(name=block.name)})"
    assert isinstance(block, Note)
    return f"> {_MARK[block.level]} {block.text}"


def render_markdown(report: Report, chart_file: str = "{name}.svg") -> str:
    """The report in Markdown; ``chart_file`` names each chart's file (``{name}`` filled in)."""
    parts = [
        f"# {report.title}: {report.program}",
        f"Window {report.window}; generated {report.generated_at:%Y-%m-%d %H:%M} UTC.",
        f"**{report.headline}**",
    ]
    for section in report.sections:
        parts.append(f"## {section.title}")
        parts += [_block(b, chart_file) for b in section.blocks]
        if section.method:
            parts.append(f"_Method: {section.method}_")
    if report.links:
        parts.append("Related: " + ", ".join(f"[{label}]({name})" for label, name in report.links))
    return "\n\n".join(parts) + "\n"
