"""A generated multi-brand support history: one workspace answering for many companies.

The shape of a real multi-company customer-care export (one JSON object per conversation, the
thread as a list of message objects): every brand gets the same kinds of requests, worded the
same way (customers rarely name the company in the text), and its agents answer with the
brand's own help-site articles and web-archive links to them. That is what makes drafts cross
brands when retrieval searches every brand's history: the nearest past tickets to "my parcel
never arrived" come from any company, and so do the links in their replies.

Archive links carry the Wayback Machine's full 14-digit timestamp by default
(``/web/20190512083000/``), as real ones do; ``stamp_digits=8`` gives the day-only form
(``/web/20190512/``, which the archive also serves) for tests that must not depend on how the
leak check reads digits inside URLs.

Seeded and deterministic. ``multibrand_tickets`` gives :class:`Ticket` objects (write them with
the ticket repository); ``brand_domain`` says which domain a brand's replies use, so a test can
tell whose link a draft carries.

>>> tickets = multibrand_tickets(brands=10, per_topic=3)
>>> len(tickets), len({t.brand for t in tickets})
(150, 10)
"""

from __future__ import annotations

import random
import re
import zlib
from datetime import datetime, timedelta

from ticketpilot.tickets.model import Message, Role, Ticket

BRAND_NAMES = (
    "acme", "globex", "initech", "umbrella", "hooli", "stark", "wayne", "wonka", "tyrell",
    "cyberdyne", "soylent", "vandelay", "oscorp", "gringotts", "monarch",
)  # fmt: skip
START = datetime(2019, 1, 7, 8, 0)

#: per kind of request: what customers write, and what agents answer ({brand}, {url}, {archive})
TOPICS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "shipping": (
        ("My parcel never arrived, it has been ten days since I ordered.",
         "Order still not delivered after ten days, where is my parcel?",
         "The tracking has not moved in a week and my parcel never arrived."),
        ("Sorry your parcel is late. Deliveries can take up to 10 business days; you can follow "
         "yours here: {url} (archived copy: {archive}). - {Brand} Care",
         "Apologies for the wait. Parcels can take up to 10 business days, the tracking steps "
         "are at {url} and an archived copy is at {archive}. - {Brand} Care"),
    ),
    "refund": (
        ("I returned the item two weeks ago and still have no refund.",
         "Where is my refund? I sent the return back two weeks ago.",
         "No refund yet for the return I posted two weeks ago."),
        ("Refunds reach your account within 5 to 7 business days of the return arriving. The "
         "refund policy is at {url} (archived: {archive}). - {Brand} Care",
         "Sorry for the wait: a refund takes 5 to 7 business days once the return is received. "
         "See {url} or the archived page {archive}. - {Brand} Care"),
    ),
    "password": (
        ("I cannot log in, the password reset e-mail never comes.",
         "Password reset mail is not arriving and I am locked out of my account.",
         "Locked out: the reset password e-mail never arrives."),
        ("Please check your spam folder, then request a new reset link and wait 15 minutes. "
         "The steps are at {url} (archived: {archive}). - {Brand} Care",
         "Reset e-mails can take 15 minutes and sometimes land in spam. Full steps: {url}, "
         "archived at {archive}. - {Brand} Care"),
    ),
    "cancel": (
        ("How do I cancel my subscription? I do not want to renew.",
         "Please cancel my subscription before it renews next month.",
         "I want to cancel the subscription, how do I stop the renewal?"),
        ("You can cancel any time under Account > Subscription; the renewal stops at the end of "
         "the period. Guide: {url} (archived: {archive}). - {Brand} Care",
         "Cancelling is under Account > Subscription and takes effect at the end of the period. "
         "See {url} or {archive}. - {Brand} Care"),
    ),
    "address": (
        ("I need to change the delivery address on my order.",
         "Can I change the shipping address for an order I placed yesterday?",
         "Wrong delivery address on my order, can you change it?"),
        ("An address can be changed until the order ships, under Orders > Edit. How: {url} "
         "(archived: {archive}). - {Brand} Care",
         "Until your order ships you can edit the address under Orders > Edit; details at {url}, "
         "archived at {archive}. - {Brand} Care"),
    ),
}  # fmt: skip


def brand_domain(brand: str) -> str:
    """The domain a brand's replies link to."""
    return f"{brand}-help.com"


def _article(rng: random.Random, brand: str, stamp_digits: int) -> tuple[str, list[str]]:
    """A brand's help article for one topic, and web-archive snapshots of it."""
    url = f"https://{brand_domain(brand)}/articles/{rng.randrange(100_000, 999_999)}"
    stamps = [(f"2019{rng.randrange(1, 13):02d}{rng.randrange(1, 29):02d}"
               f"{rng.randrange(0, 24):02d}{rng.randrange(0, 60):02d}{rng.randrange(0, 60):02d}"
               )[:stamp_digits] for _ in range(2)]  # fmt: skip
    return url, [f"https://web.archive.org/web/{stamp}/{url}" for stamp in stamps]


def multibrand_tickets(
    brands: int = 12, per_topic: int = 6, seed: int = 17, stamp_digits: int = 14
) -> list[Ticket]:
    """``brands`` brands x 5 kinds of request x ``per_topic`` conversations, interleaved in time.

    Each ticket: id ``<brand>-<n>``, ``brand`` set, ``category`` the kind of request, a thread
    of a customer message, the brand's reply (with its article and an archive link) and the
    customer's thanks; times an hour apart across brands, so every brand has older history.
    """
    if not 1 <= brands <= len(BRAND_NAMES):
        raise ValueError(f"brands must be 1..{len(BRAND_NAMES)}")
    rng = random.Random(seed)
    names = BRAND_NAMES[:brands]
    articles = {(b, t): _article(rng, b, stamp_digits) for b in names for t in TOPICS}
    tickets: list[Ticket] = []
    moment = START
    for round_ in range(per_topic):
        for topic, (asks, answers) in TOPICS.items():
            for brand in names:
                moment += timedelta(minutes=rng.randrange(20, 100))
                url, archives = articles[brand, topic]
                reply = rng.choice(answers).format(
                    url=url, archive=rng.choice(archives), Brand=brand.title()
                )
                tickets.append(_ticket(f"{brand}-{len(tickets):04d}", brand, topic,
                                       rng.choice(asks), reply, moment, round_))  # fmt: skip
    return tickets


def _ticket(
    ticket_id: str, brand: str, topic: str, ask: str, reply: str, at: datetime, round_: int
) -> Ticket:
    customer = f"customer{zlib.crc32(f'{ticket_id}:{round_}'.encode()) % 10_000:04d}"
    handle = f"{brand.title()}Care"
    return Ticket(
        id=ticket_id,
        body=ask,
        channel="twitter",
        category=topic,
        customer_ref=customer,
        created_at=at,
        first_response_at=at + timedelta(minutes=30),
        brand=brand,
        messages=[
            Message(Role.CUSTOMER, ask, created_at=at, author_ref=customer),
            Message(Role.AGENT, reply, created_at=at + timedelta(minutes=30), author_ref=handle),
            Message(Role.CUSTOMER, "Thanks, that helps.", created_at=at + timedelta(hours=1),
                    author_ref=customer),
        ],
    )  # fmt: skip


_DOMAIN = re.compile(r"([a-z]+)-help\.com")


def brands_linked(text: str) -> set[str]:
    """The brands whose help domain ``text`` links (archived links included)."""
    return set(_DOMAIN.findall(text))
