"""Month-over-month topic shift on real support tweets (SpotifyCares, Oct-Dec 2017).

Embedded with the project's model-free ``hashing`` embedder: the int8 MiniLM embeds about 26
tweets a second on these shared 2-core machines, ten minutes for the 15,000, too slow for a test
(``docs/monitoring.md``). The topic-shift detector reads words, not vectors, so it sees the real
shifts either way: new iOS and app versions in November.
"""

from __future__ import annotations

import csv
import re
from datetime import datetime
from pathlib import Path

import numpy as np
import pytest

from ticketpilot.monitor.detectors import DriftInputs, EmbeddingDrift, NewTopics, TopicShift
from ticketpilot.monitor.frame import TextFrame, day_number
from ticketpilot.retrieval import create_embedder

pytestmark = pytest.mark.realdata


@pytest.fixture(scope="module")
def tweets(request: pytest.FixtureRequest) -> TextFrame:
    path = Path(__file__).resolve().parents[2].parent / "shared" / "data"
    path = path / "twcs_samples" / "spotifycares" / "support_requests.csv"
    if not path.is_file():
        pytest.skip(f"real data not found at {path}")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["text"] and r["inbound"] == "True"]
    days = [day_number(datetime.strptime(r["created_at"], "%a %b %d %H:%M:%S %z %Y")) for r in rows]
    texts = tuple(r["text"] for r in rows)
    vectors = create_embedder("hashing").embed(list(texts))
    return TextFrame(
        vectors,
        np.array(days, dtype=np.int32),
        texts,
        tuple(r["tweet_id"] for r in rows),
        "hashing",
    )


def test_november_brings_new_ios_and_app_versions_with_examples(tweets: TextFrame) -> None:
    verdict = TopicShift().run(DriftInputs(texts=tweets))
    periods = {row["period"]: row for row in verdict.details["periods"]}
    assert set(periods) == {"2017-11", "2017-12"}
    november = periods["2017-11"]
    assert november["against"] == "2017-10"
    assert november["n"] > 7000 and november["n_reference"] > 7000
    topics = november["topics"]
    words = {w for t in topics for w in t["words"]}
    assert any(re.fullmatch(r"11\.1\.[12]", w) for w in words), words  # iOS 11.1.1 / 11.1.2
    assert any(re.fullmatch(r"8\.4\.2\d\.\d+", w) for w in words), words  # Spotify for iOS/Android
    for topic in topics:
        assert topic["tickets"] > 3 * topic["tickets_before"]
        assert len(topic["examples"]) == 3
        assert all(any(w in e.lower() for w in topic["words"]) for e in topic["examples"])
    messages = [a.message for a in verdict.alerts if a.key and a.key.startswith("2017-11")]
    assert messages and all(m.startswith("in 2017-11, tickets about") for m in messages)


def test_embedding_and_novelty_compare_the_months_too(tweets: TextFrame) -> None:
    drift = EmbeddingDrift().run(DriftInputs(texts=tweets))
    compared = [(r["period"], r["against"]) for r in drift.details["periods"]]
    assert compared == [("2017-11", "2017-10"), ("2017-12", "2017-11")]
    assert all(0.4 < r["auc"] < 0.7 for r in drift.details["periods"])
    novel = NewTopics(period="month").run(DriftInputs(texts=tweets))
    assert [r["period"] for r in novel.details["periods"]] == ["2017-11", "2017-12"]
    assert all(0.0 < r["novel_share"] < 0.15 for r in novel.details["periods"])
