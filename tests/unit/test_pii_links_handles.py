"""Links as one token, social @handles, the brand's own handles, names in greetings (issue 17).

A real multi-brand Twitter export showed web-archive timestamps and help-article ids read as
phone numbers, customers' @handles left in reports, and first names in greetings missed.
"""

from __future__ import annotations

import random
import re

import pytest

from multibrand_pii_history import BRANDS, article_url, multibrand_history, other_links
from ticketpilot.drafting.checks import DraftContext, LeakCheck
from ticketpilot.pii import (
    BrandHandleLearner,
    Detector,
    detect,
    learn_brand_handles,
    mask_preview,
    mask_texts,
    personal_token_score,
    url_spans,
)
from ticketpilot.tickets.model import Message, Role, Ticket

NUMBER_TYPES = {"PHONE_NUMBER", "CREDIT_CARD", "ORDER_ID", "US_SSN", "IBAN_CODE", "IP_ADDRESS"}
_SENTENCES = (
    "Please see {url} for the steps.",
    "Call us or check {url}",
    "Your order is on its way, track it here: {url}",
    "Here's the article {url}, and an older copy {url2}",
    "Our phone team can't help with this one, see {url}.",
    "({url})",
    "Info: {url}\nThanks! ^JD",
)


def public_links(seed: int, n: int) -> list[str]:
    """``n`` public links of every shape a support reply pastes, for ``seed``."""
    rng = random.Random(seed)
    links: list[str] = []
    while len(links) < n:
        brand = rng.choice(BRANDS)
        slug = rng.choice(brand.topics)[2]
        links += [article_url(rng, brand, slug), *other_links(rng, brand)]
        links += [
            f"https://{brand.host}/hc/en-us/articles/{rng.randrange(10**11, 10**12)}-{slug}"
            f"?utm_source=twitter&utm_campaign={rng.randrange(10**9, 10**10)}",
            f"http://web.archive.org/web/{rng.randrange(2015, 2024)}0512093000*/{brand.host}/*",
            f"https://{brand.host}/help/1-800-555-{rng.randrange(1000, 9999)}",
            f"{brand.host}/p/{rng.randrange(10**12, 10**13)}#section-{rng.randrange(1, 9)}",
        ]
    return links[:n]


def reply_texts(seed: int, n: int) -> list[str]:
    rng = random.Random(seed)
    links = public_links(seed, 2 * n)
    return [
        rng.choice(_SENTENCES).format(url=links[2 * i], url2=links[2 * i + 1]) for i in range(n)
    ]


# --- links are one token ------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(4))
def test_replies_full_of_public_links_have_no_number_findings(seed: int) -> None:
    for text in reply_texts(seed, 150):
        found = {r.entity_type for r in detect(text)}
        assert not found & NUMBER_TYPES, (text, detect(text))
        assert "URL" not in found or personal_token_score(text) == 0.0


@pytest.mark.parametrize("seed", range(4))
def test_replies_full_of_public_links_leak_nothing(seed: int) -> None:
    context = DraftContext(ticket_text="my bag is lost", ticket_subject="Bag")
    for text in reply_texts(seed, 150):
        outcome = LeakCheck().run(text, context)
        assert outcome.passed, (text, outcome.evidence)


def test_each_link_is_one_span() -> None:
    text = (
        "See https://web.archive.org/web/20190512093000/https://help.example.com/hc/en-us/"
        "articles/360012345678-Lost-bags, or bit.ly/3xYzAb1."
    )
    assert [text[s:e] for s, e in url_spans(text)] == [
        "https://web.archive.org/web/20190512093000/https://help.example.com/hc/en-us/"
        "articles/360012345678-Lost-bags",
        "bit.ly/3xYzAb1",
    ]
    assert url_spans("mail jo@example.com/today and 3/4 of the 12/05 flights") == []


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("See https://help.example.com/hc/en-us/articles/360012345678 or call me on "
         "+44 20 7946 0958", "+44 20 7946 0958"),
        ("call me at (415) 555-0132, the article https://web.archive.org/web/20190512093000/x.io/a "
         "did not help", "(415) 555-0132"),
        ("My number is 020 7946 0958 https://t.co/AbC123xyz9", "020 7946 0958"),
    ],
)  # fmt: skip
def test_a_phone_in_ordinary_text_is_still_found(text: str, phone: str) -> None:
    assert ("PHONE_NUMBER", phone) in [(r.entity_type, r.value(text)) for r in detect(text)]
    context = DraftContext(ticket_text="my bag is lost", ticket_subject="Bag")
    outcome = LeakCheck().run(text, context)
    assert [re.sub(r"\D", "", e) for e in outcome.evidence] == [re.sub(r"\D", "", phone)]


