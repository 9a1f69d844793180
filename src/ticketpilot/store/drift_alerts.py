"""Drift alerts, kept once each: the table the dashboard, reports and gate read.

A detector re-raises an ongoing change on every run; the alert's fingerprint (detector, subject,
start) makes the second time an update of the first: ``last_seen_at`` moves and the message and
figures are refreshed (a drop's attribution sharpens as days accrue), ``raised_at`` stays.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine, func, select, update
from sqlalchemy.dialects import postgresql, sqlite

from ticketpilot.monitor.detectors.base import Alert
from ticketpilot.store.tables import drift_alerts


@dataclass(frozen=True)
class StoredAlert:
    """An alert as kept: the detector's alert plus when it was raised, seen and acknowledged."""

    id: int
    fingerprint: str
    detector: str
    subject: str
    started: date | None
    detected: date
    raised_at: datetime
    last_seen_at: datetime
    statistic: float
    threshold: float
    message: str
    details: dict[str, Any]
    acknowledged_at: datetime | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "detector": self.detector,
            "subject": self.subject,
            "started": self.started.isoformat() if self.started else None,
            "detected": self.detected.isoformat(),
            "raised_at": self.raised_at.isoformat(),
            "last_seen_at": self.last_seen_at.isoformat(),
            "statistic": self.statistic,
            "threshold": self.threshold,
            "message": self.message,
            "acknowledged_at": self.acknowledged_at.isoformat() if self.acknowledged_at else None,
            "details": self.details,
        }


def _at_midnight(day: date | None) -> datetime | None:
    return None if day is None else datetime(day.year, day.month, day.day)


def _row(alert: Alert, now: datetime) -> dict[str, Any]:
    return {
        "fingerprint": alert.fingerprint,
        "detector": alert.detector,
        "subject": alert.subject,
        "started_on": _at_midnight(alert.started),
        "detected_on": _at_midnight(alert.detected),
        "raised_at": now,
        "last_seen_at": now,
        "statistic": float(alert.statistic),
        "threshold": float(alert.threshold),
        "message": alert.message,
        "details": alert.details,
    }


def _stored(row: Any) -> StoredAlert:
    m = row._mapping
    return StoredAlert(
        id=int(m["id"]),
        fingerprint=m["fingerprint"],
        detector=m["detector"],
        subject=m["subject"],
        started=m["started_on"].date() if m["started_on"] else None,
        detected=m["detected_on"].date(),
        raised_at=m["raised_at"],
        last_seen_at=m["last_seen_at"],
        statistic=float(m["statistic"]),
        threshold=float(m["threshold"]),
        message=m["message"],
        details=dict(m["details"]),
        acknowledged_at=m["acknowledged_at"],
    )


class DriftAlerts:
    """The ``drift_alerts`` table on SQLite or PostgreSQL."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def record(self, alerts: Sequence[Alert], now: datetime) -> list[str]:
        """Keep ``alerts``; returns the fingerprints that were new (the rest are refreshed)."""
        unique = {a.fingerprint: a for a in alerts}
        if not unique:
            return []
        dialect = postgresql if self.engine.dialect.name == "postgresql" else sqlite
        with self.engine.begin() as connection:
            known = set(
                connection.execute(
                    select(drift_alerts.c.fingerprint).where(
                        drift_alerts.c.fingerprint.in_(list(unique))
                    )
                ).scalars()
            )
            fresh = [_row(a, now) for key, a in unique.items() if key not in known]
            if fresh:
                insert = dialect.insert(drift_alerts).on_conflict_do_nothing(
                    index_elements=["fingerprint"]
                )
                connection.execute(insert, fresh)
            for key in known:
                alert = unique[key]
                connection.execute(
                    update(drift_alerts)
                    .where(drift_alerts.c.fingerprint == key)
                    .values(
                        last_seen_at=now,
                        message=alert.message,
                        details=alert.details,
                        statistic=float(alert.statistic),
                    )
                )
        return [row["fingerprint"] for row in fresh]

    def list(self, limit: int = 50, detector: str | None = None) -> list[StoredAlert]:
        """The most recently detected alerts first."""
        query = select(drift_alerts).order_by(
            drift_alerts.c.detected_on.desc(), drift_alerts.c.id.desc()
        )
        if detector is not None:
            query = query.where(drift_alerts.c.detector == detector)
        with self.engine.connect() as connection:
            return [_stored(row) for row in connection.execute(query.limit(limit))]

    def count(self) -> int:
        with self.engine.connect() as connection:
            total = connection.execute(select(func.count()).select_from(drift_alerts))
            return int(total.scalar_one())

    def acknowledge(self, alert_id: int, now: datetime) -> bool:
        """Mark an alert as seen by a person; False when no such alert exists."""
        with self.engine.begin() as connection:
            result = connection.execute(
                update(drift_alerts)
                .where(drift_alerts.c.id == alert_id)
                .values(acknowledged_at=now)
            )
            return bool(result.rowcount)
