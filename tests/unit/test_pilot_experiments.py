"""Prompt and model variants: assignment, the charter's [experiment], the variant statistics."""

from __future__ import annotations

import json
import math
from datetime import timedelta

import numpy as np
import pytest
from scipy import stats

from pilot_scenarios import DESIGN, START, arm_ids
from ticketpilot.charter import parse_charter
from ticketpilot.errors import CharterError
from ticketpilot.pilot import (
    Accepted,
    Assigned,
    ExperimentDesign,
    Handled,
    PilotEvent,
    PilotSettings,
    Rejected,
    Shown,
    VariantSpec,
    bucket,
    experiment_results,
    tabulate,
    variant_bucket,
)
from ticketpilot.pilot.experiments import experiment_problems

SETTINGS = PilotSettings()
TWO = ExperimentDesign("scenario", "tone", (VariantSpec("v1", "reply-v1"),
                                            VariantSpec("v2", "reply-v2")), (0.5, 0.5))  # fmt: skip


def test_assignment_is_stable_and_at_the_shares_over_100k_ids() -> None:
    design = ExperimentDesign("acme", "tone", (VariantSpec("a", "reply-v1"),
                              VariantSpec("b", "reply-v2"), VariantSpec("c", "reply-v1", "gpt-4o")),
                              (0.5, 0.3, 0.2))  # fmt: skip
    ids = [f"T-{i}" for i in range(100_000)]
    got = design.variants_of(ids)
    counts = [got.count(name) for name in design.names]
    p = stats.chisquare(counts, [s * len(ids) for s in design.shares]).pvalue
    assert p > 0.001, counts
    for n, share in zip(counts, design.shares, strict=True):
        assert abs(n / len(ids) - share) < 0.006
    # stable: a rebuilt design (another worker, a restart) gives every ticket the same variant
    again = ExperimentDesign("acme", "tone", design.variants, design.shares)
    assert again.variants_of(ids[:5_000]) == got[:5_000]
    assert design.variant_of("T-1001") == "a"  # fixed by SHA-256, not by this process
    renamed = ExperimentDesign("acme", "tone-2", design.variants, design.shares)
    moved = sum(a != b for a, b in zip(renamed.variants_of(ids[:5_000]), got[:5_000], strict=True))
    assert moved > 2_000  # a new experiment name re-randomises


def test_variant_is_independent_of_the_cohort_position() -> None:
    ids = [f"T-{i}" for i in range(100_000)]
    cohort = np.array([bucket("acme", t) for t in ids])
    variant = np.array([variant_bucket("acme", "tone", t) for t in ids])
    assert abs(float(np.corrcoef(cohort, variant)[0, 1])) < 0.01
    # within the bottom 10% of the cohort range (the treated) the variants keep their shares,
    # and a ramp to 20% adds tickets at the same split
    for share in (0.1, 0.2):
        treated = variant[cohort < share]
        assert abs(float(np.mean(treated < 0.5)) - 0.5) < 0.02
    # the cohort hash would not do: inside the treatment range it is squeezed into [0, 0.1)
    assert float(np.max(cohort[cohort < 0.1])) < 0.1 <= float(np.max(variant[cohort < 0.1]))


def _pilot(p1: float, p2: float, n: int, seed: int, *, v2_logged: float = 1.0) -> list[PilotEvent]:
    """Treatment tickets shown a draft and accepted at each variant's true rate, and control."""
    rng = np.random.default_rng(seed)
    events: list[PilotEvent] = []
    for i, tid in enumerate(_IDS[:n]):
        variant = TWO.variant_of(tid)
        if variant == "v2" and rng.random() > v2_logged:
            continue
        at = START + timedelta(minutes=i)
        rate = p1 if variant == "v1" else p2
        outcome = Accepted if rng.random() < rate else Rejected
        seconds = float(rng.normal(300.0, 30.0))
        events += [Assigned(tid, at), Shown(tid, at, variant, 500.0),
                   outcome(tid, at + timedelta(minutes=5), seconds)]  # fmt: skip
    for i, tid in enumerate(_CONTROL):
        at = START + timedelta(minutes=i)
        seconds = float(rng.normal(400.0, 30.0))
        events += [Assigned(tid, at), Handled(tid, at + timedelta(minutes=6), seconds)]
    return events


_IDS = arm_ids(DESIGN, "treatment", 1_200)
_CONTROL = arm_ids(DESIGN, "control", 100)
_VARIANTS = {tid: TWO.variant_of(tid) for tid in _IDS}


def _results(events: list[PilotEvent]):  # type: ignore[no-untyped-def]
    table = tabulate(events, DESIGN).table
    return experiment_results(table, _VARIANTS, TWO, DESIGN, SETTINGS, 7.0)


def test_intervals_cover_the_true_difference_in_seeded_pilots() -> None:
    p1, p2 = 0.55, 0.62
    fixed = always = 0
    for seed in range(200):
        diff = _results(_pilot(p1, p2, 400, seed)).differences["v2"]
        fixed += diff.fixed.contains(p2 - p1)
        always += diff.always_valid.contains(p2 - p1)
        assert diff.always_valid.low <= diff.fixed.low and diff.fixed.high <= diff.always_valid.high
    assert fixed >= 186 and always >= 186, (fixed, always)  # 93% of 200 (95% expected)


