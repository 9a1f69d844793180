"""Rendering one message at a time: subjects, first messages, follow-ups, replies, notes.

Each function returns a :class:`~ticketpilot.demo.template.TextBuilder` holding the text and the
spans of the PII planted in it. Text is already in the importer's tidy plain-text form (single
spaces, trimmed lines, at most one blank line), so the offsets hold after import.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from ticketpilot.demo import agent_text as at
from ticketpilot.demo import customer_text as ct
from ticketpilot.demo.catalog import CATEGORY_BY_SLUG
from ticketpilot.demo.languages import LANGUAGES, ORDER_CATEGORIES
from ticketpilot.demo.people import TicketSlots
from ticketpilot.demo.personas import Agent
from ticketpilot.demo.plan import TicketPlan
from ticketpilot.demo.template import TextBuilder, render

#: What the customer is replying to: an answer that worked, one that did not, or a non-answer.
MOODS = ("resolved", "stuck", "deflected")


def subject(
    rng: random.Random, plan: TicketPlan, slots: TicketSlots, issue: ct.Issue | None
) -> TextBuilder:
    """A subject line: the issue's, or the helpdesk's own for chats and calls."""
    builder = TextBuilder()
    if plan.channel == "chat" and rng.random() < 0.6:
        render("Chat with {name}", slots, builder)
    elif plan.channel == "phone" and rng.random() < 0.5:
        render("Call from {phone}", slots, builder)
    elif plan.language in LANGUAGES:
        language = LANGUAGES[plan.language]
        template = language.drift_subject if plan.drift else rng.choice(language.subjects)
        render(template, slots, builder)
    else:
        if plan.channel == "email" and rng.random() < 0.08:
            builder.add("Re: ")
        subjects = issue.subjects if issue else ct.DRIFT_SUBJECTS
        render(rng.choice(subjects), slots, builder)
    return builder


def opening(
    rng: random.Random, plan: TicketPlan, slots: TicketSlots, issue: ct.Issue | None
) -> TextBuilder:
    """The customer's first message (the ticket body), with PII asides at the category's rates."""
    builder = TextBuilder()
    chat = plan.channel == "chat"
    language = LANGUAGES.get(plan.language)
    if rng.random() < (0.25 if chat else 0.65):
        builder.add(rng.choice(language.greetings if language else ct.GREETINGS))
        builder.paragraph()
    if language is not None:
        render(rng.choice(language.drift if plan.drift else language.openings), slots, builder)
        if plan.category in ORDER_CATEGORIES and not plan.drift and rng.random() < 0.7:
            builder.add(" ")
            render(language.order_line, slots, builder)
    else:
        render(issue.opening if issue else rng.choice(ct.DRIFT_OPENINGS), slots, builder)
        if rng.random() < 0.4:
            builder.add(" ")
            builder.add(rng.choice(ct.MOODS))
    _asides(rng, plan, slots, builder)
    if rng.random() < (0.1 if chat else 0.55):
        builder.paragraph()
        render(rng.choice(language.sign_offs if language else ct.SIGN_OFFS), slots, builder)
    return builder


def _asides(rng: random.Random, plan: TicketPlan, slots: TicketSlots, builder: TextBuilder) -> None:
    rates = CATEGORY_BY_SLUG[plan.category].pii
    if plan.drift:
        rates = {"email": 0.06, "phone": 0.06, "ip": 0.05}
    for kind, rate in rates.items():
        if rng.random() < rate:
            if rng.random() < 0.5:
                builder.paragraph()
            else:
                builder.add(" ")
            render(rng.choice(ct.PII_ASIDES[kind]), slots, builder)


def follow_up(rng: random.Random, plan: TicketPlan, slots: TicketSlots, mood: str) -> TextBuilder:
    """A later customer message replying to an answer that worked, one that didn't, or none."""
    builder = TextBuilder()
    language = LANGUAGES.get(plan.language)
    if language is not None:
        options: Sequence[str] = (language.follow_ups[mood == "resolved"],)
    elif mood == "deflected":
        options = ct.AFTER_DEFLECTION
    else:
        texts = ct.DRIFT_TEXTS if plan.drift else ct.CUSTOMER[plan.category]
        own = texts.resolved if mood == "resolved" else texts.still_stuck
        options = own + (ct.RESOLVED if mood == "resolved" else ct.STILL_STUCK)
    render(rng.choice(options), slots, builder)
    return builder


