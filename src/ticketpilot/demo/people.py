"""Customers and the slot values of one ticket.

A customer's personal data (name, e-mail, phone, address, card, IBAN, SSN) is drawn once, from a
random stream of its own, so a repeat customer pastes the same e-mail in every ticket whatever
order tickets are rendered in. Per-ticket values (order number, amounts, dates, links) are drawn
lazily, the first time a template asks for them, and then stay fixed for the whole thread.
"""

from __future__ import annotations

import random
import string
from collections.abc import Callable
from datetime import datetime, timedelta

from ticketpilot.demo import pii_values as pii
from ticketpilot.demo.catalog import (
    CARRIERS,
    DOMAIN,
    ERROR_CODES,
    OLD_FIRMWARE,
    PLANS,
    REFUND_DAYS,
    RETURN_DAYS,
    WARRANTY_MONTHS,
)
from ticketpilot.demo.languages import LANGUAGES
from ticketpilot.demo.personas import Agent
from ticketpilot.demo.template import render_text

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")  # fmt: skip
_TOKEN = string.ascii_letters + string.digits


_PERSONAL: dict[str, Callable[[random.Random], str]] = {
    "email": pii.email, "phone": pii.phone, "address": pii.postal_address,
    "card": pii.credit_card, "iban": pii.iban, "ssn": pii.ssn,
}  # fmt: skip


class Customer:
    """A customer and the personal data they may paste into tickets.

    The name comes from ``names`` (a stream shared by all customers, in order of first ticket).
    Each personal value (``email``, ``phone``, ``address``, ``card``, ``iban``, ``ssn``) is drawn on
    first use from a stream seeded by (seed, customer, kind): the same in every ticket of the
    customer, and never drawn for the many who never paste it.
    """

    __slots__ = ("_seed", "_values", "first", "language", "last", "ref")

    def __init__(self, seed: int, ref: int, language: str, names: random.Random) -> None:
        self.ref = ref
        self.first = pii.first_name(names)
        self.last = pii.last_name(names)
        self.language = language
        self._seed = seed
        self._values: dict[str, str] = {}

    @property
    def name(self) -> str:
        """First and last name."""
        return f"{self.first} {self.last}"

    def personal(self, kind: str) -> str:
        """The customer's own ``kind`` value (one of :data:`PERSONAL_KINDS`)."""
        value = self._values.get(kind)
        if value is None:
            value = _PERSONAL[kind](random.Random(f"{self._seed}:customer:{self.ref}:{kind}"))
            self._values[kind] = value
        return value


PERSONAL_KINDS = frozenset(_PERSONAL)


def make_customer(seed: int, ref: int, language: str, names: random.Random) -> Customer:
    """Customer ``ref``'s profile: a name from ``names``, personal data from its own streams."""
    return Customer(seed, ref, language, names)


def order_number(rng: random.Random) -> str:
    """A Northwind web-shop order (most) or a marketplace reference from the PII generators."""
    if rng.random() < 0.7:
        return f"NW-{rng.randint(1_000_000, 9_999_999)}"
    return pii.order_id(rng)


def personal_link(rng: random.Random) -> str:
    """A link with a personal token: a Northwind account or order link, or another site's."""
    token = "".join(rng.choice(_TOKEN) for _ in range(rng.randint(22, 36)))
    kind = rng.randrange(4)
    if kind == 0:
        return f"https://account.{DOMAIN}/reset-password?token={token}"
    if kind == 1:
        return f"https://{DOMAIN}/orders/track?session={token}"
    if kind == 2:
        return f"https://account.{DOMAIN}/verify/{token}"
    return pii.personal_url(rng)


class TicketSlots(dict[str, str]):
    """Slot values for one ticket; a missing value is drawn on first use and then kept."""

    def __init__(
        self,
        rng: random.Random,
        customer: Customer,
        agent: Agent,
        product: str,
        created_at: datetime,
        category: str,
    ) -> None:
        super().__init__(
            first=customer.first,
            name=customer.name,
            agent=agent.name,
            agent_first=agent.first,
            product=product,
            refund_days=str(REFUND_DAYS),
            return_days=str(RETURN_DAYS),
            warranty_months=str(WARRANTY_MONTHS),
        )
        self._rng = rng
        self._customer = customer
        self._created = created_at
        self._language = customer.language
        self._category = category
        plan, price = rng.choice(PLANS)
        self["plan"], self["price"] = plan, price

    def __missing__(self, key: str) -> str:
        value = self._draw(key)
        self[key] = value
        return value

    def _draw(self, key: str) -> str:
        if key in PERSONAL_KINDS:
            return self._customer.personal(key)
        rng = self._rng
        draws: dict[str, Callable[[], str]] = {
            "order": lambda: order_number(rng),
            "booking": lambda: f"R{rng.randint(100_000, 999_999)}",
            "amount": lambda: f"{rng.uniform(19, 399):.2f}",
            "date": lambda: self._past_date(rng.randint(1, 20)),
            "days": lambda: str(rng.randint(3, 14)),
            "months": lambda: str(rng.randint(2, 11)),
            "carrier": lambda: rng.choice(CARRIERS),
            "tracking": lambda: pii.DISTRACTORS["tracking"](rng),
            "version": lambda: rng.choice(OLD_FIRMWARE),
            "error": lambda: rng.choice(ERROR_CODES),
            "kb": lambda: f"KB-{rng.randint(1000, 1999)}",
            "ip": lambda: pii.ip_address(rng),
            "url": lambda: personal_link(rng),
            "topic": self._topic,
        }
        if key not in draws:
            raise KeyError(f"no value for template slot {{{key}}}")
        return draws[key]()

    def _past_date(self, days_ago: int) -> str:
        day = (self._created - timedelta(days=days_ago)).date()
        if self._language == "en":
            return f"{_MONTHS[day.month - 1]} {day.day}"
        return f"{day.day:02d}/{day.month:02d}/{day.year}"

    def _topic(self) -> str:
        language = LANGUAGES.get(self._language)
        if language is None:
            return self._category.replace("_", " ")
        return render_text(language.topics[self._category], self)[0]
