"""The extractive drafter's adaptation: consensus choice, and no other customer's details."""

from __future__ import annotations

import numpy as np
import pytest

from ticketpilot.drafting.adapt import adapt, company_facts, rank_replies, rewrite
from ticketpilot.drafting.checks import context_keys
from ticketpilot.drafting.providers import EmptyResponse, GenerationRequest
from ticketpilot.drafting.providers.registry import create_provider
from ticketpilot.drafting.sources import Source, content_of, mask_past


def src(
    ticket_id: str, reply: str, score: float = 0.8, vector: list[float] | None = None
) -> Source:
    v = None if vector is None else np.asarray(vector, dtype=np.float32)
    return Source(ticket_id, "past ticket", reply, score, vector=v)


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        ("@12345 We're sorry about the delay. *TMC", "We're sorry about the delay."),
        ("Hi [PERSON], thanks for waiting! ^JK", "Hi, thanks for waiting!"),
        ("Hello [PERSON]\nYour refund is on its way.", "Hello,\nYour refund is on its way."),
        ("Sorry! We e-mailed [EMAIL_ADDRESS] yesterday. Anything else?", "Sorry! Anything else?"),
        # masked handles and names as past replies now hold them (issue 17)
        ("[SOCIAL_HANDLE] Hey there [PERSON], we're on it *TMT", "Hey there, we're on it"),
        (
            "We're sorry for the wait, [PERSON]. Boarding soon!",
            "We're sorry for the wait. Boarding soon!",
        ),
        (
            "Thanks, [PERSON], we're glad you had a great flight.",
            "Thanks, we're glad you had a great flight.",
        ),
        ("Thanks so much [PERSON]. See you soon ^[PERSON]", "Thanks so much. See you soon"),
        ("Hi [PERSON] and [PERSON], welcome aboard!", "Hi, welcome aboard!"),
    ],
)
def test_rewrite_strips_mentions_signatures_names_and_masked_details(
    reply: str, expected: str
) -> None:
    assert rewrite(reply, set())[0] == expected


def test_rewrite_drops_values_not_grounded_in_this_ticket_or_shared() -> None:
    reply = "Your order AB-10001 ships Monday. Parcels take up to 10 business days. Call 555-0100."
    text, dropped = rewrite(reply, context_keys(["where is my parcel?"]))
    assert text == ""
    assert len(dropped) == 3
    allowed = context_keys(["order AB-10001 is late"]) | {"duration:10-10:bd"}
    text, _ = rewrite(reply, allowed)
    assert "AB-10001" in text and "10 business days" in text and "555" not in text


def test_company_facts_are_values_in_two_or_more_replies() -> None:
    sources = [
        src("a", "Returns are free within 30 days. Your label for AB-1 is attached."),
        src("b", "You have 30 days to return it. Order AB-2 is noted."),
        src("c", "Sorry about that!"),
    ]
    facts = company_facts(sources)
    assert facts == {"duration:720-720:h"}  # 30 days, in two replies; neither order id


def test_consensus_beats_the_single_closest_outlier() -> None:
    # the closest ticket's reply is an outlier; four slightly weaker matches agree with each other
    outlier = src("near", "Our CEO will call you personally tonight.", 0.95, [1.0, 0.0, 0.0])
    agreeing = [
        src(
            f"c{i}",
            f"Please reset your password from the login page ({i}).",
            0.8,
            [0.0, 1.0, 0.05 * i],
        )
        for i in range(4)
    ]
    for s in agreeing:
        assert s.vector is not None
        s.vector[:] = s.vector / np.linalg.norm(s.vector)
    ranked = rank_replies([outlier, *agreeing])
    assert ranked[0][1].ticket_id.startswith("c")
    assert ranked[-1][1].ticket_id == "near"


def test_consensus_without_vectors_uses_word_overlap() -> None:
    ranked = rank_replies([
        src("x", "We will refund the shipping fee."),
        src("y", "Reset your password from the login page."),
        src("z", "You can reset the password on the login page."),
    ])  # fmt: skip
    assert {ranked[0][1].ticket_id, ranked[1][1].ticket_id} == {"y", "z"}


def test_adapt_prefers_a_reply_that_keeps_its_substance() -> None:
    ticket = "My parcel has not arrived."
    gutted = src("g", "Hi [PERSON], order AB-1 left on 2024-03-02 via DHL-99812.", 0.9)
    whole = src("w", "Sorry for the wait, parcels can take a little longer this week.", 0.7)
    adapted = adapt(ticket, [gutted, whole])
    assert adapted is not None and adapted.source.ticket_id == "w"


def test_extractive_provider_reports_empty_when_nothing_survives() -> None:
    provider = create_provider("extractive")
    request = GenerationRequest(messages=[], ticket="help", sources=(src("a", "[PERSON] AB-1"),))
    with pytest.raises(EmptyResponse):
        provider.generate(request)


def test_mask_past_uses_bare_types_never_numbered_placeholders() -> None:
    masked = mask_past("Write to maria.lopez@example.com or call +44 20 7946 0958.")
    assert "[EMAIL_ADDRESS]" in masked and "[PHONE_NUMBER]" in masked
    assert "maria" not in masked and "<" not in masked


def test_consensus_compares_content_not_masks() -> None:
    """Two replies are not alike for both greeting a masked name or handle (issue 17)."""
    assert content_of("[SOCIAL_HANDLE] Hey there [PERSON], we're on it @jo_k ^JD") == (
        "Hey there , we're on it ^JD"
    )
    assert content_of("[PERSON]") == ""
