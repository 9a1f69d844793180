"""The second pass: one planned ticket becomes a full ticket with its thread, status and CSAT.

The thread is the customer's first message, then one to four turns alternating agent and
customer, sometimes a private note; messages that would fall after the export time are cut, and
those tickets stay open or pending, like the tail of any real export.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from ticketpilot.demo import messages as msg
from ticketpilot.demo.agent_text import (
    ANSWERS,
    DRIFT_ANSWERS,
    DRIFT_FIXED_AFTER_DAYS,
    DRIFT_KNOWN_AFTER_DAYS,
    ESCALATIONS,
)
from ticketpilot.demo.catalog import DRIFT, PRODUCTS
from ticketpilot.demo.customer_text import CUSTOMER, Issue
from ticketpilot.demo.people import Customer, TicketSlots
from ticketpilot.demo.personas import Agent
from ticketpilot.demo.plan import TicketPlan
from ticketpilot.demo.template import Span, TextBuilder
from ticketpilot.demo.timeline import csat_score

TURNS = (1, 2, 3, 4)
TURN_WEIGHTS = (45, 30, 15, 10)
SURVEY_RESPONSE = 0.32
CLOSE_AFTER = timedelta(days=4)
CUSTOMER_ID_BASE = 20_000_000
AGENT_ID_BASE = 10_000


@dataclass(slots=True)
class DemoMessage:
    """One message of a thread; ``author_id`` is a helpdesk user id (customer or agent)."""

    role: str
    public: bool
    created_at: datetime
    author_id: int
    text: str
    spans: list[Span]


@dataclass(slots=True)
class DemoTicket:
    """A generated ticket. ``messages[0]`` is the customer's first message, the ticket body."""

    id: int
    plan: TicketPlan
    customer: Customer
    agent: Agent
    product: str
    subject: str
    subject_spans: list[Span]
    messages: list[DemoMessage]
    status: str
    first_response_at: datetime | None
    resolved_at: datetime | None
    updated_at: datetime
    csat: int | None
    survey_offered: bool
    deflected: bool

    @property
    def body(self) -> str:
        """The first customer message."""
        return self.messages[0].text

    @property
    def requester_id(self) -> int:
        """The customer's helpdesk user id."""
        return CUSTOMER_ID_BASE + self.customer.ref

    @property
    def agent_id(self) -> int:
        """The assigned agent's helpdesk user id."""
        return AGENT_ID_BASE + self.agent.ref


def drift_phase(created: datetime, drift_start: date) -> str:
    """ "unknown" right after firmware 4.2 ships, "known" once support has a workaround, "fixed"."""
    days = (created.date() - drift_start).days
    if days < DRIFT_KNOWN_AFTER_DAYS:
        return "unknown"
    return "known" if days < DRIFT_FIXED_AFTER_DAYS else "fixed"


def compose_ticket(
    rng: random.Random,
    ticket_id: int,
    plan: TicketPlan,
    customer: Customer,
    agent: Agent,
    drift_start: date,
    export_at: datetime,
) -> DemoTicket:
    """Render ``plan`` into a :class:`DemoTicket` as it stands at ``export_at``."""
    product = DRIFT.product if plan.drift else rng.choice(PRODUCTS)
    slots = TicketSlots(rng, customer, agent, product, plan.created_at, plan.category)
    phase = drift_phase(plan.created_at, drift_start)
    issue = None if plan.drift else rng.choice(CUSTOMER[plan.category].issues)
    customer_id, agent_id = CUSTOMER_ID_BASE + customer.ref, AGENT_ID_BASE + agent.ref
    subject = msg.subject(rng, plan, slots, issue)
    thread = [
        _message(
            "customer", True, plan.created_at, customer_id, msg.opening(rng, plan, slots, issue)
        )
    ]
    times = _turn_times(rng, plan, rng.choices(TURNS, weights=TURN_WEIGHTS)[0])
    deflected = plan.language == "en" and rng.random() < agent.style.deflect
    answers = _answer_queue(rng, plan, issue, phase)
    thread += _turns(rng, plan, agent, slots, times, answers, deflected, (customer_id, agent_id))
    note_rate = 0.5 if plan.drift and phase != "unknown" else 0.15
    if rng.random() < note_rate:
        when = times[0] + (times[-1] - times[0]) * rng.uniform(0.0, 1.0) + timedelta(seconds=1)
        note = msg.internal_note(rng, plan, slots, phase)
        thread.append(_message("agent", False, when, agent_id, note))
        thread.sort(key=lambda m: m.created_at)
    thread = [m for m in thread if m.created_at <= export_at]
    resolved = plan.resolved_at if plan.resolved_at <= export_at else None
    replied = [m.created_at for m in thread if m.role == "agent" and m.public]
    status = _status(rng, plan, thread, resolved, export_at)
    csat: int | None = None
    if resolved is not None and rng.random() < SURVEY_RESPONSE:
        csat = csat_score(rng, plan.resolution_hours, deflected, plan.drift)
    updated = max([m.created_at for m in thread] + ([resolved] if resolved else []))
    if status == "closed":
        updated = (resolved or updated) + CLOSE_AFTER
    return DemoTicket(
        ticket_id,
        plan,
        customer,
        agent,
        product,
        subject.text(),
        subject.spans,
        thread,
        status,
        replied[0] if replied else None,
        resolved,
        updated,
        csat,
        resolved is not None,
        deflected,
    )


