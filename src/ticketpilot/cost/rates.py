"""The rates a forecast multiplies by, measured from the draft log (each with its n and source).

* ``reach``: share of drafting calls that reached a model (the rest went to a human first:
  critical category, injection, weak retrieval), over all calls;
* ``retry_rate``: extra attempts per paid request (counted as billed: an upper bound, since
  providers bill a failed call only when it had generated);
* ``fallback_share``: share of paid requests the fallback model served;
* ``requests_per_ticket``: live calls per drafted ticket (agents asking again).

Where nothing was measured the rate takes its neutral value and says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ticketpilot.cost.usage import DraftUsage


@dataclass(frozen=True, slots=True)
class Rate:
    value: float
    n: int
    source: str


@dataclass(frozen=True, slots=True)
class Rates:
    reach: Rate
    retry_rate: Rate
    fallback_share: Rate
    requests_per_ticket: Rate


def measure_rates(rows: Sequence[DraftUsage], fallback_model: str | None) -> Rates:
    """The four rates from ``rows``; ``fallback_model`` is the charter's ``[model] fallback``."""
    reached = sum(r.is_request for r in rows)
    reach = (
        Rate(reached / len(rows), len(rows), f"{reached:,} of {len(rows):,} drafting calls")
        if rows
        else Rate(1.0, 0, "no drafting call recorded: every rollout ticket assumed drafted")
    )
    paid = [r for r in rows if r.is_request and r.paid]
    if paid:
        extra = sum(max(r.attempts - 1, 0) for r in paid)
        retry = Rate(
            extra / len(paid),
            len(paid),
            f"{extra:,} extra attempts over {len(paid):,} "
            "paid requests, each counted as billed (an upper bound)",
        )
        served = sum(1 for r in paid if fallback_model and r.model == fallback_model)
        fallback = Rate(
            served / len(paid),
            len(paid),
            f"{served:,} of {len(paid):,} paid requests served by {fallback_model}"
            if fallback_model
            else "no fallback model in [model]",
        )
    else:
        retry = Rate(0.0, 0, "no paid request recorded: no retries assumed")
        fallback = Rate(0.0, 0, "no paid request recorded: the fallback model assumed unused")
    live = [r for r in rows if r.is_request and not r.replay and r.ticket_id is not None]
    tickets = len({r.ticket_id for r in live})
    per_ticket = (
        Rate(len(live) / tickets, tickets, f"{len(live):,} live requests over {tickets:,} tickets")
        if tickets
        else Rate(1.0, 0, "no live drafts of stored tickets: one request per ticket assumed")
    )
    return Rates(reach, retry, fallback, per_ticket)