@pytest.mark.parametrize(
    "url",
    [
        "https://shop.example.com/account/verify?email=a@b.com",
        "https://x.example.com/users/+15551234567",
        "https://x.example.com/profile?phone=%2B447700900123",
        "https://app.example.com/reset?token=Zx81kQ0pLm2",
        "https://app.example.com/orders?user=jo_k&page=2",
        "https://help.example.com/u/jo.smith@example.org/settings",
        "https://twitter.com/jo_smith/status/1234567890123",
    ],
)
def test_a_personal_link_is_still_personal(url: str) -> None:
    text = f"I clicked {url} and it failed"
    found = [(r.entity_type, r.value(text)) for r in detect(text)]
    assert found == [("URL", url)]
    assert mask_preview(text, style="type") == "I clicked [URL] and it failed"
    outcome = LeakCheck().run(text, DraftContext(ticket_text="hello", ticket_subject="x"))
    assert not outcome.passed
    assert any(url in e or "a@b.com" in e for e in outcome.evidence)


def test_a_personal_link_in_this_ticket_is_not_a_leak() -> None:
    url = "https://x.example.com/users/+15551234567"
    context = DraftContext(ticket_text=f"my page {url} is broken", ticket_subject="x")
    assert LeakCheck().run(f"We fixed {url} for you.", context).passed


# --- social handles -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "handles"),
    [
        ("@jo_k my order is late", ["@jo_k"]),
        ("Hey @MariaL, we're on it", ["@MariaL"]),
        ("thanks @115712!", ["@115712"]),
        ("cc @sam_uk and @lee88.", ["@sam_uk", "@lee88"]),
        ("@jo's order", ["@jo"]),
        ("mail jo@example.com", []),
        ("see you @5pm or @10am, gate @12", []),
        ("2 seats @150 each, or @400/night", []),
        (
            ".@Delta lost my bag, flew w/@AmericanAir and BWI-@151271 too",
            ["@Delta", "@AmericanAir", "@151271"],
        ),
        ("thanks @824!", ["@824"]),
        ("write to @example.com", []),
        ("https://medium.com/@jo/post-1", []),  # inside a link: the link decides
    ],
)
def test_social_handles(text: str, handles: list[str]) -> None:
    found = [r.value(text) for r in detect(text) if r.entity_type == "SOCIAL_HANDLE"]
    assert found == handles


def test_handles_are_masked_and_the_brands_are_kept() -> None:
    text = "@NorthwindAir lost my bag. @jo_k here, @NORTHWINDAIR please help"
    assert mask_preview(text) == "@N*** lost my bag. @j*** here, @N*** please help"
    detector = Detector().allowing(["@northwindair"])
    assert mask_preview(text, detector=detector) == (
        "@NorthwindAir lost my bag. @j*** here, @NORTHWINDAIR please help"
    )
    assert mask_preview(text, style="type", detector=detector).count("[SOCIAL_HANDLE]") == 1
    assert detector.allowing(["@NorthwindAir"]) is detector  # nothing new: the same detector


def _ticket(n: int, customer: str, agent: str, reply: str, ref: str | None = None) -> Ticket:
    return Ticket(
        id=f"T{n}",
        customer_ref=ref,
        messages=[
            Message(Role.CUSTOMER, "@Acme help", author_ref=customer),
            Message(Role.AGENT, reply, author_ref=agent),
        ],
    )


