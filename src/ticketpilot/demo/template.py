"""Message templates with slots, and a text builder that remembers where PII was planted.

A template is plain text with ``{slot}`` fields. Rendering appends literal text and slot values to a
:class:`TextBuilder`; a slot whose name is in :data:`PII_SLOTS` is recorded as a :class:`Span`
(entity type, start, end, text) at the exact offset it lands on, so the ground truth never has to
search for what it planted.

>>> b = TextBuilder()
>>> render(parse("Hi, my e-mail is {email}."), {"email": "ann@example.org"}, b)
>>> b.text(), b.spans[0].start, b.spans[0].entity_type
('Hi, my e-mail is ann@example.org.', 17, 'EMAIL_ADDRESS')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from string import Formatter

#: Slot name -> Presidio entity name: values in these slots are planted PII.
PII_SLOTS: Mapping[str, str] = {
    "name": "PERSON",
    "first": "PERSON",
    "agent": "PERSON",
    "agent_first": "PERSON",
    "email": "EMAIL_ADDRESS",
    "phone": "PHONE_NUMBER",
    "card": "CREDIT_CARD",
    "iban": "IBAN_CODE",
    "ip": "IP_ADDRESS",
    "address": "LOCATION",
    "ssn": "US_SSN",
    "order": "ORDER_ID",
    "booking": "ORDER_ID",
    "url": "URL",
}


@dataclass(frozen=True, slots=True)
class Span:
    """``text`` was planted as ``entity_type`` at ``[start, end)`` of one field's stored text."""

    entity_type: str
    start: int
    end: int
    text: str


#: A parsed template: (literal text, slot name or ``None``) pairs.
Template = tuple[tuple[str, str | None], ...]


@lru_cache(maxsize=4096)
def parse(template: str) -> Template:
    """Split a ``{slot}`` template into literal and slot parts (cached: templates are constants)."""
    parts: list[tuple[str, str | None]] = []
    for literal, field, _spec, _conv in Formatter().parse(template):
        parts.append((literal, field or None))
    return tuple(parts)


def slots(template: str) -> frozenset[str]:
    """The slot names a template uses."""
    return frozenset(field for _lit, field in parse(template) if field)


class TextBuilder:
    """Accumulates one field's text and the PII spans planted in it."""

    __slots__ = ("_length", "_parts", "spans")

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self.spans: list[Span] = []

    def __len__(self) -> int:
        return self._length

    def add(self, text: str) -> None:
        """Append literal text."""
        if text:
            self._parts.append(text)
            self._length += len(text)

    def plant(self, entity_type: str, value: str) -> None:
        """Append ``value`` and record it as planted ``entity_type``."""
        self.spans.append(Span(entity_type, self._length, self._length + len(value), value))
        self.add(value)

    def paragraph(self) -> None:
        """Start a new paragraph (a blank line), unless the text is empty."""
        if self._length:
            self.add("\n\n")

    def line(self) -> None:
        """Start a new line, unless the text is empty."""
        if self._length:
            self.add("\n")

    def text(self) -> str:
        """The text so far."""
        return "".join(self._parts)


def render(template: str, values: Mapping[str, str], builder: TextBuilder) -> None:
    """Append ``template`` with its slots filled from ``values``; PII slots are recorded."""
    for literal, field in parse(template):
        builder.add(literal)
        if field is None:
            continue
        value = values[field]
        entity = PII_SLOTS.get(field)
        if entity is None:
            builder.add(value)
        else:
            builder.plant(entity, value)


def render_text(template: str, values: Mapping[str, str]) -> tuple[str, list[Span]]:
    """A template rendered on its own: its text and the spans planted in it."""
    builder = TextBuilder()
    render(template, values, builder)
    return builder.text(), builder.spans
