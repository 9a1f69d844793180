"""Report section for personal data: entity types by field, tickets, and the redaction preview."""

from __future__ import annotations

from ticketpilot.audit.figures import PiiFigures
from ticketpilot.audit.model import AuditReport, CheckResult
from ticketpilot.audit.render.figures import TOP
from ticketpilot.audit.render.markup import figure, table
from ticketpilot.reports import charts
from ticketpilot.reports.charts import number

FIELDS = ("subject", "customer_messages", "agent_replies", "private_notes")


def pii_exposure(check: CheckResult, report: AuditReport) -> list[str]:
    f = check.figures_as(PiiFigures)
    by_type = f.by_type
    out = []
    if by_type:
        types = list(by_type)[:TOP]
        seen = {k for t in types for k in by_type[t].fields}
        fields = [k for k in FIELDS if k in seen] + sorted(seen - set(FIELDS))
        series = {
            fld.replace("_", " "): [float(by_type[t].fields.get(fld, 0)) for t in types]
            for fld in fields
        }
        svg = charts.stacked_bar_chart(
            types,
            series,
            title=f"PII mentions by type and field (n={f.tickets:,} tickets)",
            x_label="mentions",
            y_label="entity type",
        )
        out.append(
            figure(
                svg,
                "Detector hits per Presidio entity type, split by the ticket field "
                "they were found in.",
            )
        )
        rows = [(t, number(by_type[t].tickets), number(by_type[t].mentions)) for t in by_type]
        out.append(table(["entity type", "tickets", "mentions"], rows, "numeric"))
    if f.preview:
        previews = [(p.ticket_id, p.masked, p.redacted) for p in f.preview]
        out.append(
            "<h5>Redaction preview</h5>"
            + table(
                ["ticket", "original (masked for this report)", "what a prompt receives"],
                previews,
                "preview",
            )
        )
    return out
