"""Audit checks on small, hand-made histories: each would fail if its check broke."""

from __future__ import annotations

from datetime import datetime

import pytest

from ticketpilot.audit.checks.coverage import CategoryCoverage
from ticketpilot.audit.checks.duplicates import Duplicates
from ticketpilot.audit.checks.feasibility import RetrievalFeasibility
from ticketpilot.audit.checks.languages import LanguageMix
from ticketpilot.audit.checks.ownership import REQUIRED_OWNERS, Ownership
from ticketpilot.audit.checks.pii import PiiExposure
from ticketpilot.audit.checks.replies import UsableReplies
from ticketpilot.audit.checks.variability import ReplyVariability
from ticketpilot.audit.data import AuditData, from_tickets
from ticketpilot.audit.figures import (
    CoverageFigures,
    DuplicateFigures,
    LanguageMixFigures,
    PiiFigures,
    UsableReplyFigures,
    VariabilityFigures,
)
from ticketpilot.audit.model import Severity
from ticketpilot.audit.replies import reply_problem
from ticketpilot.audit.scoring import layers_of, verdict
from ticketpilot.audit.variability import profile
from ticketpilot.charter import parse_charter
from ticketpilot.tickets.model import Message, Role, Ticket

FORMAL = "Dear customer, we sincerely apologise for the inconvenience. Your refund of the order has been issued today. Kind regards, Support Team"
CASUAL = "hey!! no worries, refund done :) lol cheers"


def _ticket(i: int, text: str, reply: str | None, category: str | None = "billing") -> Ticket:
    messages = [Message(Role.CUSTOMER, text)]
    if reply is not None:
        messages.append(Message(Role.AGENT, reply))
    return Ticket(
        id=f"T{i}",
        body=text,
        category=category,
        created_at=datetime(2024, 1, 1 + i % 28),
        messages=messages,
    )


def _data(tickets: list[Ticket], charter: str = "") -> AuditData:
    return from_tickets(parse_charter(charter), tickets)


def test_ownership_names_each_missing_owner() -> None:
    result = Ownership().run(_data([], '[owners]\ncategory = "Ops"\nbody = "Helpdesk admin"\n'))
    assert result.score == pytest.approx(100 * 2 / len(REQUIRED_OWNERS))
    missing = {f.evidence["field"] for f in result.findings}
    assert missing == set(REQUIRED_OWNERS) - {"category", "body"}
    assert {f.severity for f in result.findings if f.evidence["field"] == "pii_cleaning"} == {
        Severity.BLOCKER
    }


def test_category_coverage_counts_untagged_and_blocks_below_half_threshold() -> None:
    tickets = [_ticket(i, "my order", "sent", "billing" if i < 4 else None) for i in range(10)]
    result = CategoryCoverage().run(_data(tickets))
    assert result.figures_as(CoverageFigures).tagged_share == pytest.approx(0.4)
    assert result.score == pytest.approx(100 * 0.4 / 0.6)
    assert result.findings[0].severity is Severity.WARNING
    assert "60.0% of tickets have no category (6 of 10)" in result.findings[0].title
    sparse = [_ticket(i, "my order", "sent", "billing" if i == 0 else None) for i in range(10)]
    assert CategoryCoverage().run(_data(sparse)).findings[0].severity is Severity.BLOCKER


@pytest.mark.parametrize(
    ("reply", "problem"),
    [
        ("", "empty"),
        ("Hi! How can I help?", "greeting only"),
        ("Sure thing", "under 5 words"),
        ("Please DM us your confirmation number and we will look.", "deflection (DM us / call us)"),
        ("Your refund was issued today and will reach your card in 3-5 days.", None),
    ],
)
def test_reply_problems(reply: str, problem: str | None) -> None:
    assert reply_problem(reply) == problem


def test_usable_replies_share_and_findings() -> None:
    tickets = [_ticket(i, "where is my refund", FORMAL) for i in range(7)]
    tickets += [
        _ticket(7, "x", None),
        _ticket(8, "y", "DM us please with details"),
        _ticket(9, "z", "Ok"),
    ]
    result = UsableReplies().run(_data(tickets))
    figures = result.figures_as(UsableReplyFigures)
    assert figures.usable == 7
    assert figures.problems == {
        "no agent reply": 1,
        "deflection (DM us / call us)": 1,
        "under 5 words": 1,
    }
    assert len(result.findings) == 3


