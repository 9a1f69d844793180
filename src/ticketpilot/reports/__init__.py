"""Reports (SPEC S7): the weekly, monthly and executive reports, and the charts every report shares.

figure.py, charts.py   matplotlib SVG charts (deterministic, accessible, inline) for all reports
formats.py             how numbers print
state.py               :class:`ProgramState` - what the reports, the gate and the dashboard read
model.py               :class:`Report`, :class:`Section` and their blocks (KPIs, tables, charts)
sections/              the section builders, one registry
presets.py             weekly / monthly / executive: which sections over which window
build.py               a preset built over the state into a :class:`Report` (pure)
render/                HTML (self-contained), Markdown, PDF (WeasyPrint)
service.py             gather the state from the workspace, write ``reports/NAME.{html,md,pdf}``
"""
