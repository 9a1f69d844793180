"""Each registered detector on small planted inputs: it flags the change and only the change."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from scipy.stats import chi2_contingency

from ticketpilot.monitor.detectors import (
    CategoryMix,
    DriftInputs,
    EmbeddingDrift,
    NewTopics,
    QualityBySegment,
    TopicShift,
    default_detectors,
)
from ticketpilot.monitor.detectors.category_mix import chi_square_p, psi_values
from ticketpilot.monitor.domain import domain_test
from ticketpilot.monitor.frame import FeedbackFrame, TextFrame, TicketFrame, day_number
from ticketpilot.monitor.terms import rising_words

START = day_number(date(2024, 1, 1))


def test_registry_holds_every_detector_each_stating_its_method_window_and_false_alarms() -> None:
    registry = default_detectors()
    assert registry.names() == [
        "acceptance_drop",
        "quality_by_segment",
        "category_mix",
        "new_topics",
        "topic_shift",
        "embedding_drift",
    ]
    for detector in registry:
        assert detector.method and detector.window and detector.false_alarm
        verdict = detector.run(DriftInputs())
        assert verdict.status == "skipped"
        assert verdict.method == detector.method and verdict.false_alarm == detector.false_alarm


def test_psi_and_chi_square_agree_with_their_definitions() -> None:
    ref = np.array([[500.0, 300.0, 200.0]])
    cur = np.array([[380.0, 300.0, 320.0]])
    p, q = ref / ref.sum(), cur / cur.sum()
    assert psi_values(ref, cur)[0] == pytest.approx(((q - p) * np.log(q / p)).sum())
    expected = chi2_contingency(np.vstack([ref, cur]), correction=False).pvalue
    assert chi_square_p(ref, cur)[0] == pytest.approx(expected)


def _tickets(days: int, shift_day: int, rng: np.random.Generator) -> TicketFrame:
    names = ["billing", "shipping", "returns", "untagged"]
    before, after = [0.3, 0.3, 0.1, 0.3], [0.3, 0.2, 0.2, 0.3]
    day, cat = [], []
    for d in range(days):
        picked = rng.choice(4, size=300, p=after if d >= shift_day else before)
        day += [START + d] * 300
        cat += [names[c] for c in picked]
    return TicketFrame.from_labels(day, cat)


def test_category_mix_flags_the_week_the_mix_moved_and_no_other() -> None:
    rng = np.random.default_rng(1)
    shift = 63  # Monday 2024-03-04
    verdict = CategoryMix().run(DriftInputs(tickets=_tickets(120, shift, rng)))
    [alert] = verdict.alerts
    assert alert.started == date(2024, 3, 4)
    assert "returns 10% -> 20%" in alert.message or "shipping 30% -> 20%" in alert.message
    assert verdict.status == "ok"  # the latest week is stable again against its own reference
    quiet = CategoryMix().run(DriftInputs(tickets=_tickets(120, 10_000, rng)))
    assert quiet.alerts == () and quiet.n == 120 * 300


def _quality_frame(rng: np.random.Generator) -> FeedbackFrame:
    days, cats, prompts, accepted = [], [], [], []
    for d in range(70):
        for cat, prompt, rate in (
            ("easy", "v2", 0.75),
            ("hard", "v3" if d >= 40 else "v2", 0.35),
            ("falls", "v2", 0.65 if d < 56 else 0.40),
        ):
            n = 60
            days += [START + d] * n
            cats += [cat] * n
            prompts += [prompt] * n
            accepted += list(rng.random(n) < rate)
    return FeedbackFrame.from_labels(days, cats, prompts, accepted)


def test_quality_flags_the_category_that_fell_not_a_prompt_serving_harder_tickets() -> None:
    verdict = QualityBySegment().run(DriftInputs(feedback=_quality_frame(np.random.default_rng(2))))
    flagged = {a.subject for a in verdict.alerts}
    # v2 serves the category that fell, so it fell too; v3 took over the hard tickets only
    assert flagged == {"category falls", "prompt v2"}
    segments = {(s["kind"], s["name"]): s for s in verdict.details["segments"]}
    v3 = segments[("prompt", "v3")]
    assert not v3["flagged"] and v3["rate_after"] == pytest.approx(0.35, abs=0.07)
    assert verdict.status == "drift"
    assert all(a.key is not None and a.key.startswith("2024-W") for a in verdict.alerts)


def test_domain_classifier_tells_shifted_vectors_apart_and_not_same_ones() -> None:
    rng = np.random.default_rng(3)

    def vectors(n: int, shift: float) -> np.ndarray:
        v = rng.normal(size=(n, 24)).astype(np.float32)
        v[:, 0] += shift
        return v / np.linalg.norm(v, axis=1, keepdims=True)

    same = domain_test(vectors(400, 0.0), vectors(400, 0.0), rng)
    moved = domain_test(vectors(400, 0.0), vectors(400, 1.0), rng)
    assert same.auc < 0.56 and same.p_value > 0.01
    assert moved.auc > 0.7 and moved.p_value < 0.01


def _texts(rng: np.random.Generator, new_topic_month: int | None) -> TextFrame:
    """Four months of tickets over 8 known topics; a ninth appears in ``new_topic_month``."""
    dim, per_month = 48, 400
    centres = rng.normal(size=(9, dim))
    vectors, days, texts = [], [], []
    for month in range(4):
        first = day_number(date(2024, month + 1, 1))
        for i in range(per_month):
            new = month == new_topic_month and i % 7 == 0
            topic = 8 if new else int(rng.integers(8))
            vectors.append(centres[topic] + 0.6 * rng.normal(size=dim))
            days.append(first + int(rng.integers(28)))
            words = (
                ["hub", "firmware", "4.2", "bricked", "amber"]
                if new
                else [f"word{topic}", f"thing{topic}", "order", "help"]
            )
            texts.append(" ".join([*words, f"customer{i}"]))
    matrix = np.array(vectors, dtype=np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    return TextFrame(
        matrix,
        np.array(days, np.int32),
        tuple(texts),
        tuple(str(i) for i in range(len(texts))),
        "synthetic",
        mask=lambda t: t.replace("customer", "[PERSON]"),
    )


def test_new_topics_finds_the_planted_topic_with_its_words_size_and_masked_examples() -> None:
    rng = np.random.default_rng(4)
    verdict = NewTopics(period="month").run(DriftInputs(texts=_texts(rng, new_topic_month=3)))
    assert verdict.status == "drift"
    [alert] = verdict.alerts
    topic = alert.details
    assert alert.started == date(2024, 4, 1)
    assert {"firmware", "4.2", "bricked"} <= set(topic["terms"])
    assert 45 <= topic["size"] <= 60  # 58 planted of 400
    assert all("bricked" in e and "[PERSON]" in e for e in topic["examples"])
    quiet = NewTopics(period="month").run(DriftInputs(texts=_texts(rng, new_topic_month=None)))
    assert quiet.status == "ok" and quiet.alerts == ()


def test_embedding_drift_flags_the_month_the_mix_of_texts_changed() -> None:
    rng = np.random.default_rng(5)
    verdict = EmbeddingDrift().run(DriftInputs(texts=_texts(rng, new_topic_month=3)))
    flagged = [row["period"] for row in verdict.details["periods"] if row["alert"]]
    assert flagged == ["2024-04"]
    assert verdict.status == "drift" and verdict.alerts[0].key == "2024-04"


def test_topic_shift_reports_the_words_that_rose_with_examples() -> None:
    rng = np.random.default_rng(6)
    verdict = TopicShift().run(DriftInputs(texts=_texts(rng, new_topic_month=3)))
    rows = {row["period"]: row for row in verdict.details["periods"]}
    assert rows["2024-02"]["topics"] == [] and rows["2024-03"]["topics"] == []
    [topic] = rows["2024-04"]["topics"]
    assert {"firmware", "4.2", "bricked", "amber"} <= set(topic["words"])
    assert topic["tickets_before"] == 0 and topic["tickets"] == 58
    assert all("firmware" in e for e in topic["examples"])
    assert "rose from 0.0%" in verdict.alerts[0].message


def test_public_api_is_exported() -> None:
    from ticketpilot import monitor

    exported = set(monitor.__all__)
    assert exported <= set(dir(monitor))
    assert {n for n in dir(monitor) if n[0].isupper()} <= exported
    assert {"FeedbackFrame", "FeedbackEvent", "default_detectors", "watch_drop"} <= exported


def test_examples_keep_their_word_in_view_and_calendar_words_never_rise() -> None:
    text = "x " * 120 + "firmware 4.2 bricked my hub"
    frame = TextFrame(np.zeros((1, 2), np.float32), np.zeros(1, np.int32), (text,))
    shown = frame.shown(0, limit=60, focus="4.2")
    assert "4.2" in shown and shown.startswith("…") and len(shown) <= 60
    assert frame.shown(0, limit=60).endswith("…")
    before = [{"order", "late"}] * 200
    after = [{"order", "april"}] * 100 + [{"order", "late"}] * 100
    assert rising_words(before, after, alpha=0.01) == []