def test_duplicates_exact_and_near() -> None:
    base = (
        "my new headphones stopped charging after two days and the light keeps blinking red "
        "even when I plug them into the wall adapter that came in the box with them"
    )
    texts = [
        base,
        base.upper() + "!!",
        base.replace("two days", "three days"),
        "completely unrelated question about changing my billing address on the account page",
    ]
    result = Duplicates().run(_data([_ticket(i, t, FORMAL) for i, t in enumerate(texts)]))
    figures = result.figures_as(DuplicateFigures)
    assert figures.exact == 1
    assert figures.near == 1
    assert result.findings and "2 near" not in result.findings[0].title


def test_language_mix_flags_out_of_scope() -> None:
    texts = ["My order has not arrived yet, please help me"] * 8 + [
        "Hola, mi pedido no ha llegado todavía y necesito ayuda",
        "Hallo, meine Bestellung ist nicht angekommen",
    ]
    result = LanguageMix().run(_data([_ticket(i, t, FORMAL) for i, t in enumerate(texts)]))
    assert result.figures_as(LanguageMixFigures).outside_scope == 2
    assert result.score == pytest.approx(80.0)
    assert result.findings[0].evidence == {"es": 1, "de": 1}


def test_variability_tells_house_style_from_chaos() -> None:
    consistent = profile([FORMAL] * 30)
    mixed = profile(
        [FORMAL, CASUAL, "ok", "Hello Sam, " + FORMAL + " " + FORMAL, "Refund sent. ^JD"] * 6
    )
    assert consistent.consistency > 0.9
    assert consistent.template_share == 1.0
    assert mixed.consistency < consistent.consistency - 0.3
    tickets = [_ticket(i, "refund?", FORMAL, "billing") for i in range(25)]
    tickets += [
        _ticket(100 + i, "login?", r, "account")
        for i, r in enumerate(
            [
                FORMAL,
                CASUAL + " more words here",
                "Hello Sam, " + FORMAL * 3,
                "Password reset link sent to you now. ^JD",
            ]
            * 6
        )
    ]
    result = ReplyVariability().run(_data(tickets))
    assert set(result.figures_as(VariabilityFigures).categories) == {"billing", "account"}
    flagged = [f.title for f in result.findings]
    assert len(flagged) == 1
    assert "in 1 of 2 categories" in flagged[0] and "'account'" in flagged[0]


def test_pii_check_counts_types_fields_and_masks_examples() -> None:
    tickets = [
        _ticket(
            0, "My card 4111 1111 1111 1111 was charged twice, mail me at ana@example.com", FORMAL
        ),
        _ticket(1, "Please call me on +1 415-555-0134", "We will call +1 415-555-0134 today, Ana."),
        _ticket(2, "Nothing personal here at all", FORMAL),
    ]
    result = PiiExposure().run(_data(tickets))
    figures = result.figures_as(PiiFigures)
    by_type = figures.by_type
    assert by_type["CREDIT_CARD"].tickets == 1
    assert by_type["EMAIL_ADDRESS"].fields == {"customer_messages": 1}
    assert by_type["PHONE_NUMBER"].fields == {"customer_messages": 1, "agent_replies": 1}
    assert figures.tickets_with_pii == 2
    assert result.score == 40.0  # no pii_cleaning owner
    assert result.findings[0].severity is Severity.BLOCKER
    shown = " ".join(result.findings[0].examples) + str(figures.preview)
    assert "ana@example.com" not in shown and "4111 1111 1111 1111" not in shown


def test_feasibility_without_index_is_a_blocker() -> None:
    result = RetrievalFeasibility().run(_data([_ticket(0, "help", FORMAL)]))
    assert result.score is None
    assert result.findings[0].severity is Severity.BLOCKER
    assert "ticketpilot index" in result.findings[0].fix


def test_verdict_needs_score_and_no_blockers() -> None:
    charter = parse_charter("")
    tickets = [_ticket(i, "where is my parcel", FORMAL) for i in range(10)]
    data = _data(tickets)
    results = [CategoryCoverage().run(data), UsableReplies().run(data)]
    score, ready, sentence = verdict(layers_of(results), charter)
    assert (score, ready) == (100.0, True)
    assert sentence.startswith("READY")
    results.append(Ownership().run(data))
    score, ready, sentence = verdict(layers_of(results), charter)
    assert not ready
    assert "blocking finding" in sentence
