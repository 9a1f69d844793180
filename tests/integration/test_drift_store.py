"""Drift alerts in the store, on SQLite and PostgreSQL: kept once, refreshed, listed."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Engine, inspect

from ticketpilot.monitor.detectors import Alert
from ticketpilot.store.drift_alerts import DriftAlerts


def _alert(subject: str, started: date, message: str = "fell", statistic: float = 12.0) -> Alert:
    return Alert(
        "acceptance_drop",
        subject,
        started,
        date(2024, 4, 2),
        message,
        statistic,
        10.0,
        {"category": "technical_issue", "rate_after": 0.48},
    )


def test_migration_creates_the_alert_table(engine: Engine) -> None:
    columns = {c["name"] for c in inspect(engine).get_columns("drift_alerts")}
    assert {
        "fingerprint",
        "detector",
        "subject",
        "started_on",
        "detected_on",
        "message",
        "details",
        "acknowledged_at",
    } <= columns


def test_an_alert_is_kept_once_and_refreshed_when_raised_again(engine: Engine) -> None:
    repo = DriftAlerts(engine)
    first = datetime(2024, 4, 2, 6, 0)
    assert repo.record([_alert("acceptance", date(2024, 3, 31))], first) == [
        "acceptance_drop|acceptance|2024-03-31"
    ]
    later = datetime(2024, 4, 3, 6, 0)
    again = _alert("acceptance", date(2024, 3, 31), "fell further", 30.0)
    assert repo.record([again, again], later) == []
    [stored] = repo.list()
    assert stored.raised_at == first and stored.last_seen_at == later
    assert stored.message == "fell further" and stored.statistic == 30.0
    assert stored.started == date(2024, 3, 31) and stored.detected == date(2024, 4, 2)
    assert stored.details == {"category": "technical_issue", "rate_after": 0.48}
    assert stored.as_dict()["started"] == "2024-03-31"


def test_alerts_list_newest_first_and_can_be_acknowledged(engine: Engine) -> None:
    repo = DriftAlerts(engine)
    now = datetime(2024, 5, 1)
    old = Alert(
        "category_mix",
        "category mix",
        date(2024, 1, 8),
        date(2024, 1, 14),
        "m",
        0.2,
        0.1,
        {},
        key="w2",
    )
    repo.record([old, _alert("acceptance", date(2024, 3, 31))], now)
    listed = repo.list()
    assert [a.detector for a in listed] == ["acceptance_drop", "category_mix"]
    assert repo.count() == 2
    assert [a.detector for a in repo.list(detector="category_mix")] == ["category_mix"]
    assert repo.acknowledge(listed[1].id, now)
    assert not repo.acknowledge(9999, now)
    assert repo.list(detector="category_mix")[0].acknowledged_at == now
