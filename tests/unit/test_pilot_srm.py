"""Sample-ratio mismatch: tiered warn / fail on constructed counts, and not before 8 per arm."""

from __future__ import annotations

import pytest

from ticketpilot.errors import PilotError
from ticketpilot.pilot import srm_check

EQUAL = {"treatment": 0.1, "control": 0.1}


@pytest.mark.parametrize(
    ("treatment", "control", "level"),
    [
        (1000, 1000, "ok"),
        (1000, 1080, "ok"),  # chi2 3.08, p = 0.079
        (1000, 1125, "warn"),  # chi2 7.35, p = 0.0067
        (1000, 1160, "fail"),  # chi2 11.9, p = 0.00057
        (700, 1000, "fail"),
        (7, 30, "too_few"),  # an arm under 8 units is not judged
    ],
)
def test_tiers(treatment: int, control: int, level: str) -> None:
    check = srm_check({"treatment": treatment, "control": control}, EQUAL)
    assert check.level == level
    if level != "too_few":
        assert check.p_value is not None
        assert (check.p_value < 0.01) == (level in ("warn", "fail"))
        assert (check.p_value < 0.001) == (level == "fail")


def test_unequal_design_expects_its_own_ratio() -> None:
    design = {"treatment": 0.1, "control": 0.3}
    assert srm_check({"treatment": 250, "control": 750}, design).level == "ok"
    check = srm_check({"treatment": 500, "control": 500}, design)
    assert check.level == "fail"
    assert check.expected == {"treatment": 250.0, "control": 750.0}
    assert "sample ratio mismatch: 500 treatment vs 500 control tickets, expected 250 vs 750" in (
        check.describe()
    )


def test_arms_must_match_the_design() -> None:
    with pytest.raises(PilotError, match="do not match the design"):
        srm_check({"treatment": 10}, EQUAL)
