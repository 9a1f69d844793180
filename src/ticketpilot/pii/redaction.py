"""Reversible redaction: PII replaced by numbered placeholders such as ``<EMAIL_ADDRESS_1>``.

A ``Redactor`` is one ticket's session: every field it redacts shares one mapping, so the same
value gets the same placeholder everywhere in the ticket and different values get ``_2``,
``_3``... ``restore`` puts originals back only for placeholders in that ticket's mapping.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ticketpilot.pii.detector import Detector, default_detector
from ticketpilot.pii.entities import EntityType, RecognizerResult

#: ``<ENTITY_TYPE_N>``: upper-case entity type, underscore, a number from 1.
PLACEHOLDER_PATTERN = re.compile(r"<([A-Z][A-Z0-9_]*?)_(\d+)>")
_SEPARATORS = str.maketrans("", "", " -.()/")
_COMPACT_TYPES = frozenset({EntityType.PHONE_NUMBER, EntityType.CREDIT_CARD,
                            EntityType.IBAN_CODE, EntityType.US_SSN})  # fmt: skip


def placeholder(entity_type: str, number: int) -> str:
    """The placeholder text for the ``number``-th distinct value of ``entity_type``."""
    return f"<{entity_type}_{number}>"


def normalize_value(entity_type: str, value: str) -> str:
    """The identity of a value: "4111 1111 1111 1111" and "4111111111111111" are one card."""
    if entity_type in _COMPACT_TYPES:
        return value.translate(_SEPARATORS).upper()
    if entity_type == EntityType.EMAIL_ADDRESS:
        return value.lower()
    return " ".join(value.split())


@dataclass(frozen=True)
class RedactionResult:
    """A redacted text, its placeholder -> original mapping, and the findings it replaced."""

    text: str
    mapping: dict[str, str]
    findings: tuple[RecognizerResult, ...] = field(default=())


class Redactor:
    """One ticket's redaction session: consistent placeholders across all its fields.

    Example::

        redactor = Redactor()
        subject = redactor.redact("Refund for maria@example.com")
        body = redactor.redact("Hi, maria@example.com here, card 4111 1111 1111 1111")
        # both say <EMAIL_ADDRESS_1>; redactor.mapping maps it back
    """

    def __init__(
        self,
        detector: Detector | None = None,
        *,
        entities: Iterable[str] | None = None,
        min_score: float | None = None,
    ) -> None:
        self._detector = detector if detector is not None else default_detector()
        self._entities = frozenset(entities) if entities is not None else None
        self._min_score = min_score
        self._by_value: dict[tuple[str, str], str] = {}
        self._mapping: dict[str, str] = {}
        self._counts: dict[str, int] = {}
        self.findings: list[RecognizerResult] = []

    @property
    def mapping(self) -> dict[str, str]:
        """Placeholder -> original value for everything redacted so far (a copy)."""
        return dict(self._mapping)

    def placeholder_for(self, entity_type: str, value: str) -> str:
        """The placeholder of ``value``, allocating the next number for a new value."""
        key = (entity_type, normalize_value(entity_type, value))
        existing = self._by_value.get(key)
        if existing is not None:
            return existing
        number = self._counts.get(entity_type, 0) + 1
        self._counts[entity_type] = number
        token = placeholder(entity_type, number)
        self._by_value[key] = token
        self._mapping[token] = value
        return token

    def redact(self, text: str) -> str:
        """``text`` with every finding replaced by its placeholder."""
        results = self._detector.detect(text, entities=self._entities, min_score=self._min_score)
        return self._replace(text, results)

    def redact_fields(self, fields: Mapping[str, str]) -> dict[str, str]:
        """Each field of one ticket redacted in this session, keys kept in their order.

        The fields are searched together (``Detector.detect_fields``): a value found in one
        field is redacted wherever it recurs in the others.
        """
        texts = list(fields.values())
        found = self._detector.detect_fields(
            texts, entities=self._entities, min_score=self._min_score
        )
        return {
            name: self._replace(text, results)
            for name, text, results in zip(fields, texts, found, strict=True)
        }

    def _replace(self, text: str, results: list[RecognizerResult]) -> str:
        if not results:
            return text
        self.findings.extend(results)
        pieces: list[str] = []
        cursor = 0
        for result in results:
            pieces.append(text[cursor : result.start])
            pieces.append(self.placeholder_for(result.entity_type, result.value(text)))
            cursor = result.end
        pieces.append(text[cursor:])
        return "".join(pieces)


def redact(
    text: str,
    *,
    detector: Detector | None = None,
    entities: Iterable[str] | None = None,
    min_score: float | None = None,
) -> RedactionResult:
    """Redact one text on its own (a one-field ticket); see ``Redactor`` for several fields."""
    redactor = Redactor(detector, entities=entities, min_score=min_score)
    redacted = redactor.redact(text)
    return RedactionResult(redacted, redactor.mapping, tuple(redactor.findings))


def restore(text: str, mapping: Mapping[str, str]) -> str:
    """``text`` with each placeholder found in ``mapping`` replaced by its original.

    Placeholders that are not in ``mapping`` (another ticket's, or invented by a model) stay as
    they are.
    """
    if "<" not in text:
        return text
    return PLACEHOLDER_PATTERN.sub(lambda m: mapping.get(m.group(), m.group()), text)
