"""The audit as one self-contained HTML page: inline CSS and SVG, no scripts, fonts or URLs.

Verdict banner with the overall and per-layer scores, the charter thresholds, then per layer each
check's score, method, figures (charts and tables) and findings with evidence and fixes.
"""

from __future__ import annotations

from ticketpilot.audit.model import AuditReport, CheckResult, Finding, LayerResult
from ticketpilot.audit.render.markup import esc, key_values, prose
from ticketpilot.audit.render.sections import Sections, render_section
from ticketpilot.audit.render.text import (
    SEVERITY_ORDER,
    THRESHOLD_NOTES,
    counts_text,
    label,
    score_rule,
    score_text,
    threshold_text,
    value_text,
    verdict_reason,
    window_text,
)

CSS = """
:root{--ink:#1f2328;--muted:#59636e;--line:#d1d9e0;--ok:#1a7f37;--warn:#9a6700;--bad:#cf222e;
--info:#0969da;--bg:#f6f8fa}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink)}
main{max-width:1040px;margin:0 auto;padding:24px 28px 64px}
h1{font-size:26px;margin:0 0 4px}h2{font-size:21px;margin:40px 0 8px;padding-top:8px;
border-top:2px solid var(--line)}h3{font-size:17px;margin:28px 0 4px}h5{margin:16px 0 6px}
.sub,.note,figcaption,.method{color:var(--muted);font-size:13.5px}
.banner{border-radius:8px;padding:18px 22px;margin:18px 0;border:2px solid}
.banner.ready{border-color:var(--ok);background:#dafbe1}.banner.not{border-color:var(--bad);
background:#ffebe9}
.banner .big{font-size:30px;font-weight:700;letter-spacing:.5px}
.verdict{font-weight:600;margin:2px 0 6px}
.banner.ready .big{color:var(--ok)}.banner.not .big{color:var(--bad)}
.layers{display:flex;gap:12px;flex-wrap:wrap;margin-top:12px}
.layer{flex:1 1 200px;background:#fff;border:1px solid var(--line);border-radius:6px;
padding:8px 12px}
.layer b{display:block;font-size:20px}
.meter{height:6px;background:var(--line);border-radius:3px;margin-top:4px;overflow:hidden}
.meter i{display:block;height:100%}
.score{font-weight:700;padding:1px 8px;border-radius:10px;font-size:14px;color:#fff;
white-space:nowrap}
.good{background:var(--ok)}.fair{background:var(--warn)}.poor{background:var(--bad)}
.na{background:var(--muted)}
table{border-collapse:collapse;margin:8px 0 12px;font-size:13.5px;max-width:100%}
th,td{border:1px solid var(--line);padding:3px 8px;text-align:left;vertical-align:top}
thead th,table.kv th{background:var(--bg);font-weight:600}
table.kv th{white-space:nowrap}
table.numeric td+td{text-align:right;font-variant-numeric:tabular-nums}
table.preview td{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12.5px}
figure.chart{margin:14px 0;overflow-x:auto}figure.chart svg{max-width:100%;height:auto}
.finding{border:1px solid var(--line);border-left:5px solid;border-radius:6px;padding:8px 14px;
margin:10px 0}
.finding.blocker{border-left-color:var(--bad)}.finding.warning{border-left-color:var(--warn)}
.finding.info{border-left-color:var(--info)}
.finding h5{margin:2px 0 6px;font-size:15px}
.badge{display:inline-block;font-size:11.5px;font-weight:700;text-transform:uppercase;
padding:1px 7px;border-radius:4px;color:#fff;margin-right:6px;vertical-align:1px}
.badge.blocker{background:var(--bad)}.badge.warning{background:var(--warn)}
.badge.info{background:var(--info)}
.fix{background:var(--bg);border-radius:4px;padding:6px 10px;margin:6px 0}
.examples{margin:6px 0;padding-left:18px}
.examples li{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12.5px;
overflow-wrap:anywhere}
nav ul{columns:2;margin:4px 0;padding-left:18px}
footer{margin-top:40px;color:var(--muted);font-size:12.5px}
code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.9em;background:#eef1f4;
padding:0 3px;border-radius:3px}
@media print{main{max-width:none;padding:0}.finding,figure.chart,tr{break-inside:avoid}}
"""


def render_html(report: AuditReport, program_name: str, sections: Sections) -> str:
    """The whole report page; every piece of ticket or charter text is escaped."""
    body = [
        f"<h1>Data-readiness audit: {esc(program_name)}</h1>",
        f'<p class="sub">{report.tickets:,} tickets ({esc(window_text(report))}). '
        f"Findings: {esc(counts_text(report))}.</p>",
        banner(report),
        thresholds(report),
        contents(report),
        *(layer_section(layer, report, sections) for layer in report.layers),
        footer(report),
    ]
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>Data-readiness audit: {esc(program_name)}</title>\n"
        f"<style>{CSS}</style>\n</head>\n<body>\n<main>\n"
        + "\n".join(body)
        + "\n</main>\n</body>\n</html>\n"
    )