def test_per_variant_figures_verdicts_and_json() -> None:
    results = _results(_pilot(0.45, 0.75, 1_200, 1))
    v1, v2 = results.by_variant["v1"], results.by_variant["v2"]
    assert v1.units["control"] == v2.units["control"] == 100  # each against the whole control
    assert v1.units["treatment"] + v2.units["treatment"] == 1_200
    assert v1.acceptance.rate == pytest.approx(0.45, abs=0.06)
    assert v2.acceptance.rate == pytest.approx(0.75, abs=0.06)
    assert v2.editing_time.change == pytest.approx(300 / 400 - 1, abs=0.03)
    diff = results.differences["v2"]
    assert diff.estimate == pytest.approx(v2.acceptance.rate - v1.acceptance.rate)
    assert diff.verdict.startswith("v2 better than v1 on acceptance: +")
    assert "always-valid +" in diff.verdict and results.srm.level == "ok"
    assert results.unassigned == 0
    same = _results(_pilot(0.6, 0.6, 200, 2)).differences["v2"]
    assert "no difference yet" in same.verdict and same.always_valid.contains(0.0)
    worse = _results(_pilot(0.8, 0.4, 1_200, 3)).differences["v2"]
    assert worse.verdict.startswith("v2 worse than v1")
    data = json.loads(json.dumps(results.as_dict(), allow_nan=False))
    assert data["reference"] == "v1" and set(data["by_variant"]) == {"v1", "v2"}
    assert data["differences"]["v2"]["fixed"]["method"].startswith("Newcombe")


def test_newcombe_matches_the_published_example() -> None:
    # Newcombe (1998), Table II, example (a): 56/70 - 48/80, method 10: 0.0524 to 0.3339
    from ticketpilot.pilot.figures import proportion
    from ticketpilot.pilot.variants import newcombe

    interval = newcombe(proportion(56, 70, SETTINGS), proportion(48, 80, SETTINGS), 0.05)
    assert (round(interval.low, 4), round(interval.high, 4)) == (0.0524, 0.3339)


def test_a_broken_split_fails_the_sample_ratio_check_across_variants() -> None:
    broken = _results(_pilot(0.6, 0.6, 1_200, 4, v2_logged=0.7))
    assert broken.srm.level == "fail", broken.srm.describe()
    assert broken.srm.observed["v2"] < broken.srm.observed["v1"]
    assert _results(_pilot(0.6, 0.6, 1_200, 4)).srm.level == "ok"


def test_tickets_without_a_variant_are_counted_and_left_out() -> None:
    events = _pilot(0.6, 0.6, 300, 5)
    table = tabulate(events, DESIGN).table
    half = dict(list(_VARIANTS.items())[:150])
    results = experiment_results(table, half, TWO, DESIGN, SETTINGS, 7.0)
    assert results.unassigned == 150
    assert sum(m.units["treatment"] for m in results.by_variant.values()) == 150
    assert math.isfinite(results.differences["v2"].estimate)


_EXPERIMENT = """
[experiment]
name = "tone"
[[experiment.variants]]
name = "v1"
prompt_template = "reply-v1"
[[experiment.variants]]
name = "v2"
prompt_template = "reply-v2"
model = "gpt-4o"
"""


def test_charter_experiment_is_optional_and_validated() -> None:
    assert parse_charter("").experiment is None
    charter = parse_charter(_EXPERIMENT)
    assert charter.experiment is not None and charter.experiment.shares == {"v1": 0.5, "v2": 0.5}
    design = ExperimentDesign.from_charter(charter)
    assert design is not None and design.spec("v2").model == "gpt-4o"
    assert experiment_problems(charter) == []
    cases = {
        _EXPERIMENT.split("[[experiment.variants]]\nname = \"v2\"", maxsplit=1)[0]:
            "experiment.variants = [{'name': 'v1', 'prompt_template': 'reply-v1'}]: List should "
            "have at least 2 items",
        _EXPERIMENT.replace('"v2"', '"v1"'): "variant names must differ; used twice: v1",
        _EXPERIMENT.replace('model = "gpt-4o"', "share = 0.7"):
            "give every variant a share or none (no share: equal shares); 1 of 2 have one",
        _EXPERIMENT.replace('prompt_template = "reply-v1"', 'prompt_template = "reply-v1"\n'
                            "share = 0.5").replace('model = "gpt-4o"', "share = 0.6"):
            "variant shares must add up to 1; they add up to 1.1",
        _EXPERIMENT.replace('name = "tone"', 'name = "tone test"'):
            "experiment.name = 'tone test': String should match pattern",
        _EXPERIMENT.replace('model = "gpt-4o"', 'modle = "gpt-4o"'):
            "experiment.variants.1.modle: unknown key",
    }  # fmt: skip
    for text, message in cases.items():
        with pytest.raises(CharterError) as info:
            parse_charter(text)
        assert message in str(info.value)
    unknown = parse_charter(_EXPERIMENT.replace('"reply-v2"', '"reply-v9"'))
    assert experiment_problems(unknown) == [
        "experiment.variants.1.prompt_template: unknown prompt template 'reply-v9'; "
        "shipped: reply-v1, reply-v2"
    ]
    alike = parse_charter(_EXPERIMENT.replace('"reply-v2"', '"reply-v1"').replace(
        'model = "gpt-4o"', 'model = "extractive"'))  # fmt: skip
    assert experiment_problems(alike) == [
        "experiment.variants.1 (v2): same prompt template and model as variant v1; the "
        "variants must differ in one of them"
    ]
