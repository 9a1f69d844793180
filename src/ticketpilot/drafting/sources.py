"""Past tickets a draft is built from, with other customers' details masked out.

A past ticket's PII is replaced by its bare type in square brackets (``[EMAIL_ADDRESS]``), not by
a numbered placeholder: numbered placeholders (``<EMAIL_ADDRESS_1>``) belong to the ticket being
answered and are restored into its draft, so a past ticket's must never look like one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from ticketpilot.pii import Detector, mask_preview

#: ``[EMAIL_ADDRESS]``: another customer's detail, masked; a draft must never carry one.
PAST_MASK = re.compile(r"\[([A-Z][A-Z0-9_]{2,})\]")


@dataclass(frozen=True)
class Source:
    """One past ticket used for a draft: its (masked) text and reply, and how well it matched."""

    ticket_id: str
    text: str
    reply: str
    score: float
    category: str | None = None
    #: the reply's embedding (unit length) when the engine has an embedder, for consensus
    vector: npt.NDArray[np.float32] | None = field(default=None, compare=False, repr=False)


_MENTION = re.compile(r"(?<![\w@])@\w+")


def content_of(reply: str) -> str:
    """``reply`` without masks and @mentions: what a consensus of replies should compare, so
    that two replies are not alike for both greeting a ``[PERSON]``."""
    return " ".join(_MENTION.sub(" ", PAST_MASK.sub(" ", reply)).split())


def mask_past(text: str, detector: Detector | None = None) -> str:
    """``text`` with every PII finding replaced by ``[ENTITY_TYPE]``."""
    return mask_preview(text, style="type", detector=detector)