def score_class(score: float | None, need: float) -> str:
    if score is None:
        return "na"
    return "good" if score >= need else ("fair" if score >= need - 20 else "poor")


def score_badge(score: float | None, need: float) -> str:
    return f'<span class="score {score_class(score, need)}">{esc(score_text(score))}</span>'


def banner(report: AuditReport) -> str:
    need = report.thresholds.get("min_score", 70.0)
    state, word = ("ready", "READY") if report.ready else ("not", "NOT READY")
    cards = []
    for layer in report.layers:
        width = 0.0 if layer.score is None else max(0.0, min(100.0, layer.score))
        colour = {"good": "var(--ok)", "fair": "var(--warn)"}.get(
            score_class(layer.score, need), "var(--bad)"
        )
        cards.append(
            f'<div class="layer"><a href="#layer-{esc(layer.layer)}">{esc(layer.title)}</a>'
            f"<b>{esc(score_text(layer.score))}</b>"
            f'<div class="meter"><i style="width:{width:.0f}%;background:{colour}"></i></div></div>'
        )
    return (
        f'<section class="banner {state}" aria-label="verdict"><div class="big">{word}</div>'
        f'<div class="verdict">{esc(verdict_reason(report))}</div>'
        f"<div>Overall readiness score <b>{esc(score_text(report.score))}</b>; the charter needs "
        f"{need:.0f} and no blocking finding. The score is the {esc(score_rule())}.</div>"
        f'<div class="layers">{"".join(cards)}</div></section>'
    )


def thresholds(report: AuditReport) -> str:
    rows = [
        (f"audit.{key}", threshold_text(key, value), THRESHOLD_NOTES.get(key, ""))
        for key, value in report.thresholds.items()
    ]
    body = "".join(
        f"<tr><th>{esc(k)}</th><td>{esc(v)}</td><td>{esc(n)}</td></tr>" for k, v, n in rows
    )
    return (
        '<h2>Charter thresholds</h2><p class="sub">From ticketpilot.toml [audit]; the '
        "verdict is READY when the overall score reaches min_score and there is no blocker.</p>"
        f'<table class="kv"><tbody>{body}</tbody></table>'
    )


def contents(report: AuditReport) -> str:
    items = "".join(
        f'<li><a href="#check-{esc(c.check)}">{esc(c.title)}</a> {esc(score_text(c.score))}</li>'
        for layer in report.layers
        for c in layer.checks
    )
    return f'<nav aria-label="contents"><h2>Checks</h2><ul>{items}</ul></nav>'


def layer_section(layer: LayerResult, report: AuditReport, sections: Sections) -> str:
    need = report.thresholds.get("min_score", 70.0)
    head = (
        f'<section id="layer-{esc(layer.layer)}"><h2>{esc(layer.title)} '
        f"{score_badge(layer.score, need)}</h2>"
    )
    if not layer.checks:
        return head + '<p class="note">No checks ran in this layer.</p></section>'
    note = (
        '<p class="sub">Layer score: weighted mean of its checks\' scores (weights shown); '
        "checks that could not be measured are left out.</p>"
    )
    checks = "".join(check_section(c, report, sections) for c in layer.checks)
    return head + note + checks + "</section>"


def check_section(check: CheckResult, report: AuditReport, sections: Sections) -> str:
    need = report.thresholds.get("min_score", 70.0)
    seconds = report.seconds.get(check.check)
    took = f", took {seconds:.2f} s" if seconds is not None else ""
    findings = sorted(check.findings, key=lambda f: SEVERITY_ORDER.index(f.severity))
    body = "".join(finding_card(f) for f in findings) or '<p class="note">No findings.</p>'
    return (
        f'<article id="check-{esc(check.check)}"><h3>{esc(check.title)} '
        f"{score_badge(check.score, need)}</h3>"
        f'<p class="method"><b>Method:</b> {prose(check.method)} '
        f"(check <code>{esc(check.check)}</code>, weight {check.weight:g}{took})</p>"
        f"{render_section(sections, check, report)}"
        f"<h4>Findings ({len(findings)})</h4>{body}</article>"
    )


def finding_card(finding: Finding) -> str:
    sev = esc(finding.severity)
    evidence = key_values([(label(k), value_text(k, v)) for k, v in finding.evidence.items()])
    examples = ""
    if finding.examples:
        items = "".join(f"<li>{esc(e)}</li>" for e in finding.examples)
        examples = f'<div class="sub">Examples (PII masked):</div><ul class="examples">{items}</ul>'
    return (
        f'<div class="finding {sev}"><h5><span class="badge {sev}">{sev}</span>'
        f"{prose(finding.title)}</h5>{evidence}"
        f'<div class="fix"><b>Fix:</b> {prose(finding.fix)}</div>{examples}</div>'
    )


def footer(report: AuditReport) -> str:
    total = sum(report.seconds.values())
    return (
        f"<footer>ticketpilot data-readiness audit, JSON schema version 1 (audit.json). "
        f"{report.tickets:,} tickets; checks took {total:.1f} s in all. Ticket texts shown "
        "here are PII-masked.</footer>"
    )
