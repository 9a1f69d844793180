"""One row per held-out ticket and system: what each system gave, and whether it stayed in scope.

Pure: the replay service hands in the drafter's result, the retrieved tickets and the sample,
and gets :class:`~ticketpilot.replay.model.Attempted` rows back. The baselines are checked for
grounding and leaks against the same context the drafter had; with a partition they draw only
on the ticket's own scope, as the drafter does.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from ticketpilot.drafting.checks import DraftContext, GroundingCheck, LeakCheck
from ticketpilot.drafting.result import DraftResult
from ticketpilot.drafting.sources import mask_past
from ticketpilot.pii import Detector
from ticketpilot.replay.links import domains_in
from ticketpilot.replay.model import Attempted
from ticketpilot.replay.sample import PoolItem, ReplayCase, ReplaySample
from ticketpilot.retrieval import Hit

_CONTENT_CHECKS = ("grounding", "leak")


def review_context(
    case: ReplayCase, hits: Sequence[Hit], system_prompt: str, detector: Detector | None = None
) -> DraftContext:
    """What a baseline's text is checked against: the ticket and the retrieved tickets, masked
    with ``detector`` (the engine's, keeping the brand handles the index kept)."""
    retrieved = [mask_past(t, detector) for h in hits for t in (h.text, h.reply or "") if t]
    return DraftContext(ticket_text=case.text, ticket_subject=case.subject, retrieved=retrieved,
                        system_prompt=system_prompt)  # fmt: skip


def default_row(case: ReplayCase, result: DraftResult) -> Attempted:
    """The drafter's row: delivered when it drafted; produced whenever a provider wrote text."""
    failed = any(
        c.check in _CONTENT_CHECKS and not c.passed and c.severity == "block" for c in result.checks
    )
    row = Attempted("default", case.ticket_id, case.category, result.is_draft, result.text,
                    failed, result.latency_ms, result.reason)  # fmt: skip
    row.produced = result.redacted_text is not None
    if case.scope is not None and result.is_draft:
        cited = {c.ticket_id for c in result.citations}
        scopes = [h.scope for h in result.hits if h.ticket_id in cited]
        row.outside_sources = any(scope != case.scope for scope in scopes)
    return row


def baseline_row(
    system: str,
    case: ReplayCase,
    text: str | None,
    context: DraftContext,
    latency_ms: float,
    *,
    source_scope: str | None = None,
    reason: str = "no_reply_to_give",
) -> Attempted:
    """A baseline's row: its text (``None``: it had none to give, for ``reason``), checked."""
    if text is None:
        return Attempted(system, case.ticket_id, case.category, False, None, False, latency_ms,
                         reason)  # fmt: skip
    checks = (GroundingCheck().run(text, context), LeakCheck().run(text, context))
    failed = any(not c.passed and c.severity == "block" for c in checks)
    row = Attempted(system, case.ticket_id, case.category, True, text, failed, latency_ms)
    row.produced = True
    if case.scope is not None:
        row.outside_sources = source_scope != case.scope
    return row


def random_reply(
    rng: random.Random, pool: Sequence[PoolItem], case: ReplayCase, scoped: bool
) -> PoolItem | None:
    """A random other ticket's reply, created before this one, in its scope when ``scoped``."""
    older = [
        p for p in pool
        if (case.created_at is None or p[1] is None or p[1] < case.created_at)
        and (not scoped or p[3] == case.scope)
    ]  # fmt: skip
    return rng.choice(older) if older else None


def mark_links(row: Attempted, case: ReplayCase, drawn: ReplaySample) -> None:
    """Whether a delivered text names a domain its scope's replies (and the ticket) never did."""
    if not row.delivered or row.text is None or drawn.link_field is None or case.owner is None:
        return
    known = drawn.domains.get(case.owner, set()) | domains_in(f"{case.subject}\n{case.text}")
    row.outside_links = bool(domains_in(row.text) - known)
