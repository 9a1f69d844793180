"""Layer 2: which personal data appears, in which fields, in how many tickets; redaction preview."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import ClassVar

from ticketpilot.audit.data import AuditData, AuditTicket
from ticketpilot.audit.figures.pii import PiiFigures, PiiTypeFigures, RedactionPreview
from ticketpilot.audit.model import CheckResult, Finding, Severity
from ticketpilot.pii import Detector, Redactor, mask_preview

FIELDS = ("subject", "customer_messages", "agent_replies", "private_notes")


def _texts(ticket: AuditTicket) -> dict[str, list[str]]:
    return {
        "subject": [ticket.subject] if ticket.subject else [],
        "customer_messages": ticket.customer_messages or [ticket.customer_text],
        "agent_replies": ticket.replies,
        "private_notes": ticket.private_notes,
    }


class PiiExposure:
    name: ClassVar[str] = "pii"
    layer: ClassVar[str] = "quality"
    title: ClassVar[str] = "Personal data found, and whether someone owns its handling"
    weight: ClassVar[float] = 1.5

    def run(self, data: AuditData) -> CheckResult:
        detector = data.detector
        tickets_by_type: Counter[str] = Counter()
        mentions: Counter[str] = Counter()
        by_field: dict[str, Counter[str]] = defaultdict(Counter)
        with_pii: list[AuditTicket] = []
        found_in: dict[str, str] = {}
        in_replies = 0
        for ticket in data.tickets:
            found_types: set[str] = set()
            fields = [(f, t) for f, texts in _texts(ticket).items() for t in texts]
            # the ticket's fields are searched together: a value found in one is found in all
            found = detector.detect_fields([t for _, t in fields])
            for (field, text), hits in zip(fields, found, strict=True):
                for hit in hits:
                    kind = str(hit.entity_type)
                    mentions[kind] += 1
                    by_field[kind][field] += 1
                    found_types.add(kind)
                    in_replies += field == "agent_replies"
                    found_in.setdefault(ticket.id, text)
            for kind in found_types:
                tickets_by_type[kind] += 1
            if found_types:
                with_pii.append(ticket)
        n = len(data.tickets)
        owned = bool(data.charter.owners.get("pii_cleaning", "").strip())
        share = len(with_pii) / n if n else 0.0
        score = 100.0 if not with_pii else (80.0 if owned else 40.0)
        result = CheckResult(
            self.name,
            self.layer,
            self.title,
            score=score if n else None,
            weight=self.weight,
            method="ticketpilot PII engine (regex + validators + context, Presidio entity names) "
            "over subject, customer messages, agent replies and private notes; score 100 with no "
            "PII, 80 with PII and a named pii_cleaning owner, 40 without one",
            figures=PiiFigures(
                tickets=n,
                tickets_with_pii=len(with_pii),
                share=share,
                by_type={
                    k: PiiTypeFigures(tickets_by_type[k], mentions[k], dict(by_field[k]))
                    for k, _ in mentions.most_common()
                },
                preview=_preview(with_pii, found_in, detector),
            ),
        )
        if with_pii:
            top = ", ".join(f"{k} in {v:,} tickets" for k, v in tickets_by_type.most_common(5))
            result.findings.append(
                Finding(
                    check=self.name,
                    severity=Severity.WARNING if owned else Severity.BLOCKER,
                    title=f"Personal data in {len(with_pii):,} tickets ({share:.1%}): {top}",
                    evidence={
                        "by_type": dict(tickets_by_type.most_common()),
                        "mentions_in_agent_replies": in_replies,
                        "pii_cleaning_owner": owned,
                    },
                    fix="ticketpilot redacts PII before any prompt or cross-customer view (placeholders "
                    "like <EMAIL_ADDRESS_1>, reversible only with the workspace key). Name a "
                    "pii_cleaning owner under [owners] and agree retention for the raw history.",
                    examples=tuple(p.masked for p in _preview(with_pii, found_in, detector)),
                )
            )
        if in_replies:
            result.findings.append(
                Finding(
                    check=self.name,
                    severity=Severity.WARNING,
                    title=f"{in_replies:,} PII mentions inside agent replies (would be copied into drafts "
                    "for other customers without redaction)",
                    evidence={"mentions": in_replies},
                    fix="Keep redaction on for retrieved context (the default); review macros that "
                    "echo customer data.",
                )
            )
        return result


def _preview(
    tickets: list[AuditTicket], found_in: dict[str, str], detector: Detector, k: int = 3
) -> tuple[RedactionPreview, ...]:
    """Masked original and redacted form of a few texts with PII: what a prompt would receive."""
    out: list[RedactionPreview] = []
    for ticket in tickets[:: max(1, len(tickets) // (k * 2))][:k]:
        text = " ".join(found_in.get(ticket.id, ticket.customer_text).split())[:240]
        out.append(
            RedactionPreview(
                ticket.id, mask_preview(text, detector=detector), Redactor(detector).redact(text)
            )
        )
    return tuple(out)