def agent_reply(
    rng: random.Random,
    agent: Agent,
    plan: TicketPlan,
    slots: TicketSlots,
    *,
    kind: str,
    answers: Sequence[str] = (),
) -> TextBuilder:
    """A public reply in the agent's persona: ``kind`` is "answer", "deflect" or "wrap_up"."""
    language = LANGUAGES.get(plan.language)
    if language is not None:
        body = language.agent_drift if plan.drift else rng.choice(language.agent_bodies)
        return _foreign_reply(
            rng, plan, slots, language.agent_greetings, language.agent_sign_offs, body
        )
    style = agent.style
    builder = TextBuilder()
    greeting = agent.pick(rng, style.greetings, agent.greeting)
    if greeting:
        render(greeting, slots, builder)
        if agent.persona == "terse":
            builder.add(" ")
        else:
            builder.paragraph()
    opener = agent.pick(rng, style.openers, agent.opener)
    if opener and kind == "answer":
        builder.add(opener)
        builder.paragraph()
    if kind == "deflect":
        builder.add(rng.choice(at.DEFLECTIONS))
    elif kind == "wrap_up":
        builder.add(at.MACRO_WRAP_UP if agent.persona == "macro" else rng.choice(at.WRAP_UPS))
    elif agent.persona == "macro":
        render(at.MACRO_DRIFT if plan.drift else at.MACROS[plan.category], slots, builder)
    else:
        _answers(rng, agent, slots, builder, answers)
    if plan.channel != "chat":
        closing = agent.pick(rng, style.closings, agent.closing)
        if closing and kind != "wrap_up":
            builder.paragraph()
            builder.add(closing)
        sign_off = agent.pick(rng, style.sign_offs, agent.sign_off)
        if sign_off:
            builder.paragraph()
            render(sign_off, slots, builder)
    return builder


def _answers(
    rng: random.Random,
    agent: Agent,
    slots: TicketSlots,
    builder: TextBuilder,
    answers: Sequence[str],
) -> None:
    if len(answers) > 1 and rng.random() < agent.style.bullets:
        builder.add(rng.choice(("Here is what I've done:", "Please note:", "Summary:")))
        for answer in answers:
            builder.line()
            builder.add("- ")
            render(answer, slots, builder)
    else:
        for number, answer in enumerate(answers):
            if number:
                builder.add(" " if agent.persona == "terse" else "\n\n")
            render(answer, slots, builder)
    if rng.random() < 0.06:
        builder.paragraph()
        render(rng.choice(at.ECHOES), slots, builder)


def _foreign_reply(
    rng: random.Random,
    plan: TicketPlan,
    slots: TicketSlots,
    greetings: tuple[str, ...],
    sign_offs: tuple[str, ...],
    body: str,
) -> TextBuilder:
    builder = TextBuilder()
    render(rng.choice(greetings), slots, builder)
    builder.paragraph()
    render(body, slots, builder)
    if plan.channel != "chat":
        builder.paragraph()
        render(rng.choice(sign_offs), slots, builder)
    return builder


def internal_note(
    rng: random.Random, plan: TicketPlan, slots: TicketSlots, drift_phase: str
) -> TextBuilder:
    """A private note between agents (never shown to the customer)."""
    builder = TextBuilder()
    if plan.drift and drift_phase != "unknown" and rng.random() < 0.6:
        builder.add(at.DRIFT_NOTE)
    else:
        render(rng.choice(at.NOTES), slots, builder)
    return builder
