"""Agent personas: the same facts written formally, casually, tersely or as a canned macro.

The playbook's audit finding "historical responses vary widely in tone and format" is built in:
each agent has a persona and a personal habit (their own greeting and sign-off most of the time),
some write bullet lists, some skip greetings, and the macro team pastes identical boilerplate.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass

from ticketpilot.demo.catalog import COMPANY
from ticketpilot.demo.pii_values import first_name, last_name


@dataclass(frozen=True, slots=True)
class Style:
    """How a persona opens, frames and closes a reply."""

    greetings: tuple[str, ...]
    openers: tuple[str, ...]
    closings: tuple[str, ...]
    sign_offs: tuple[str, ...]
    bullets: float
    deflect: float
    share: float


STYLES: Mapping[str, Style] = {
    "formal": Style(
        ("Dear {name},", "Dear customer,", "Good morning {first},", "Dear {first},"),
        (
            f"Thank you for contacting {COMPANY}.",
            "Thank you for your message.",
            "We apologise for the inconvenience.",
        ),
        (
            "Please do not hesitate to contact us should you have any further questions.",
            "We remain at your disposal for any further questions.",
        ),
        (
            f"Kind regards,\n{{agent}}\n{COMPANY} Customer Care",
            "Yours sincerely,\n{agent}",
            "Best regards,\n{agent}",
        ),
        bullets=0.3,
        deflect=0.03,
        share=0.3,
    ),
    "casual": Style(
        ("Hi {first}!", "Hey {first},", "Hi {first},", "Hi there!"),
        (
            "Thanks for reaching out!",
            "So sorry to hear that!",
            "Thanks for getting in touch.",
            "Oh no, sorry about that!",
        ),
        (
            "Let me know if that helps!",
            "Give that a try and let me know how it goes!",
            "Anything else, just reply here :)",
        ),
        (
            "Cheers,\n{agent_first}",
            "Best,\n{agent_first}",
            "{agent_first} from Northwind",
            "Thanks!\n{agent_first}",
        ),
        bullets=0.15,
        deflect=0.05,
        share=0.3,
    ),
    "terse": Style(
        ("", "Hi,", "Hello,"),
        ("",),
        ("", "Thanks."),
        ("", "-{agent_first}", "{agent_first}"),
        bullets=0.0,
        deflect=0.2,
        share=0.15,
    ),
    "macro": Style(
        ("Hello {first},",),
        (f"Thank you for contacting {COMPANY} Support.",),
        (
            "If you have any further questions, simply reply to this email and we will be happy to "
            "help.",
        ),
        (f"Kind regards,\nThe {COMPANY} Support Team",),
        bullets=0.0,
        deflect=0.04,
        share=0.25,
    ),
}


@dataclass(frozen=True, slots=True)
class Agent:
    """A support agent: a name (PII when it appears in text), a persona and personal habits."""

    ref: int
    first: str
    last: str
    persona: str
    greeting: int
    opener: int
    closing: int
    sign_off: int

    @property
    def name(self) -> str:
        """First and last name."""
        return f"{self.first} {self.last}"

    @property
    def style(self) -> Style:
        """The persona's style."""
        return STYLES[self.persona]

    def pick(self, rng: random.Random, options: tuple[str, ...], habit: int) -> str:
        """The agent's habitual choice most of the time, another one now and then."""
        if rng.random() < 0.8:
            return options[habit % len(options)]
        return rng.choice(options)


def make_agents(rng: random.Random, count: int = 24) -> list[Agent]:
    """``count`` agents with personas in the :data:`STYLES` shares and stable habits."""
    personas = list(STYLES)
    weights = [STYLES[p].share for p in personas]
    agents: list[Agent] = []
    for ref in range(count):
        persona = (
            personas[ref % len(personas)]
            if ref < len(personas)
            else rng.choices(personas, weights=weights)[0]
        )
        habits = [rng.randrange(8) for _ in range(4)]
        agents.append(Agent(ref, first_name(rng), last_name(rng), persona, *habits))
    return agents
