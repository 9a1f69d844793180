"""Counting what was generated, for ``manifest.json``: the figures a demo can be checked against.

The manifest holds no wall-clock time or absolute path, so the same seed writes the same bytes.
"""

from __future__ import annotations

import statistics
from collections import Counter
from datetime import date
from typing import Any

from ticketpilot import __version__
from ticketpilot.demo.catalog import COMPANY, DRIFT, SYNTHETIC_NOTICE
from ticketpilot.demo.compose import DemoTicket
from ticketpilot.demo.template import Span


def _shares(counter: Counter[str], total: int) -> dict[str, float]:
    return {key: round(n / total, 4) for key, n in sorted(counter.items())} if total else {}


def _hours(values: list[float]) -> dict[str, float | int]:
    if not values:
        return {"n": 0}
    ordered = sorted(values)
    return {
        "n": len(ordered),
        "median": round(statistics.median(ordered), 2),
        "mean": round(statistics.fmean(ordered), 2),
        "p90": round(ordered[int(0.9 * (len(ordered) - 1))], 2),
    }


class Stats:
    """Running counts over the generated tickets and planted spans."""

    def __init__(self, drift_start: date) -> None:
        self.drift_start = drift_start
        self.total = 0
        self.untagged = 0
        self.categories: Counter[str] = Counter()
        self.tagged_categories: Counter[str] = Counter()
        self.before: Counter[str] = Counter()
        self.after: Counter[str] = Counter()
        self.languages: Counter[str] = Counter()
        self.channels: Counter[str] = Counter()
        self.priorities: Counter[str] = Counter()
        self.statuses: Counter[str] = Counter()
        self.months: Counter[str] = Counter()
        self.drift_months: Counter[str] = Counter()
        self.customers: Counter[int] = Counter()
        self.resolution: list[float] = []
        self.first_response: list[float] = []
        self.csat: Counter[str] = Counter()
        self.deflected = 0
        self.spans: Counter[str] = Counter()
        self.span_fields: Counter[str] = Counter()
        self.pii_tickets = 0

    def add(self, ticket: DemoTicket, spans: list[tuple[str, Span]]) -> None:
        """Count one ticket and the spans planted in it (``(field, span)`` pairs)."""
        plan = ticket.plan
        month = plan.created_at.strftime("%Y-%m")
        self.total += 1
        self.categories[plan.category] += 1
        (self.after if plan.created_at.date() >= self.drift_start else self.before)[
            "drift_topic" if plan.drift else plan.category
        ] += 1
        if plan.tagged:
            self.tagged_categories[plan.category] += 1
        else:
            self.untagged += 1
        self.languages[plan.language] += 1
        self.channels[plan.channel] += 1
        self.priorities[plan.priority] += 1
        self.statuses[ticket.status] += 1
        self.months[month] += 1
        self.drift_months[month] += plan.drift
        self.customers[plan.customer] += 1
        if ticket.resolved_at is not None:
            self.resolution.append(plan.resolution_hours)
        if ticket.first_response_at is not None:
            self.first_response.append(plan.first_response_hours)
        if ticket.csat is not None:
            self.csat[str(ticket.csat)] += 1
        self.deflected += ticket.deflected
        for field, span in spans:
            self.spans[span.entity_type] += 1
            self.span_fields["messages" if field.startswith("messages") else field] += 1
        self.pii_tickets += bool(spans)

    def manifest(self, **settings: Any) -> dict[str, Any]:
        """The manifest document; ``settings`` (seed, dates, files...) go in first."""
        n = self.total
        drift_total = sum(self.drift_months.values())
        after_total = sum(self.after.values())
        ratings = sum(self.csat.values())
        return {
            "notice": SYNTHETIC_NOTICE,
            "generator": f"ticketpilot {__version__} demo-data",
            "company": COMPANY,
            **settings,
            "tickets": n,
            "customers": len(self.customers),
            "repeat_customer_ticket_share": round(
                sum(c for c in self.customers.values() if c > 1) / n, 4
            )
            if n
            else 0.0,
            "untagged_share": round(self.untagged / n, 4) if n else 0.0,
            "category_shares": _shares(self.categories, n),
            "tagged_category_shares": _shares(self.tagged_categories, n - self.untagged),
            "monthly_volume": dict(sorted(self.months.items())),
            "languages": _shares(self.languages, n),
            "channels": _shares(self.channels, n),
            "priorities": _shares(self.priorities, n),
            "statuses": dict(sorted(self.statuses.items())),
            "resolution_hours": _hours(self.resolution),
            "first_response_hours": _hours(self.first_response),
            "csat": {
                "responses": ratings,
                "mean": round(sum(int(k) * v for k, v in self.csat.items()) / ratings, 3)
                if ratings
                else None,
                "distribution": dict(sorted(self.csat.items())),
            },
            "deflection_replies": self.deflected,
            "drift": {
                "topic": DRIFT.name,
                "product": DRIFT.product,
                "start": self.drift_start.isoformat(),
                "category_when_tagged": DRIFT.category,
                "vocabulary": list(DRIFT.vocabulary),
                "tickets": drift_total,
                "share_after_start": round(drift_total / after_total, 4) if after_total else 0.0,
                "monthly_share": {
                    m: round(self.drift_months[m] / self.months[m], 4) for m in sorted(self.months)
                },
                "mix_before": _shares(self.before, sum(self.before.values())),
                "mix_after": _shares(self.after, after_total),
            },
            "pii": {
                "spans": sum(self.spans.values()),
                "by_type": dict(sorted(self.spans.items())),
                "by_field": dict(sorted(self.span_fields.items())),
                "tickets_with_pii": self.pii_tickets,
            },
        }