def _turns(
    rng: random.Random,
    plan: TicketPlan,
    agent: Agent,
    slots: TicketSlots,
    times: list[datetime],
    answers: list[str],
    deflected: bool,
    ids: tuple[int, int],
) -> list[DemoMessage]:
    """Agent and customer turns: answer, "still stuck" or "thanks", next answer or wrap-up."""
    turns: list[DemoMessage] = []
    kind = "deflect" if deflected else "answer"
    for turn, when in enumerate(times):
        if turn % 2 == 0:
            batch: list[str] = []
            if kind == "answer":
                batch = [answers.pop(0)] if answers else [rng.choice(ESCALATIONS)]
                if answers and turn == 0 and rng.random() < 0.35:
                    batch.append(answers.pop(0))
            text = msg.agent_reply(rng, agent, plan, slots, kind=kind, answers=batch)
            turns.append(_message("agent", True, when, ids[1], text))
            continue
        if kind == "deflect":
            mood = "deflected"
        elif kind == "wrap_up" or rng.random() < (0.3 if plan.drift else 0.55):
            mood = "resolved"
        else:
            mood = "stuck"
        text = msg.follow_up(rng, plan, slots, mood)
        turns.append(_message("customer", True, when, ids[0], text))
        kind = "wrap_up" if mood == "resolved" else "answer"
    return turns


def _answer_queue(
    rng: random.Random, plan: TicketPlan, issue: Issue | None, phase: str
) -> list[str]:
    """The answers an agent gives in order: the issue's own first, then others of the category."""
    pool = DRIFT_ANSWERS[phase] if plan.drift else ANSWERS[plan.category]
    first = [pool[i] for i in issue.answers] if issue else []
    rest = [a for a in pool if a not in first]
    rng.shuffle(rest)
    return first + rest[:1]


def _message(
    role: str, public: bool, when: datetime, author: int, text: TextBuilder
) -> DemoMessage:
    return DemoMessage(role, public, when, author, text.text(), text.spans)


def _turn_times(rng: random.Random, plan: TicketPlan, turns: int) -> list[datetime]:
    """First reply at the first-response time, the last message at the resolution time."""
    first, last = plan.first_response_at, plan.resolved_at
    if turns == 1:
        return [first]
    span = (last - first).total_seconds()
    middle = sorted(rng.uniform(0.05, 0.95) for _ in range(turns - 2))
    return [first, *(first + timedelta(seconds=span * u) for u in middle), last]


def _status(
    rng: random.Random,
    plan: TicketPlan,
    thread: list[DemoMessage],
    resolved: datetime | None,
    export_at: datetime,
) -> str:
    if resolved is not None:
        return "closed" if resolved + CLOSE_AFTER <= export_at else "solved"
    public = [m for m in thread if m.public]
    if len(public) == 1:
        return "new" if export_at - plan.created_at < timedelta(hours=6) else "open"
    if public[-1].role == "agent":
        return "hold" if rng.random() < 0.1 else "pending"
    return "open"
