"""Report section for reply variability: length spread, greeting and sign-off mix per category."""

from __future__ import annotations

from collections.abc import Mapping

from ticketpilot.audit.figures import VariabilityFigures
from ticketpilot.audit.model import AuditReport, CheckResult
from ticketpilot.audit.render.figures import TOP, top_items
from ticketpilot.audit.render.markup import figure, note, table
from ticketpilot.audit.variability import StyleProfile
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
    f = check.figures_as(VariabilityFigures)
    cats = f.categories
    out = []
    if cats:
        names = sorted(cats, key=lambda c: (-cats[c].replies, c))[:TOP]
        profiles = [cats[c] for c in names]
        out += _reply_lengths(names, profiles)
        out += [
            _pattern_mix(names, [p.greetings for p in profiles], "Greeting"),
            _pattern_mix(names, [p.signoffs for p in profiles], "Sign-off"),
        ]
        rows = [
            (
                c,
                number(p.replies),
                number(p.median_words),
                number(p.length_cv),
                f"{p.formality_mean:+.2f} ± {p.formality_std:.2f}",
                percent(p.template_share),
                f"{p.consistency:.2f}",
            )
            for c, p in zip(names, profiles, strict=True)
        ]
        out.append(table(COLUMNS, rows, "numeric"))
        out.append(note(LEGEND))
    if f.too_small:
        out.append(
            note(
                f"Too few usable replies to profile ({len(f.too_small)}): " + ", ".join(f.too_small)
            )
        )
    return out


def _reply_lengths(names: list[str], profiles: list[StyleProfile]) -> list[str]:
    svg = charts.range_chart(
        names,
        [p.median_words for p in profiles],
        [p.p25_words for p in profiles],
        [p.p75_words for p in profiles],
        title="Reply length per category",
        x_label="words per reply",
        y_label="category",
    )
    return [
        figure(
            svg,
            "Usable first agent replies per category: dot = median words, the whisker spans the "
            f"25th to 75th percentile; the {len(names)} categories with the most replies.",
        )
    ]


def _pattern_mix(names: list[str], mixes: list[Mapping[str, float]], what: str) -> str:
    """One stacked bar per category: the share of its replies per pattern (``mixes[i]`` for
    ``names[i]``), for the 7 patterns most common across the categories shown."""
    totals: dict[str, float] = {}
    for mix in mixes:
        for pattern, share in mix.items():
            totals[pattern] = totals.get(pattern, 0.0) + float(share)
    patterns = [k for k, _ in top_items(totals, 7, other=False)]
    series = {p: [float(mix.get(p, 0.0)) for mix in mixes] for p in patterns}
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
