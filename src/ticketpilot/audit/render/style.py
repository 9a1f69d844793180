"""Report section for reply variability: length spread, greeting and sign-off mix per category."""

from __future__ import annotations

from typing import Any

from ticketpilot.audit.model import AuditReport, CheckResult
from ticketpilot.audit.render.figures import TOP, top_items
from ticketpilot.audit.render.markup import figure, note, table
from ticketpilot.reports import charts
from ticketpilot.reports.charts import number, percent

COLUMNS = (
    "category",
    "replies",
    "median words",
    "length CV",
    "formality",
    "templated",
    "consistency",
)
LEGEND = (
    "Length CV = standard deviation / mean of words per reply; formality = mean ± std on a "
    "-1 (casual) .. +1 (formal) marker-word scale; templated = share of replies whose opening "
    "words repeat across replies; consistency 0..1 as in the method above."
)


def reply_variability(check: CheckResult, report: AuditReport) -> list[str]:
    cats: dict[str, dict[str, Any]] = check.figures.get("categories", {})
    out = []
    if cats:
        names = sorted(cats, key=lambda c: (-int(cats[c].get("replies", 0)), c))[:TOP]
        out += _reply_lengths(names, cats)
        out += [
            _pattern_mix(names, cats, "greetings", "Greeting"),
            _pattern_mix(names, cats, "signoffs", "Sign-off"),
        ]
        rows = [
            (
                c,
                number(p.get("replies", 0)),
                number(p.get("median_words", 0.0)),
                number(p.get("length_cv", 0.0)),
                f"{p.get('formality_mean', 0.0):+.2f} ± {p.get('formality_std', 0.0):.2f}",
                percent(p.get("template_share", 0.0)),
                f"{p.get('consistency', 0.0):.2f}",
            )
            for c, p in ((c, cats[c]) for c in names)
        ]
        out.append(table(COLUMNS, rows, "numeric"))
        out.append(note(LEGEND))
    small = check.figures.get("too_small", [])
    if small:
        out.append(note(f"Too few usable replies to profile ({len(small)}): " + ", ".join(small)))
    return out


def _reply_lengths(names: list[str], cats: dict[str, dict[str, Any]]) -> list[str]:
    mids, lows, highs = [], [], []
    quartiles = all("p25_words" in cats[c] and "p75_words" in cats[c] for c in names)
    for c in names:
        p = cats[c]
        mid = float(p.get("median_words", 0.0))
        spread = mid * float(p.get("length_cv", 0.0))
        mids.append(mid)
        lows.append(float(p["p25_words"]) if quartiles else max(0.0, mid - spread))
        highs.append(float(p["p75_words"]) if quartiles else mid + spread)
    svg = charts.range_chart(
        names,
        mids,
        lows,
        highs,
        title="Reply length per category",
        x_label="words per reply",
        y_label="category",
    )
    whisker = (
        "the whisker spans the 25th to 75th percentile"
        if quartiles
        else "the whisker spans median ± CV × median (about one standard deviation)"
    )
    return [
        figure(
            svg,
            "Usable first agent replies per category: dot = median words, "
            + whisker
            + f"; the {len(names)} categories with the most replies.",
        )
    ]


def _pattern_mix(names: list[str], cats: dict[str, dict[str, Any]], key: str, what: str) -> str:
    totals: dict[str, float] = {}
    for c in names:
        for pattern, share in cats[c].get(key, {}).items():
            totals[pattern] = totals.get(pattern, 0.0) + float(share)
    patterns = [k for k, _ in top_items(totals, 7, other=False)]
    series = {p: [float(cats[c].get(key, {}).get(p, 0.0)) for c in names] for p in patterns}
    svg = charts.stacked_bar_chart(
        names,
        series,
        title=f"{what} patterns per category",
        x_label="share of replies",
        y_label="category",
        fmt=percent,
        max_value=1.0,
    )
    return figure(
        svg,
        f"Share of usable first agent replies by detected {what.lower()} pattern; "
        "'none' = no known pattern. One dominant colour = one house style.",
    )