def test_brand_handles_are_learned_from_the_agents_side() -> None:
    tickets = [
        # authors of agent messages; a customer's handle opening the reply never counts
        _ticket(1, "jo_k", "AcmeHelp", "@jo_k sorry to hear that ^JD"),
        # signed with a handle
        _ticket(2, "sam", "12345", "@sam fixed now -@AcmeBilling"),
        # pointed to in the body of replies to three different customers
        *(_ticket(3 + i, f"c{i}", "", f"@c{i} please DM @AcmeDesk with your order") for i in range(3)),
        # pointed to twice only: not enough
        *(_ticket(6 + i, f"d{i}", "", f"@d{i} ask @AcmeRare") for i in range(2)),
        # a customer's handle, even if agents name it in many tickets
        *(_ticket(8 + i, "regular", "", f"thanks again @regular ^AB ({i})") for i in range(4)),
    ]  # fmt: skip
    assert learn_brand_handles(tickets) == {"@acmehelp", "@acmebilling", "@acmedesk"}
    learner = BrandHandleLearner(min_tickets=2)
    for ticket in tickets:
        learner.add(ticket)
    assert "@acmerare" in learner.handles
    assert "@regular" not in learner.handles  # it authored customer messages


def test_the_multibrand_history_teaches_every_brand_handle_and_no_customer() -> None:
    history = multibrand_history(seed=3, conversations=120)
    learned = learn_brand_handles(history.tickets)
    assert learned == {h.lower() for h in history.brand_handles}
    detector = Detector().allowing(learned)
    for ticket in history.tickets:
        for message in ticket.messages:
            masked = mask_preview(message.body, style="type", detector=detector)
            assert not any(h in masked for h in history.customer_handles), masked
            assert not any(f" {n}" in masked for n in history.customer_names), masked
            brand = ticket.category.split("/")[0] if ticket.category else ""
            if message.role is Role.AGENT:
                handle = next(b.handle for b in history.brands if b.name == brand)
                assert handle in message.body or handle not in masked


def test_fields_are_masked_together() -> None:
    subject, body = mask_texts(["Address change for KJPS5K", "Please ship order KJPS5K today"])
    assert (subject, body) == (
        "Address change for [ORDER_ID]",
        "Please ship order [ORDER_ID] today",
    )


# --- first names in greetings and vocatives -----------------------------------------------------


def names(text: str) -> list[str]:
    return [r.value(text) for r in detect(text) if r.entity_type == "PERSON"]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Hi Sarah, your bag is on its way", ["Sarah"]),
        ("Hey @jo, Thanks Mike!", ["Mike"]),
        ("Dear Ana", ["Ana"]),
        ("Hi there Sarah, sorry about that", ["Sarah"]),
        ("Thank you so much Priya!", ["Priya"]),
        ("Thanks a lot, Kwame!", ["Kwame"]),
        ("Morning Lena! Let's sort it out", ["Lena"]),
        ("@jo_k Morning, Tom. We can help", ["Tom"]),
        ("Hi Sarah and Tom, welcome back", ["Sarah", "Tom"]),
        ("Sorry to hear that, Jen. Please DM us.", ["Jen"]),
        ("Have you tried from another device, Miriam ^MM", ["Miriam"]),
        ("We're glad you enjoyed the flight, Dana! ^EC", ["Dana"]),
        ("Thanks again Sarah", ["Sarah"]),
    ],
)
def test_first_names_in_greetings_and_vocatives(text: str, found: list[str]) -> None:
    assert names(text) == found


@pytest.mark.parametrize(
    "text",
    [
        "Thank you for flying to Paris, France!",
        "I flew to Denver, Colorado.",
        "this morning American cancelled my flight",
        "Hi Acme team, quick question",
        "Thanks, I will.",
        "We're sorry for the delay. ^JD",  # initials sign a message; they are not a name
        "Morning flights are delayed, sorry.",
    ],
)
def test_not_names(text: str) -> None:
    assert names(text) == []
