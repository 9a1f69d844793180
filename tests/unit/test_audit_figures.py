"""Typed audit figures: ``as_dict()`` is the audit.json shape, and the docs list every field."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, fields
from pathlib import Path

import pytest

from ticketpilot.audit.figures import (
    NO_FIGURES,
    CoverageFigures,
    DataclassFigures,
    DuplicateFigures,
    FeasibilityFigures,
    LanguageMixFigures,
    MappingFigures,
    OwnershipFigures,
    PiiFigures,
    PiiTypeFigures,
    RedactionPreview,
    UsableReplyFigures,
    VariabilityFigures,
)
from ticketpilot.audit.model import CheckResult
from ticketpilot.audit.variability import StyleProfile

DOCS = Path(__file__).resolve().parents[2] / "docs" / "audit-json.md"
MODELS = {
    "ownership": OwnershipFigures,
    "category_coverage": CoverageFigures,
    "usable_replies": UsableReplyFigures,
    "duplicates": DuplicateFigures,
    "language_mix": LanguageMixFigures,
    "reply_variability": VariabilityFigures,
    "pii": PiiFigures,
    "retrieval_feasibility": FeasibilityFigures,
}


def _documented_keys(heading: str) -> set[str]:
    """The keys in the first column of the table under ``heading`` in docs/audit-json.md."""
    text = DOCS.read_text(encoding="utf-8")
    start = text.index(heading)
    table = re.search(r"\n(\|.*\n)+", text[start:])
    assert table is not None, heading
    rows = table.group(0).strip().splitlines()[2:]
    return {key for row in rows for key in re.findall(r"`([a-z0-9_]+)`", row.split("|")[1])}


@pytest.mark.parametrize(("check", "model"), MODELS.items())
def test_each_built_in_model_has_exactly_the_documented_keys(check: str, model: type) -> None:
    assert {f.name for f in fields(model)} == _documented_keys(f"### `{check}`")


def test_the_style_profile_has_exactly_the_documented_keys() -> None:
    documented = _documented_keys("A style profile")
    assert {f.name for f in fields(StyleProfile)} == documented


def test_as_dict_nests_models_as_dicts_in_field_order_and_sequences_as_lists() -> None:
    figures = PiiFigures(
        tickets=2,
        tickets_with_pii=1,
        share=0.5,
        by_type={"EMAIL_ADDRESS": PiiTypeFigures(1, 2, {"subject": 2})},
        preview=(RedactionPreview("T1", "a***@b.com", "<EMAIL_ADDRESS_1>"),),
    )
    data = figures.as_dict()
    assert json.dumps(data) == json.dumps(
        {
            "tickets": 2,
            "tickets_with_pii": 1,
            "share": 0.5,
            "by_type": {"EMAIL_ADDRESS": {"tickets": 1, "mentions": 2, "fields": {"subject": 2}}},
            "preview": [
                {"ticket_id": "T1", "masked": "a***@b.com", "redacted": "<EMAIL_ADDRESS_1>"}
            ],
        }
    )
    assert isinstance(data["preview"], list)
    data["by_type"]["EMAIL_ADDRESS"]["fields"]["subject"] = 99  # a copy: the model is untouched
    assert figures.by_type["EMAIL_ADDRESS"].fields == {"subject": 2}


def test_mapping_figures_keep_their_order_and_copy_nested_values() -> None:
    nested = {"old": 3}
    figures = MappingFigures({"z": 1, "a": (1, 2), "by_age": nested})
    data = figures.as_dict()
    assert list(data) == ["z", "a", "by_age"]
    assert data["a"] == [1, 2]
    data["by_age"]["old"] = 0
    assert nested == {"old": 3}
    assert NO_FIGURES.as_dict() == {}


def test_a_plugin_dataclass_needs_no_as_dict_of_its_own() -> None:
    @dataclass(frozen=True, slots=True)
    class Stale(DataclassFigures):
        articles: int
        by_age: dict[str, int]

    assert Stale(4, {"old": 1}).as_dict() == {"articles": 4, "by_age": {"old": 1}}


def test_figures_as_narrows_or_says_which_kinds_differ() -> None:
    figures = DuplicateFigures(tickets=10, exact=1, near=2, share=0.3)
    result = CheckResult("duplicates", "quality", "Duplicates", 40.0, 1.0, "m", figures=figures)
    assert result.figures_as(DuplicateFigures).near == 2
    with pytest.raises(TypeError, match="'duplicates' are DuplicateFigures, not CoverageFigures"):
        result.figures_as(CoverageFigures)
    assert CheckResult("x", "quality", "X", None, 1.0, "m").figures is NO_FIGURES
