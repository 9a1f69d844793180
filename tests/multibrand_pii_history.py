"""A generated multi-brand social customer-care history, shaped like a real Twitter export.

Twelve brands in one workspace; each conversation is a thread of message objects
(``{"role", "author", "at", "text"}``) between a customer ``@handle`` and the brand's own
``@handle``. Agent replies address the customer by handle and first name, link the brand's own
help centre (``/hc/en-us/articles/360012345678-Title``), web-archive copies of it
(``web.archive.org/web/20190512093000/...``), tracking links with long digit runs and
``t.co``/``bit.ly`` short links, and sign with initials (``^JD``) or the brand's handle. Some
customers write personal data (e-mail, phone, card, IBAN, SSN) into their messages.

Everything the tests need to judge the output is returned with it: the customers' handles and
first names, the brands' handles, and the planted personal values.

    history = multibrand_history(seed=7, conversations=240)
    history.tickets             # canonical Ticket objects, messages with author_ref
    history.jsonl_records()     # one dict per conversation: the export's shape
    history.customer_handles    # {"@jo_k", ...}: must never appear in a report or the index

Reusable by any test that needs several brands in one history (scope, PII, replay).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from ticketpilot.tickets.model import Message, Role, Ticket


@dataclass(frozen=True)
class Brand:
    """One company: its handle, its help-centre host and what its customers write about."""

    name: str
    handle: str
    host: str
    topics: tuple[tuple[str, str, str], ...]  # (category, customer problem, article slug)
    #: a second handle of the brand that agents point customers to ("DM @ContosoBilling")
    desk: str | None = None


def _brand(name: str, handle: str, host: str, *topics: tuple[str, str, str]) -> Brand:
    return Brand(name, handle, host, topics)


BRANDS: tuple[Brand, ...] = (
    _brand("Northwind Air", "@NorthwindAir", "help.northwindair.com",
           ("baggage", "my bag never arrived at baggage claim", "Delayed-or-lost-baggage"),
           ("delay", "my flight was delayed three hours with no update", "Delays-and-cancellations")),
    Brand("Contoso Mobile", "@ContosoCares", "support.contosomobile.com",
          (("billing", "I was charged twice for my plan this month", "Understanding-your-bill"),
           ("network", "no signal at home since yesterday", "Fix-no-signal")),
          desk="@ContosoBilling"),
    _brand("Fabrikam Music", "@FabrikamHelp", "help.fabrikam.fm",
           ("playback", "songs keep stopping after ten seconds", "Music-stops-playing"),
           ("account", "I can't log in to my family plan", "Log-in-problems")),
    _brand("Tailspin Bank", "@TailspinBank", "help.tailspinbank.co.uk",
           ("card", "my new debit card has not arrived", "Card-not-arrived"),
           ("transfer", "a transfer to my savings is stuck pending", "Pending-transfers")),
    _brand("Wingtip Rail", "@WingtipTrains", "help.wingtiprail.co.uk",
           ("refund", "the train was cancelled, how do I get a refund", "Delay-repay"),
           ("tickets", "my e-ticket won't scan at the gate", "E-ticket-problems")),
    _brand("Adventure Works", "@AdventureWorksHelp", "support.adventure-works.com",
           ("order", "my order still says processing after a week", "Where-is-my-order"),
           ("returns", "how do I return the boots, they don't fit", "Returns-and-exchanges")),
    _brand("Litware Games", "@LitwareSupport", "help.litware.gg",
           ("crash", "the game crashes on the loading screen", "Game-crashes-on-start"),
           ("purchase", "I bought coins but they never showed up", "Missing-purchases")),
    _brand("Proseware Energy", "@ProsewareEnergy", "help.proseware-energy.com",
           ("meter", "my smart meter stopped sending readings", "Smart-meter-readings"),
           ("billing", "my direct debit went up without warning", "Direct-debit-changes")),
    _brand("Fourth Coffee", "@FourthCoffee", "help.fourthcoffee.com",
           ("app", "the app won't load my rewards", "Rewards-not-showing"),
           ("store", "the store on Main Street was closed at opening time", "Store-hours")),
    _brand("Blue Yonder Hotels", "@BlueYonderStays", "help.blueyonderhotels.com",
           ("booking", "my booking disappeared from the app", "Find-your-booking"),
           ("stay", "the room was not cleaned during my stay", "Feedback-about-your-stay")),
    _brand("Lamna Streaming", "@LamnaTV", "help.lamna.tv",
           ("playback", "every show buffers on my smart TV", "Buffering-on-TV"),
           ("billing", "I cancelled but was still charged", "Cancel-your-subscription")),
    _brand("Relecloud", "@RelecloudHelp", "support.relecloud.io",
           ("sync", "my files stopped syncing on my laptop", "Sync-troubleshooting"),
           ("storage", "it says my storage is full but it isn't", "Storage-full")),
)  # fmt: skip

FIRST_NAMES = (
    "Sarah", "Mike", "Ana", "Jo", "Priya", "Tom", "Lena", "Kwame", "Chloe", "Mateo", "Aisha",
    "Ben", "Yuki", "Olga", "Diego", "Hannah", "Omar", "Grace", "Ivan", "Zoe",
)  # fmt: skip
_HANDLE_TAILS = ("", "_k", "88", "_t", "x", "_uk", "2019", "_", "_official", "ly")
_INITIALS = ("JD", "MK", "AB", "TR", "LS", "RR", "KD", "NG")
_GREETINGS = ("Hi {name},", "Hey {name}!", "Hello {name},", "Dear {name},", "Hi there {name},")
_SORRY = (
    "Sorry to hear that, {name}.",
    "Thanks for reaching out, {name}.",
    "We're sorry for the trouble, {name}!",
    "Thanks for your patience, {name}.",
)
_SIGN = ("^{initials}", "*{initials}", "-{initials}", "-{handle}", "^{initials}")


@dataclass
class MultibrandHistory:
    """The generated history and the ground truth that judges what the product made of it."""

    tickets: list[Ticket]
    brands: tuple[Brand, ...]
    customer_handles: set[str] = field(default_factory=set)
    customer_names: set[str] = field(default_factory=set)
    planted: dict[str, set[str]] = field(default_factory=dict)  # entity type -> values

    @property
    def brand_handles(self) -> set[str]:
        """The brands' own handles, as written (their main handles and their desks')."""
        return {b.handle for b in self.brands} | {b.desk for b in self.brands if b.desk}

    def jsonl_records(self) -> list[dict[str, object]]:
        """One object per conversation, the thread as a list of message objects."""
        return [
            {
                "id": t.id,
                "brand": t.category.split("/")[0] if t.category else None,
                "created_at": t.created_at.isoformat() if t.created_at else None,
                "messages": [
                    {
                        "role": str(m.role),
                        "author": m.author_ref,
                        "at": m.created_at.isoformat() if m.created_at else None,
                        "text": m.body,
                    }
                    for m in t.messages
                ],
            }
            for t in self.tickets
        ]


def article_url(rng: random.Random, brand: Brand, slug: str) -> str:
    """A help-centre article link with a 12-digit id, sometimes as a web-archive copy."""
    url = (
        f"https://{brand.host}/hc/en-us/articles/{rng.randrange(360000000000, 361000000000)}-{slug}"
    )
    if rng.random() < 0.4:
        stamp = datetime(2019, 1, 1) + timedelta(seconds=rng.randrange(0, 60_000_000))
        return f"https://web.archive.org/web/{stamp:%Y%m%d%H%M%S}/{url}"
    return url


def other_links(rng: random.Random, brand: Brand) -> list[str]:
    """Tracking links with long digit runs and short links, as agents paste them."""
    track = "".join(rng.choice("0123456789") for _ in range(22))
    code = "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789")
                   for _ in range(10))  # fmt: skip
    return [
        f"https://{brand.host}/track/{track}",
        f"https://{brand.host}/orders/status?tracking=9400{track[:18]}&lang=en",
        f"https://t.co/{code}",
        f"bit.ly/{code[:7]}",
        f"www.{brand.host}/contact/form/{rng.randrange(10_000_000, 99_999_999)}",
        f"https://{brand.host}/kb/{rng.randrange(1_000_000_000, 9_999_999_999)}?ref=twitter",
    ]


def _planted(rng: random.Random) -> tuple[str, str, str]:
    """(entity type, value, sentence) of one personal detail a customer writes."""
    i = rng.randrange(100, 999)
    options = [
        ("EMAIL_ADDRESS", f"cust.{i}@example.org", "my email is {v}"),
        ("PHONE_NUMBER", f"+44 7700 900{i}", "call me on {v}"),
        ("CREDIT_CARD", "4111 1111 1111 1111", "the card ending charged was {v}"),
        ("IBAN_CODE", "GB82 WEST 1234 5698 7654 32", "refund to IBAN {v}"),
        ("US_SSN", f"{rng.choice((123, 234, 345))}-45-{6789 - i}", "my SSN is {v}"),
    ]
    kind, value, sentence = rng.choice(options)
    return kind, value, sentence.format(v=value)


def multibrand_history(seed: int = 7, conversations: int = 240) -> MultibrandHistory:
    """``conversations`` threads spread over the twelve brands, over a year, in time order."""
    rng = random.Random(seed)
    start = datetime(2019, 3, 1, 8, 0)
    history = MultibrandHistory(tickets=[], brands=BRANDS, planted={})
    for n in range(conversations):
        brand = BRANDS[n % len(BRANDS)]
        category, problem, slug = rng.choice(brand.topics)
        name = rng.choice(FIRST_NAMES)
        handle = f"@{name.lower()}{rng.choice(_HANDLE_TAILS)}{n}"
        history.customer_handles.add(handle)
        history.customer_names.add(name)
        at = start + timedelta(hours=n * 36 + rng.randrange(0, 30))
        first = f"{brand.handle} {problem}"
        if rng.random() < 0.35:
            kind, value, sentence = _planted(rng)
            history.planted.setdefault(kind, set()).add(value)
            first += f", {sentence}"
        links = other_links(rng, brand)
        reply = (
            f"{handle} {rng.choice(_GREETINGS).format(name=name)} "
            f"{rng.choice(_SORRY).format(name=name)} This article should help: "
            f"{article_url(rng, brand, slug)} You can also follow it here {rng.choice(links)} "
            f"{rng.choice(_SIGN).format(initials=rng.choice(_INITIALS), handle=brand.handle)}"
        )
        follow_up = f"{brand.handle} thanks, that worked {rng.choice(links)}"
        desk = f" Billing questions go to {brand.desk} please." if brand.desk else ""
        closing = f"{handle} Glad to hear it, {name}! Anything else, just DM us.{desk} ^{rng.choice(_INITIALS)}"
        messages = [
            Message(Role.CUSTOMER, first, created_at=at, author_ref=handle),
            Message(Role.AGENT, reply, created_at=at + timedelta(minutes=20), author_ref=brand.handle.lstrip("@")),
            Message(Role.CUSTOMER, follow_up, created_at=at + timedelta(hours=1), author_ref=handle),
            Message(Role.AGENT, closing, created_at=at + timedelta(hours=2), author_ref=brand.handle.lstrip("@")),
        ]  # fmt: skip
        history.tickets.append(
            Ticket(
                id=f"MB{n:05d}",
                body=first,
                channel="twitter",
                tags=(f"brand:{brand.name}",),
                category=f"{brand.name}/{category}",
                customer_ref=handle.lstrip("@"),
                created_at=at,
                first_response_at=at + timedelta(minutes=20),
                resolved_at=at + timedelta(hours=2),
                messages=messages,
            )
        )
    return history
