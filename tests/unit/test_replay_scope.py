"""Replay figures that must not mislead: denominators, scoped calibration, links out of scope."""

from __future__ import annotations

import random

import numpy as np

from ticketpilot.drafting.checks import DraftContext
from ticketpilot.replay.links import domains_in, foreign_domains, registrable
from ticketpilot.replay.metrics import calibrate_threshold
from ticketpilot.replay.model import Attempted, Rate, figures_of
from ticketpilot.replay.rows import baseline_row, mark_links, random_reply
from ticketpilot.replay.sample import ReplayCase, ReplaySample


def _row(produced: bool, delivered: bool, failed: bool) -> Attempted:
    row = Attempted("default", "T", None, delivered, "text" if delivered else None, failed, 1.0)
    row.produced = produced
    return row


def test_grounding_failures_are_over_texts_produced_not_delivered() -> None:
    # 10 tickets: 4 texts produced, 3 of them stopped by the grounding check (human fallback),
    # 1 delivered. Over delivered texts this read 300% ("grounding failures 209%" in the issue).
    rows = (
        [_row(True, False, True)] * 3 + [_row(True, True, False)] + [_row(False, False, False)] * 6
    )
    fig = figures_of("default", rows)
    assert (fig.grounding_failures, fig.produced, fig.delivered) == (3, 4, 1)
    assert fig.grounding_failure_rate == 0.75
    rates = fig.rates()
    assert str(rates["grounding_failures"]) == "75.0% (3 of 4 texts produced)"
    assert str(rates["fallback"]) == "90.0% (9 of 10 held-out tickets)"
    assert str(rates["acceptance"]) == "0.0% (0 of 10 held-out tickets)"
    data = fig.as_dict()
    assert data["rates"]["grounding_failures"] == {
        "numerator": 3, "denominator": 4, "of": "texts produced", "value": 0.75}  # fmt: skip
    assert "links_outside_scope" not in data["rates"]  # not measured: no scope, no brands


def test_a_rate_over_nothing_is_not_a_number() -> None:
    assert Rate(0, 0, "texts produced").value is None
    assert str(Rate(0, 0, "texts produced")) == "n/a (0 of 0 texts produced)"
    assert (
        figures_of("default", [_row(False, False, False)]).rates()["grounding_failures"].value
        is None
    )


def _brand_topic_replies(seed: int = 3) -> tuple[np.ndarray, list[str], list[str]]:
    """Replies whose embedding is mostly their brand (sign-off, site) and a little their topic."""
    rng = np.random.default_rng(seed)
    brands, topics = rng.normal(size=(6, 32)), rng.normal(size=(4, 32))
    vectors, categories, scopes = [], [], []
    for b in range(6):
        for t in range(4):
            for _ in range(5):
                v = 1.6 * brands[b] + 0.7 * topics[t] + 0.5 * rng.normal(size=32)
                vectors.append(v / np.linalg.norm(v))
                categories.append(f"topic{t}")
                scopes.append(f"brand{b}")
    return np.asarray(vectors), categories, scopes


