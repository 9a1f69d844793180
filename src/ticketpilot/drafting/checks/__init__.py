"""Checks every draft goes through before an agent sees it (SPEC S4), pure and IO-free.

Each check reads the draft and a ``DraftContext`` and returns a ``CheckOutcome``; checks live in
a ``DraftChecks`` registry, built-ins registered the way a plugin would be. ``blocking`` picks the
outcomes that send the ticket to a human instead.

Example::

    from ticketpilot.drafting.checks import DraftContext, blocking, run_checks

    context = DraftContext(ticket_text="Where is order AB-12345?", ticket_subject="Late order")
    outcomes = run_checks("Your order AB-12345 ships on Monday.", context)
    blocking(outcomes)  # [] : the id is in the ticket
"""

from ticketpilot.drafting.checks.claims import Claim, context_keys, extract_claims, grounded
from ticketpilot.drafting.checks.critical import CriticalCategoryCheck
from ticketpilot.drafting.checks.grounding import GroundingCheck, policy_sentences
from ticketpilot.drafting.checks.injection import (
    DEFAULT_PATTERNS,
    InjectionPattern,
    InjectionScore,
    PromptInjectionCheck,
    score_injection,
)
from ticketpilot.drafting.checks.leak import LeakCheck, pii_values, shared_ngrams
from ticketpilot.drafting.checks.model import CheckOutcome, DraftContext, Severity, worst
from ticketpilot.drafting.checks.registry import (
    DraftCheck,
    DraftChecks,
    blocking,
    default_draft_checks,
    draft_check_registry,
    run_checks,
)
from ticketpilot.drafting.checks.tone import LengthCheck, ToneCheck, word_count

__all__ = [
    "DEFAULT_PATTERNS",
    "CheckOutcome",
    "Claim",
    "CriticalCategoryCheck",
    "DraftCheck",
    "DraftChecks",
    "DraftContext",
    "GroundingCheck",
    "InjectionPattern",
    "InjectionScore",
    "LeakCheck",
    "LengthCheck",
    "PromptInjectionCheck",
    "Severity",
    "ToneCheck",
    "blocking",
    "context_keys",
    "default_draft_checks",
    "draft_check_registry",
    "extract_claims",
    "grounded",
    "pii_values",
    "policy_sentences",
    "run_checks",
    "score_injection",
    "shared_ngrams",
    "word_count",
    "worst",
]
