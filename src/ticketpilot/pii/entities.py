"""Entity names and the result every recognizer returns.

Names follow Microsoft Presidio so that users can compare the two engines. Three differ:
postal addresses are reported as ``LOCATION`` (Presidio's name for places and addresses), and
``ORDER_ID`` and ``SOCIAL_HANDLE`` are ours (Presidio has no order or booking reference entity,
and no entity for ``@handles``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum


class EntityType(StrEnum):
    """The entity types the built-in recognizers report; plugins may add other strings."""

    EMAIL_ADDRESS = "EMAIL_ADDRESS"
    PHONE_NUMBER = "PHONE_NUMBER"
    CREDIT_CARD = "CREDIT_CARD"
    IBAN_CODE = "IBAN_CODE"
    IP_ADDRESS = "IP_ADDRESS"
    US_SSN = "US_SSN"
    URL = "URL"
    PERSON = "PERSON"
    LOCATION = "LOCATION"
    ORDER_ID = "ORDER_ID"
    SOCIAL_HANDLE = "SOCIAL_HANDLE"


#: Built-in types that Presidio also knows under the same name.
PRESIDIO_ENTITIES: frozenset[str] = frozenset(EntityType) - {
    EntityType.ORDER_ID,
    EntityType.SOCIAL_HANDLE,
}


@dataclass(frozen=True, slots=True)
class RecognizerResult:
    """One detected span: ``text[start:end]`` is an ``entity_type`` with confidence ``score``.

    ``recognizer`` names the recognizer that found it, so a surprising finding can be traced.
    """

    entity_type: str
    start: int
    end: int
    score: float
    recognizer: str

    def __len__(self) -> int:
        return self.end - self.start

    def value(self, text: str) -> str:
        """The matched substring of ``text`` (the text this result was found in)."""
        return text[self.start : self.end]

    def with_score(self, score: float) -> RecognizerResult:
        """A copy with ``score`` clamped to 0..1."""
        return replace(self, score=min(1.0, max(0.0, score)))

    def overlaps(self, other: RecognizerResult) -> bool:
        """True when the two spans share at least one character."""
        return self.start < other.end and other.start < self.end