def test_where_category_equals_company_calibration_within_a_scope_refuses_to_separate() -> None:
    vectors, _, scopes = _brand_topic_replies()
    across = calibrate_threshold(vectors, scopes)  # "category" = company: it separates brands
    assert across.auc is not None and across.auc > 0.95
    within = calibrate_threshold(vectors, scopes, scopes=scopes, within="brand")
    assert within.method == "default" and within.different_pairs == 0
    assert within.same_pairs == 6 * (20 * 19 // 2)
    assert "within one brand" in within.describe() and "0 different-category" in within.describe()


def test_calibration_within_a_scope_uses_only_pairs_inside_one_scope() -> None:
    vectors, categories, scopes = _brand_topic_replies()
    within = calibrate_threshold(vectors, categories, scopes=scopes, within="brand")
    assert within.method == "youden" and within.within == "brand"
    assert within.same_pairs == 6 * 4 * (5 * 4 // 2)  # same brand, same topic
    assert within.different_pairs == 6 * (20 * 19 // 2) - within.same_pairs
    sims = vectors @ vectors.T
    same_brand_other_topic = [sims[i, j] for i in range(120) for j in range(i + 1, 120)
                              if scopes[i] == scopes[j] and categories[i] != categories[j]]  # fmt: skip
    assert within.different_median == round(float(np.median(same_brand_other_topic)), 4)
    # across brands the threshold sits among cross-brand pairs, far below what tells requests apart
    across = calibrate_threshold(vectors, categories)
    assert across.threshold < within.threshold
    assert "within one brand" in within.describe()
    unscoped_rows = calibrate_threshold(vectors, categories, scopes=[None] * 120, within="brand")
    assert (unscoped_rows.same_pairs, unscoped_rows.different_pairs) == (0, 0)


def test_domains_are_read_from_urls_archives_and_bare_names() -> None:
    text = (
        "See https://web.archive.org/web/20190512083000/https://help.acme.com/articles/1042, "
        "or www.globex.co.uk/help and initech.com. Version 1.2 of file.txt, e.g. Mr.Smith"
    )
    assert domains_in(text) == {"archive.org", "acme.com", "globex.co.uk", "initech.com"}
    assert registrable("Help.Acme.COM:443") == "acme.com"
    assert domains_in("web.archive.org/web/20190512/acme-help.com/a/1") == {
        "archive.org", "acme-help.com"}  # fmt: skip
    assert foreign_domains("go to https://acme.com/x", {"acme.com"}) == set()


def _case(scope: str | None, owner: str | None, text: str = "where is my parcel") -> ReplayCase:
    return ReplayCase("T9", "", text, "shipping", None, "reply", scope, owner)


def test_links_outside_the_scope_are_those_its_replies_and_the_ticket_never_named() -> None:
    sample = ReplaySample([], [], [], link_field="brand",
                          domains={"acme": {"acme.com", "archive.org"}, "globex": {"globex.com"}})  # fmt: skip
    context = DraftContext(ticket_text="where is my parcel", ticket_subject="", retrieved=[])
    own = baseline_row("nearest_reply", _case("acme", "acme"),
                       "Track it at https://acme.com/t (https://web.archive.org/web/2019/acme.com/t)",
                       context, 1.0, source_scope="acme")  # fmt: skip
    other = baseline_row("nearest_reply", _case("acme", "acme"), "See https://globex.com/track",
                         context, 1.0, source_scope="globex")  # fmt: skip
    named = baseline_row("nearest_reply", _case("acme", "acme", "is shop.example.com you?"),
                         "Yes, shop.example.com is ours", context, 1.0, source_scope="acme")  # fmt: skip
    for row, case in ((own, _case("acme", "acme")), (other, _case("acme", "acme")),
                      (named, _case("acme", "acme", "is shop.example.com you?"))):  # fmt: skip
        mark_links(row, case, sample)
    assert (own.outside_links, other.outside_links, named.outside_links) == (False, True, False)
    assert (own.outside_sources, other.outside_sources) == (False, True)
    fig = figures_of("nearest_reply", [own, other, named])
    assert str(fig.links_outside_scope) == "33.3% (1 of 3 texts delivered)"
    unscoped = baseline_row("nearest_reply", _case(None, "acme"), "x", context, 1.0)
    assert unscoped.outside_sources is None  # no partition: whose ticket it was is not known
    nothing = ReplaySample([], [], [])
    mark_links(unscoped, _case(None, "acme"), nothing)
    assert unscoped.outside_links is None


def test_the_random_reply_is_drawn_from_the_tickets_own_scope() -> None:
    pool = [(f"P{i}", None, f"reply {i}", "acme" if i % 2 else "globex") for i in range(40)]
    rng = random.Random(1)
    drawn = {random_reply(rng, pool, _case("acme", "acme"), scoped=True) for _ in range(50)}
    assert drawn and all(item is not None and item[3] == "acme" for item in drawn)
    anywhere = {random_reply(rng, pool, _case("acme", "acme"), scoped=False) for _ in range(50)}
    assert {item[3] for item in anywhere if item} == {"acme", "globex"}
    assert random_reply(rng, pool, _case("initech", "initech"), scoped=True) is None
