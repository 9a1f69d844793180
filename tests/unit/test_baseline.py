import re
from datetime import datetime, timedelta

import pytest
from rich.console import Console

from ticketpilot.baseline.report import HistoryColumns, compute_baseline
from ticketpilot.baseline.value import value_model
from ticketpilot.charter import parse_charter
from ticketpilot.cli.baseline import baseline_payload, render_baseline


def _history() -> HistoryColumns:
    """10 tickets per month from Jan to Apr 2024; resolution 1..10 h; half rated."""
    h = HistoryColumns()
    for month in range(1, 5):
        for i in range(10):
            created = datetime(2024, month, 1 + i, 9)
            h.created_at.append(created)
            h.first_response_at.append(created + timedelta(minutes=30))
            h.resolved_at.append(created + timedelta(hours=i + 1) if i < 8 else None)
            h.category.append("billing" if i < 3 else "shipping" if i < 6 else None)
            h.channel.append("email")
            h.csat.append(float(1 + i % 5) if i % 2 == 0 else None)
    return h


def test_figures_carry_value_n_window_and_method() -> None:
    report = compute_baseline(_history())
    f = report.figures
    assert report.tickets == 40
    assert f["resolution_hours_mean"].value == pytest.approx(4.5)
    assert f["resolution_hours_median"].value == pytest.approx(4.5)
    assert f["resolution_hours_p90"].value == pytest.approx(7.9)  # linear interpolation
    assert f["resolution_hours_mean"].n == 32
    assert f["first_response_hours_median"].value == pytest.approx(0.5)
    assert f["csat_mean"].value == pytest.approx(3.0)
    assert f["csat_satisfied_share"].value == pytest.approx(0.4)
    assert f["csat_response_rate"].value == pytest.approx(0.5)
    assert f["untagged_share"].value == pytest.approx(0.4)
    assert f["monthly_volume"].value == pytest.approx(10.0)
    assert "partial first/last months excluded" in f["monthly_volume"].method
    assert report.monthly_volume == {"2024-01": 10, "2024-02": 10, "2024-03": 10, "2024-04": 10}
    assert report.category_mix == {"billing": 0.5, "shipping": 0.5}
    assert f["resolution_hours_mean"].window_start == datetime(2024, 1, 1, 9)
    assert "n=32" in f["resolution_hours_mean"].describe()


def test_binary_csat_reads_as_share_good() -> None:
    h = _history()
    h.csat = [1.0, 0.0, None, 1.0] * 10
    fig = compute_baseline(h).figures["csat_mean"]
    assert (fig.unit, fig.value) == ("share", pytest.approx(2 / 3))


def test_empty_history_gives_na_not_errors() -> None:
    report = compute_baseline(HistoryColumns())
    assert report.tickets == 0
    assert all(
        fig.value is None for name, fig in report.figures.items() if name != "csat_response_rate"
    )


def test_value_model_uses_declared_over_computed() -> None:
    charter = parse_charter(
        "[baseline]\nmonthly_volume = 100000\nresolution_hours = 18.0\ncost_per_agent_hour = 40.0\n"
        "handle_minutes_per_ticket = 12.0\n[targets]\nresolution_hours = 12.0\n"
        "handle_time_reduction_pct = 25.0\n"
        "[budget]\nmonthly = 5000.0\n"
    )
    model = value_model(charter, compute_baseline(_history()))
    assert model.inputs["monthly_volume"].source == "declared"
    assert model.line("agent_hours_saved_per_month").value == pytest.approx(5000.0)
    assert model.line("agent_cost_saved_per_month").value == pytest.approx(200_000.0)
    assert model.line("net_value_per_month").value == pytest.approx(195_000.0)
    assert model.line("resolution_reduction_share").value == pytest.approx(1 / 3)
    assert model.line("customer_wait_hours_saved_per_month").value == pytest.approx(600_000.0)
    assert model.line("pilot_tickets_per_month").value == pytest.approx(10_000.0)
    computed = value_model(parse_charter(""), compute_baseline(_history()))
    assert computed.inputs["monthly_volume"].value == pytest.approx(10.0)
    assert computed.line("csat_target").value == pytest.approx(3.3)


def test_a_history_that_already_beats_the_target_shows_no_negative_saving() -> None:
    """Resolution 4.5 h against a 12 h target: nothing to gain, said in words, never "-7.5 h"."""
    report = compute_baseline(_history())
    model = value_model(parse_charter(""), report)
    said = "the history already meets the target (4.5 h <= 12 h): nothing to gain on this line"
    for name in (
        "resolution_hours_cut",
        "resolution_reduction_share",
        "customer_wait_hours_saved_per_month",
    ):
        line = model.line(name)
        assert (line.value, line.note) == (None, said)
    assert model.line("agent_hours_saved_per_month").note is None
    out = Console(record=True, width=200)
    render_baseline(report, model, out)
    shown = out.export_text()
    assert said in shown and shown.count("nothing to gain") >= 3
    assert not re.search(r"-\d[\d,.]*( h|%)", shown)
    payload = baseline_payload(report, model)
    cut = next(ln for ln in payload["value_model"]["lines"] if ln["name"] == "resolution_hours_cut")
    assert cut == {"name": "resolution_hours_cut", "value": None, "unit": "h",
                   "formula": "baseline resolution - target 12 h", "note": said}  # fmt: skip


def test_a_target_still_ahead_keeps_its_saving_and_a_budget_above_savings_is_named() -> None:
    charter = parse_charter("[baseline]\nresolution_hours = 18.0\n")
    model = value_model(charter, compute_baseline(_history()))
    assert model.line("resolution_hours_cut").value == pytest.approx(6.0)
    assert model.line("resolution_hours_cut").note is None
    net = model.line("net_value_per_month")  # 10 tickets/month cannot pay a 5,000 budget
    assert net.value is not None and net.value < 0
    assert net.note is not None and "would cost" in net.note and "more than it saves" in net.note
    assert "ceiling" in net.note and "cost forecast" in net.note
