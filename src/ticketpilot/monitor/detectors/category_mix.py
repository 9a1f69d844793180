"""Category-mix shift: each week's category shares against the weeks before, PSI and chi-square.

Windows of ``period_days`` are calendar-aligned (Monday-based weeks by default, so a window and
its alert keep their dates from one run to the next; the current window may be partial); each
is compared with the ``reference_periods`` windows before it. Two numbers, because each alone misleads: the
chi-square test of homogeneity says whether the shares differ beyond sampling noise (and with
thousands of tickets even a trivial shift is "significant"), the population stability index
``PSI = sum (q - p) ln(q / p)`` says how large the shift is (0.1 is the usual "moderate", 0.25
"major"). A window alerts when the test says ``p < alpha`` and the shift matters: ``PSI >=
psi_alert``, or one category's share moved by ``share_alert`` (5 points) or more, which a TPM
reads more easily and PSI can understate when one busy category grows. Categories
under 0.5% of all tickets are pooled as ``(other)``, so rare tags cannot inflate either number.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.stats import chi2

from ticketpilot.monitor.detectors.base import Alert, DriftInputs, Verdict, skipped
from ticketpilot.monitor.detectors.periods import MONDAY
from ticketpilot.monitor.frame import TicketFrame, day_date

NAME = "category_mix"
#: Shares are floored here in the PSI, as Evidently does, so an empty bucket stays finite.
PSI_FLOOR = 1e-4
RARE_SHARE = 0.005
FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class CategoryMix:
    """Flags weeks whose ticket category mix moved away from the weeks before."""

    period_days: int = 7
    reference_periods: int = 4
    alpha: float = 0.001
    psi_alert: float = 0.1
    share_alert: float = 0.05
    name: str = NAME

    @property
    def method(self) -> str:
        return (
            f"chi-square test of homogeneity (alert at p < {self.alpha:g}) with a shift that "
            f"matters: population stability index >= {self.psi_alert:g} or a category's "
            f"share {self.share_alert * 100:g}+ points away"
        )

    @property
    def window(self) -> str:
        return (
            f"each {self.period_days}-day window from a Monday against the "
            f"{self.reference_periods * self.period_days} days before it"
        )

    @property
    def false_alarm(self) -> str:
        per_year = 365.0 / self.period_days * self.alpha
        return f"at most {self.alpha:g} per window, {per_year:.2f} per year"

    def run(self, inputs: DriftInputs) -> Verdict:
        tickets = inputs.tickets
        if tickets is None and inputs.feedback is not None:
            f = inputs.feedback
            tickets = TicketFrame(f.day, f.category, f.categories)
        if tickets is None or len(tickets) == 0:
            return skipped(self, "no tickets with a creation date")
        read = len(tickets)
        days = tickets.day.astype(np.int64)
        index = (days - MONDAY) // self.period_days
        first, last = int(index.min()), int(index.max())
        if int(days.max()) - (MONDAY + last * self.period_days) + 1 < self.period_days / 2:
            last -= 1  # a window only begun (under half its days) is left for the next run
            index, tickets = index[index <= last], _before(tickets, index <= last)
        if last - first < self.reference_periods:
            span = int(tickets.day.max() - tickets.day.min()) + 1
            return skipped(
                self,
                f"{span} days of tickets; need more than "
                f"{self.reference_periods * self.period_days}",
                read,
            )
        counts, names = _window_counts(tickets, index - first, last - first + 1)
        starts = MONDAY + (np.arange(first, last + 1) * self.period_days)
        return self._verdict(counts, names, starts, int(tickets.day.max()), read)

    def _verdict(
        self, counts: IntArray, names: list[str], starts: IntArray, last: int, n: int
    ) -> Verdict:
        r = self.reference_periods
        total = np.cumsum(np.vstack([np.zeros((1, counts.shape[1]), np.int64), counts]), axis=0)
        ref = (total[r:-1] - total[: -r - 1]).astype(np.float64)
        cur = counts[r:].astype(np.float64)
        psi, p = psi_values(ref, cur), chi_square_p(ref, cur)
        moved = np.abs(_shares(cur) - _shares(ref)).max(axis=1)
        flagged = (p < self.alpha) & ((psi >= self.psi_alert) | (moved >= self.share_alert))
        starts = starts[r:]
        ends = np.minimum(starts + self.period_days - 1, last)
        alerts = self._alerts(flagged, psi, p, ref, cur, names, starts, ends)
        latest = len(cur) - 1
        summary = (
            f"PSI {psi[latest]:.3f}, chi-square p={p[latest]:.2g} for "
            f"{day_date(int(starts[latest])):%Y-%m-%d}..{day_date(last):%Y-%m-%d} "
            f"(n={int(cur[latest].sum()):,}) against the {r * self.period_days} days "
            f"before (n={int(ref[latest].sum()):,})"
        )
        if flagged[latest]:
            summary = alerts[-1].message
        series = [
            {
                "start": day_date(int(starts[i])).isoformat(),
                "end": day_date(int(ends[i])).isoformat(),
                "n": int(cur[i].sum()),
                "psi": round(float(psi[i]), 4),
                "p": float(p[i]),
                "alert": bool(flagged[i]),
            }
            for i in range(len(cur))
        ]
        return Verdict(
            self.name,
            "drift" if flagged[latest] else "ok",
            summary,
            self.method,
            self.window,
            self.false_alarm,
            n,
            float(psi[latest]),
            self.psi_alert,
            alerts,
            {"windows": series, "categories": names},
        )

    def _alerts(
        self,
        flagged: npt.NDArray[np.bool_],
        psi: FloatArray,
        p: FloatArray,
        ref: FloatArray,
        cur: FloatArray,
        names: list[str],
        starts: IntArray,
        ends: IntArray,
    ) -> tuple[Alert, ...]:
        alerts: list[Alert] = []
        i = 0
        while i < len(flagged):
            if not flagged[i]:
                i += 1
                continue
            j = i
            while j + 1 < len(flagged) and flagged[j + 1]:
                j += 1
            alerts.append(self._alert(i, psi, p, ref, cur, names, starts, ends))
            i = j + 1
        return tuple(alerts)

    def _alert(
        self,
        i: int,
        psi: FloatArray,
        p: FloatArray,
        ref: FloatArray,
        cur: FloatArray,
        names: list[str],
        starts: IntArray,
        ends: IntArray,
    ) -> Alert:
        before, after = _shares(ref[i]), _shares(cur[i])
        moved = np.argsort(-np.abs(after - before))[:3]
        movers = ", ".join(f"{names[c]} {before[c]:.0%} -> {after[c]:.0%}" for c in moved)
        start = day_date(int(starts[i]))
        message = (
            f"category mix shifted from {start:%Y-%m-%d}: {movers}; PSI {psi[i]:.3f}, "
            f"chi-square p={p[i]:.2g} (n={int(cur[i].sum()):,} against "
            f"{int(ref[i].sum()):,} in the {self.reference_periods * self.period_days} "
            "days before)"
        )
        shares = {
            names[c]: [round(float(before[c]), 4), round(float(after[c]), 4)]
            for c in range(len(names))
        }
        return Alert(
            self.name,
            "category mix",
            start,
            day_date(int(ends[i])),
            message,
            float(psi[i]),
            self.psi_alert,
            {"p": float(p[i]), "shares": shares},
        )


def _before(tickets: TicketFrame, keep: npt.NDArray[np.bool_]) -> TicketFrame:
    return TicketFrame(tickets.day[keep], tickets.category[keep], tickets.categories)


def _window_counts(
    tickets: TicketFrame, window: IntArray, windows: int
) -> tuple[IntArray, list[str]]:
    """Tickets per (window, category), rare categories pooled; oldest window first."""
    k = len(tickets.categories)
    counts = np.bincount(window * k + tickets.category, minlength=windows * k)
    counts = counts.reshape(windows, k)
    share = counts.sum(axis=0) / max(int(counts.sum()), 1)
    common = share >= RARE_SHARE
    names = [tickets.categories[c] for c in np.flatnonzero(common)]
    if (~common).any() and counts[:, ~common].sum():
        pooled = counts[:, ~common].sum(axis=1, keepdims=True)
        return np.hstack([counts[:, common], pooled]), [*names, "(other)"]
    return counts[:, common], names


def _shares(counts: FloatArray) -> FloatArray:
    shares: FloatArray = counts / np.maximum(counts.sum(axis=-1, keepdims=True), 1.0)
    return shares


def psi_values(ref: FloatArray, cur: FloatArray) -> FloatArray:
    """The population stability index of each row of ``cur`` against the same row of ``ref``."""
    p = np.maximum(ref / np.maximum(ref.sum(axis=1, keepdims=True), 1.0), PSI_FLOOR)
    q = np.maximum(cur / np.maximum(cur.sum(axis=1, keepdims=True), 1.0), PSI_FLOOR)
    values: FloatArray = ((q - p) * np.log(q / p)).sum(axis=1)
    return values


def chi_square_p(ref: FloatArray, cur: FloatArray) -> FloatArray:
    """p-values of the chi-square test that each row pair comes from one distribution."""
    table = np.stack([ref, cur], axis=1)  # (windows, 2, categories)
    col = table.sum(axis=1, keepdims=True)
    row = table.sum(axis=2, keepdims=True)
    expected = row * col / np.maximum(table.sum(axis=(1, 2), keepdims=True), 1.0)
    terms = np.where(expected > 0, (table - expected) ** 2 / np.maximum(expected, 1e-12), 0.0)
    stat = terms.sum(axis=(1, 2))
    dof = np.maximum((col[:, 0, :] > 0).sum(axis=1) - 1, 1)
    values: FloatArray = chi2.sf(stat, dof)
    return values
