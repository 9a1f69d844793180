"""The program's state as the reports, the gate and the dashboard read it (pure data).

:func:`ticketpilot.reports.service.program_state` fills it from the workspace: the charter, the
latest baseline and value model, the audit's and the replay's JSON, the pilot's report and its
events per day, the drift alerts, the budget's status and the cost forecast. Anything missing
is ``None`` and says so where it is shown; nothing is invented.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np

from ticketpilot.baseline.report import BaselineReport
from ticketpilot.baseline.value import ValueModel
from ticketpilot.charter import Charter
from ticketpilot.cost.results import BudgetStatus
from ticketpilot.pilot.events import SEVERITIES
from ticketpilot.pilot.log import KINDS, EventLog
from ticketpilot.pilot.results import PilotReport


@dataclass(frozen=True)
class PilotDay:
    """One day of pilot events (drafts shown that day, replies sent that day)."""

    day: date
    shown: int = 0
    accepted: int = 0
    edited: int = 0
    rejected: int = 0
    flagged: int = 0
    critical: int = 0
    withheld: int = 0
    latency_p95_ms: float | None = None

    @property
    def replied(self) -> int:
        return self.accepted + self.edited + self.rejected

    @property
    def acceptance(self) -> float | None:
        return self.accepted / self.replied if self.replied else None

    @property
    def flagged_rate(self) -> float | None:
        return self.flagged / self.shown if self.shown else None


@dataclass(frozen=True)
class Escalations:
    """Where drafts went to a human: flags by severity, fallbacks (withheld drafts) by reason."""

    flagged: dict[str, int] = field(default_factory=dict)
    fallbacks: dict[str, int] = field(default_factory=dict)


def pilot_days(log: EventLog) -> tuple[list[PilotDay], Escalations]:
    """Events counted per calendar day (UTC), with that day's drafting latency p95 (drafts
    shown or withheld), and the escalations: flags by severity, fallbacks by reason."""
    if not len(log):
        return [], Escalations()
    days, day = np.unique(log.at.astype("datetime64[D]"), return_inverse=True)
    kinds = len(KINDS)
    counts = np.bincount(day * kinds + log.kind, minlength=days.size * kinds)
    counts = counts.reshape(days.size, kinds)
    flagged = log.of_kind("flagged")
    critical = np.bincount(day[flagged & (log.severity == len(SEVERITIES))], minlength=days.size)
    timed = log.of_kind("shown", "withheld") & ~np.isnan(log.latency_ms)
    order = np.lexsort((log.latency_ms[timed], day[timed]))
    latencies = np.split(log.latency_ms[timed][order],
                         np.cumsum(np.bincount(day[timed], minlength=days.size))[:-1])  # fmt: skip
    result = []
    for i, when in enumerate(days):
        c = {name: int(counts[i, code]) for code, name in enumerate(KINDS)}
        lat = latencies[i]
        p95 = float(np.percentile(lat, 95)) if lat.size else None
        result.append(PilotDay(when.astype(date), c["shown"], c["accepted"], c["edited"],
                               c["rejected"], c["flagged"], int(critical[i]), c["withheld"],
                               p95))  # fmt: skip
    severities = Counter(
        SEVERITIES[code - 1] if code > 0 else "unknown" for code in log.severity[flagged]
    )
    reasons = Counter(str(r or "unknown") for r in log.reason[log.of_kind("withheld")])
    return result, Escalations(dict(severities.most_common()), dict(reasons.most_common()))


@dataclass(frozen=True)
class DriftAlert:
    """A kept drift alert, as the reports show it (from ``drift_alerts``)."""

    detector: str
    subject: str
    started: date | None
    detected: date
    message: str
    acknowledged: bool = False


@dataclass(frozen=True)
class PilotState:
    """The pilot the reports read: the live one when it has events, else the rehearsal."""

    kind: str  # "live" | "rehearsal"
    report: PilotReport
    days: list[PilotDay]
    escalations: Escalations


@dataclass(frozen=True)
class ProgramState:
    """Everything the reports and the gate read, gathered once."""

    charter: Charter
    now: datetime
    reports_dir: Path
    baseline: BaselineReport | None = None
    value: ValueModel | None = None
    audit: dict[str, Any] | None = None
    replay: dict[str, Any] | None = None
    pilot: PilotState | None = None
    alerts: list[DriftAlert] = field(default_factory=list)
    budget: BudgetStatus | None = None
    forecast: dict[str, Any] | None = None
    spend_by_month: dict[str, float] = field(default_factory=dict)
    """Settled model spend per calendar month from the draft log, each at its own model."""
    notes: list[str] = field(default_factory=list)
    """What could not be read, in words (a missing report, an unreachable ledger)."""
    files: frozenset[str] = frozenset()
    """The names of the files in ``reports/`` when the state was gathered."""

    @property
    def program(self) -> str:
        return self.charter.program.name

    @property
    def currency(self) -> str:
        return self.charter.program.currency

    def link(self, name: str) -> str | None:
        """``name`` when that report exists in ``reports/``, for a relative link."""
        return name if name in self.files else None
