"""Retrieval quality on the 491 human-labelled airline conversations (leave-one-out).

Each labelled conversation's first customer message is searched among the other 490; a query
scores when its best neighbour (match@1) or one of its top five (match@5) carries the same
intent tag. Floors sit a little below the figures measured with the default int8 MiniLM model
(docs/retrieval.md); hybrid must do at least as well as the better single ranking.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from ticketpilot.retrieval import (
    IndexedDoc,
    LabelledQuery,
    QualityReport,
    RetrievalIndex,
    evaluate_feasibility,
    measure_quality,
)

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
LABELLED = DATA / "asapp_twitter_airlines" / "airlines_500onlyb.csv.bz2"

pytestmark = [
    pytest.mark.realdata,
    pytest.mark.slow,
    pytest.mark.skipif(not LABELLED.exists(), reason=f"real data not found at {LABELLED}"),
]

# Measured (match@1, match@5), floors a little below.
FLOORS = {"lexical": (0.30, 0.70), "dense": (0.43, 0.75), "hybrid": (0.46, 0.77)}
_MARKUP = re.compile(r"<cust__|__cust>|<rep__|__rep>")
_PLACEHOLDER = re.compile(r"__\w+?__")


def strip_markup(utterance: str) -> str:
    """`<cust__ __company__ my bag __num__ __cust>` -> `my bag`."""
    text = _PLACEHOLDER.sub(" ", _MARKUP.sub(" ", utterance))
    return " ".join(text.split())


def _first_reply(context: str) -> str | None:
    match = re.search(r"<rep__(.*?)__rep>", context)
    return strip_markup(match.group(1)) if match else None


def load_labelled() -> list[IndexedDoc]:
    import pandas as pd

    frame = pd.read_csv(LABELLED)
    return [
        IndexedDoc(
            ticket_id=str(row.first_tweet_id),
            text=strip_markup(str(row.first_utterance)),
            category=str(row.tag),
            language="en",
            reply=_first_reply(str(row.context)),
        )
        for row in frame.itertuples()
    ]


@pytest.fixture(scope="module")
def labelled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[RetrievalIndex, list]]:  # type: ignore[type-arg]
    docs = load_labelled()
    index = RetrievalIndex.open(tmp_path_factory.mktemp("airlines") / "index")
    index.add(docs)
    queries = [LabelledQuery(d.text, d.category, d.ticket_id, d.reply) for d in docs]
    yield index, queries
    index.close()


def test_markup_is_stripped() -> None:
    raw = "<cust__ __company__ lost my bag on flight __num__ from __airport_code__ . __cust>"
    assert strip_markup(raw) == "lost my bag on flight from ."


def test_intent_match_lexical_dense_hybrid(
    labelled: tuple[RetrievalIndex, list[LabelledQuery]], capsys: pytest.CaptureFixture[str]
) -> None:
    index, queries = labelled
    assert len(queries) == 491
    reports: dict[str, QualityReport] = {}
    for mode in ("lexical", "dense", "hybrid"):
        reports[mode] = measure_quality(index, queries, k=5, mode=mode)  # type: ignore[arg-type]
    with capsys.disabled():
        print("\nintent match over 491 labelled airline conversations (leave-one-out, k=5):")
        for mode, r in reports.items():
            print(f"  {mode:<8} @1 {r.match_at_1:.3f}  @5 {r.match_at_k:.3f}"
                  f"  precision@5 {r.precision_at_k:.3f}")  # fmt: skip
    for mode, (floor_1, floor_5) in FLOORS.items():
        assert reports[mode].match_at_1 is not None and reports[mode].match_at_k is not None
        assert reports[mode].match_at_1 >= floor_1, mode
        assert reports[mode].match_at_k >= floor_5, mode
    for attribute in ("match_at_1", "match_at_k"):
        best_single = max(getattr(reports[m], attribute) for m in ("lexical", "dense"))
        assert getattr(reports["hybrid"], attribute) >= best_single, attribute


def test_feasibility_within_the_playbook_budget(
    labelled: tuple[RetrievalIndex, list[LabelledQuery]], capsys: pytest.CaptureFixture[str]
) -> None:
    index, queries = labelled
    report = evaluate_feasibility(index, queries[:200], k=5)
    with capsys.disabled():
        lat, q = report.latency, report.quality
        print(f"\nfeasibility: p50 {lat.p50_ms:.1f} ms, p95 {lat.p95_ms:.1f} ms,"
              f" p99 {lat.p99_ms:.1f} ms; match@5 {q.match_at_k:.3f};"
              f" reply similarity {q.reply_similarity:.3f} ({lat.method})")  # fmt: skip
    assert report.latency.within_budget
    assert report.quality.reply_similarity is not None and report.quality.reply_similarity > 0.2
