"""What every drift detector shares: its inputs, its verdict, its alerts, its declared method.

A detector is a small frozen config with a ``run`` method (Evidently's pattern: a declarative
check plus its calculation). It states, before it runs, its method, its window and the
false-alarm rate it is built for; its :class:`Verdict` repeats them with the numbers of this
run (n, threshold, statistic), so nothing it reports stands without what it rests on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal, Protocol

import numpy as np

from ticketpilot.monitor.frame import FeedbackFrame, TextFrame, TicketFrame

Status = Literal["ok", "drift", "skipped"]


def plain(value: Any) -> Any:
    """``value`` with numpy scalars and arrays turned into Python ones, so it stores as JSON."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, np.ndarray):
        return plain(value.tolist())
    if isinstance(value, np.generic):
        return value.item()
    return value


@dataclass(frozen=True)
class DriftInputs:
    """Everything a detector may read; each uses what it needs and skips without it."""

    feedback: FeedbackFrame | None = None
    tickets: TicketFrame | None = None
    texts: TextFrame | None = None


@dataclass(frozen=True)
class Alert:
    """One detected change: what moved, from when, found when, and how strongly."""

    detector: str
    subject: str
    started: date | None
    detected: date
    message: str
    statistic: float
    threshold: float
    details: dict[str, Any] = field(default_factory=dict)
    key: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "details", plain(self.details))
        object.__setattr__(self, "statistic", float(self.statistic))
        object.__setattr__(self, "threshold", float(self.threshold))

    @property
    def fingerprint(self) -> str:
        """Identifies the same change across runs, so storing it twice keeps one row.

        By default the detector, the subject and the start (else the detection) date; a
        detector whose dates move with its window passes a stabler ``key``.
        """
        when = self.key or (self.started or self.detected).isoformat()
        return f"{self.detector}|{self.subject}|{when}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "detector": self.detector,
            "subject": self.subject,
            "started": self.started.isoformat() if self.started else None,
            "detected": self.detected.isoformat(),
            "message": self.message,
            "statistic": round(self.statistic, 4),
            "threshold": round(self.threshold, 4),
            "details": self.details,
        }


@dataclass(frozen=True)
class Verdict:
    """A detector's answer for one run: status, with method, window, n and false-alarm rate."""

    detector: str
    status: Status
    summary: str
    method: str
    window: str
    false_alarm: str
    n: int
    statistic: float | None = None
    threshold: float | None = None
    alerts: tuple[Alert, ...] = ()
    details: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "details", plain(self.details))

    def as_dict(self) -> dict[str, Any]:
        return {
            "detector": self.detector,
            "status": self.status,
            "summary": self.summary,
            "method": self.method,
            "window": self.window,
            "false_alarm": self.false_alarm,
            "n": self.n,
            "statistic": None if self.statistic is None else round(self.statistic, 4),
            "threshold": None if self.threshold is None else round(self.threshold, 4),
            "alerts": [a.as_dict() for a in self.alerts],
            "details": self.details,
        }


class Detector(Protocol):
    """A registered drift check: declares how it decides, then decides on the inputs."""

    @property
    def name(self) -> str:
        """The registry name, also the ``detector`` of its verdicts and alerts."""
        ...

    @property
    def method(self) -> str:
        """The statistic and the decision rule, in words."""
        ...

    @property
    def window(self) -> str:
        """What is compared with what (reference and monitored periods)."""
        ...

    @property
    def false_alarm(self) -> str:
        """The false-alarm rate it is built for, in words."""
        ...

    def run(self, inputs: DriftInputs) -> Verdict:
        """The verdict on ``inputs`` (``skipped`` when they lack what it reads)."""
        ...


def skipped(detector: Detector, reason: str, n: int = 0) -> Verdict:
    """The verdict of a detector that had nothing (or too little) to read."""
    return Verdict(
        detector.name, "skipped", reason, detector.method, detector.window, detector.false_alarm, n
    )
