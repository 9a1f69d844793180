"""``generate()``: a seeded, synthetic support history written as helpdesk exports.

Two passes: :mod:`~ticketpilot.demo.plan` lays out every ticket's skeleton (time, category,
channel, customer, durations, whether it is tagged); :mod:`~ticketpilot.demo.compose` renders one
ticket at a time, which is streamed to the export files and the PII ground truth at once. Random
streams are derived from the seed by purpose (plan, agents, text, each customer), so the same seed
gives byte-identical files.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import IO, Any

from ticketpilot.demo.catalog import drift_start_for
from ticketpilot.demo.compose import DemoTicket, compose_ticket
from ticketpilot.demo.manifest import Stats
from ticketpilot.demo.people import Customer, make_customer
from ticketpilot.demo.personas import make_agents
from ticketpilot.demo.plan import plan_tickets
from ticketpilot.demo.template import Span
from ticketpilot.demo.timeline import add_months, calendar
from ticketpilot.demo.writers import HELPDESK_FORMATS, WRITERS, ExportWriter
from ticketpilot.errors import TicketpilotError
from ticketpilot.tickets.text import to_plain_text

DEFAULT_START = date(2024, 1, 1)
FIRST_TICKET_ID = 10_001
GROUND_TRUTH = "pii_ground_truth.jsonl"
MANIFEST = "manifest.json"

Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class DemoResult:
    """What :func:`generate` wrote: export files by format, the ground truth and the manifest."""

    out: Path
    files: dict[str, Path]
    ground_truth: Path
    manifest_path: Path
    manifest: dict[str, Any] = field(repr=False)

    @property
    def tickets(self) -> int:
        """Tickets generated."""
        return int(self.manifest["tickets"])

    @property
    def drift_start(self) -> date:
        """The day the drift topic starts."""
        return date.fromisoformat(self.manifest["drift"]["start"])


def parse_formats(formats: str | Iterable[str]) -> tuple[str, ...]:
    """``"zendesk,freshdesk"`` (or a list) as a checked tuple of format names."""
    names = formats.split(",") if isinstance(formats, str) else list(formats)
    chosen = tuple(dict.fromkeys(n.strip().lower() for n in names if n.strip()))
    unknown = [n for n in chosen if n not in WRITERS]
    if unknown or not chosen:
        raise TicketpilotError(
            f"formats {formats!r}: unknown {', '.join(unknown) or '(none given)'}; "
            f"choose from {', '.join(WRITERS)}"
        )
    return chosen


def generate(
    out: Path,
    *,
    tickets: int = 20_000,
    months: int = 12,
    start: date = DEFAULT_START,
    seed: int = 7,
    formats: str | Sequence[str] = HELPDESK_FORMATS,
    untagged_share: float = 0.40,
    progress: Progress | None = None,
) -> DemoResult:
    """Write ``tickets`` synthetic tickets over ``months`` months from ``start`` into ``out``.

    Helpdesk formats (zendesk, freshdesk) split the history in time, as a company that migrated
    helpdesk would have it (first half Zendesk, second half Freshdesk); ``jsonl`` gets it all.
    Returns the paths written and the manifest (also saved as ``manifest.json``).
    """
    chosen = parse_formats(formats)
    _check(tickets, months, untagged_share)
    if out.exists() and not out.is_dir():
        raise TicketpilotError(f"{out} exists and is not a folder")
    out.mkdir(parents=True, exist_ok=True)
    end = add_months(start, months)
    drift_start = drift_start_for(start)
    export_at = datetime(end.year, end.month, end.day)
    plans, languages = plan_tickets(
        random.Random(f"{seed}:plan"),
        calendar(start, end, drift_start),
        drift_start,
        tickets,
        untagged_share,
    )
    agents = make_agents(random.Random(f"{seed}:agents"))
    rng = random.Random(f"{seed}:text")
    names = random.Random(f"{seed}:names")
    customers: dict[int, Customer] = {}
    stats = Stats(drift_start)
    helpdesks = [f for f in chosen if f in HELPDESK_FORMATS]
    switches = _switch_dates(start, end, months, len(helpdesks))
    with ExitStack() as stack:
        writers = {name: stack.enter_context(WRITERS[name](out)) for name in chosen}
        truth = stack.enter_context((out / GROUND_TRUTH).open("w", encoding="utf-8", newline="\n"))
        for plan in plans:
            if plan.customer not in customers:
                language = languages[plan.customer]
                customers[plan.customer] = make_customer(seed, plan.customer, language, names)
            ticket = compose_ticket(
                rng,
                FIRST_TICKET_ID + plan.index,
                plan,
                customers[plan.customer],
                rng.choice(agents),
                drift_start,
                export_at,
            )
            spans = _spans(ticket)
            for name, writer in writers.items():
                day = plan.created_at.date()
                if name not in helpdesks or _helpdesk_for(day, helpdesks, switches) == name:
                    writer.write(ticket)
            _write_truth(truth, ticket.id, spans)
            stats.add(ticket, spans)
            if progress is not None and (plan.index + 1) % 500 == 0:
                progress(plan.index + 1, tickets)
    if progress is not None:
        progress(tickets, tickets)
    manifest = stats.manifest(
        seed=seed,
        start=start.isoformat(),
        end=end.isoformat(),
        months=months,
        export_at=export_at.isoformat(),
        files=_files(writers),
        ground_truth=_TRUTH_DOC,
        csat_mapping=_CSAT_DOC,
    )
    (out / MANIFEST).write_text(
        json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return DemoResult(
        out, {n: w.path for n, w in writers.items()}, out / GROUND_TRUTH, out / MANIFEST, manifest
    )


def _check(tickets: int, months: int, untagged_share: float) -> None:
    if tickets < 1:
        raise TicketpilotError(f"tickets must be at least 1, got {tickets}")
    if not 1 <= months <= 120:
        raise TicketpilotError(f"months must be between 1 and 120, got {months}")
    if not 0.0 <= untagged_share <= 1.0:
        raise TicketpilotError(f"untagged share must be between 0 and 1, got {untagged_share}")


def _switch_dates(start: date, end: date, months: int, parts: int) -> list[date]:
    """Where each helpdesk's share of the history ends: month boundaries, or days if too short."""
    if months >= parts:
        return [add_months(start, months * (i + 1) // parts) for i in range(parts)]
    days = (end - start).days
    return [start + timedelta(days=days * (i + 1) // parts) for i in range(parts)]


def _helpdesk_for(day: date, helpdesks: list[str], switches: list[date]) -> str:
    pairs = zip(helpdesks, switches, strict=True)
    return next((h for h, until in pairs if day < until), helpdesks[-1])


def _spans(ticket: DemoTicket) -> list[tuple[str, Span]]:
    """``(field, span)`` for every planted value; checks each text survives import unchanged."""
    fields = [("subject", ticket.subject, ticket.subject_spans)]
    fields += [
        ("body" if i == 0 else f"messages[{i}]", m.text, m.spans)
        for i, m in enumerate(ticket.messages)
    ]
    found: list[tuple[str, Span]] = []
    for name, text, spans in fields:
        if to_plain_text(text) != text:
            raise AssertionError(f"ticket {ticket.id} {name} is not stored plain text: {text!r}")
        found.extend((name, span) for span in spans)
    return found


def _write_truth(truth: IO[str], ticket_id: int, spans: list[tuple[str, Span]]) -> None:
    for name, span in spans:
        truth.write(json.dumps({
            "ticket_id": str(ticket_id), "field": name, "entity_type": span.entity_type,
            "start": span.start, "end": span.end, "text": span.text,
        }, ensure_ascii=False) + "\n")  # fmt: skip


def _files(writers: dict[str, ExportWriter]) -> dict[str, dict[str, Any]]:
    return {
        name: {
            "path": w.path.name, "tickets": w.count,
            "first_created": w.first.isoformat() if w.first else None,
            "last_created": w.last.isoformat() if w.last else None,
        }
        for name, w in writers.items()
    }  # fmt: skip


_TRUTH_DOC = {
    "path": GROUND_TRUTH,
    "fields": "subject, body (the first customer message, also stored as messages[0]), "
    "messages[i] for i >= 1 (the stored thread in time order, private notes included)",
    "offsets": "character offsets [start, end) into the stored plain text",
}
_CSAT_DOC = {
    "zendesk": "satisfaction_rating.score good (4-5) or bad (1-3), offered or unoffered when "
    "unanswered, the number 1..5 in custom field 360001000003",
    "freshdesk": "custom_fields.cf_csat, 1..5 or null",
    "jsonl": "csat, 1..5 or null",
}
