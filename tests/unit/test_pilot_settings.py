"""Pilot settings from the charter, and the package's public surface."""

from __future__ import annotations

import pytest

from ticketpilot import pilot
from ticketpilot.charter import charter_template, parse_charter
from ticketpilot.errors import PilotError
from ticketpilot.pilot import PilotSettings


def test_settings_come_from_the_charter() -> None:
    charter = parse_charter(
        "[pilot]\nalpha = 0.1\npower = 0.9\nsequential_tuning = 2000\nmin_days = 3\n"
        "min_acceptance_rate = 0.55\n[targets]\nacceptance_rate = 0.7\n"
        "handle_time_reduction_pct = 30\ncsat_change_pct = 5\nresolution_hours = 12\n"
        "[baseline]\nresolution_hours = 18\n"
    )
    settings = PilotSettings.from_charter(charter)
    assert (settings.alpha, settings.power, settings.sequential_tuning) == (0.1, 0.9, 2000.0)
    assert (settings.min_days, settings.min_acceptance_rate) == (3, 0.55)
    assert settings.target_acceptance_rate == 0.7
    assert settings.target_editing_time_reduction == pytest.approx(0.3)
    assert settings.target_csat_change == pytest.approx(0.05)
    assert settings.target_resolution_change == pytest.approx(12 / 18 - 1)
    computed = PilotSettings.from_charter(parse_charter(""), baseline_resolution_hours=24.0)
    assert computed.target_resolution_change == pytest.approx(-0.5)
    assert PilotSettings.from_charter(parse_charter("")).target_resolution_change is None


def test_the_template_documents_the_new_pilot_keys() -> None:
    text = charter_template()
    for key in ("control_share", "alpha", "power", "sequential_tuning", "min_days"):
        assert f"{key} = " in text, key
    assert PilotSettings.from_charter(parse_charter(text)) == PilotSettings()


def test_bad_settings_are_refused() -> None:
    with pytest.raises(PilotError, match=r"pilot alpha = 0\.7"):
        PilotSettings(alpha=0.7)
    with pytest.raises(PilotError, match="sequential tuning = 0"):
        PilotSettings(sequential_tuning=0)


def test_public_names_are_exported() -> None:
    assert sorted(pilot.__all__) == sorted(set(pilot.__all__))
    for name in pilot.__all__:
        assert getattr(pilot, name) is not None, name
    public = {n for n in vars(pilot) if not n.startswith("_")} - {"annotations"}
    modules = {n for n in public if type(getattr(pilot, n)).__name__ == "module"}
    assert public - modules == set(pilot.__all__)
