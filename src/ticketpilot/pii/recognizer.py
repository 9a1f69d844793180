"""The recognizer interface: what a built-in or a plugin implements to find one kind of PII.

A recognizer has a unique ``name``, the ``entity_type`` it reports, an optional
``ContextRule``, a cheap ``applies`` pre-filter and ``find``, which yields candidates with their
base score. The detector applies the context rule, the score threshold and overlap resolution,
so a recognizer only has to say what it saw.

Example, a plugin for employee numbers::

    class EmployeeIdRecognizer(RegexRecognizer):
        name = "employee_id"
        entity_type = "EMPLOYEE_ID"
        pattern = re.compile(r"\\bEMP-\\d{6}\\b")
        score = 0.9

    registry.add(EmployeeIdRecognizer())
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from typing import ClassVar

from ticketpilot.pii.context import ContextRule
from ticketpilot.pii.entities import RecognizerResult
from ticketpilot.pii.scan import TextScan


class Recognizer(ABC):
    """Finds candidate spans of one entity type in a text."""

    name: str = ""
    entity_type: str = ""
    context: ContextRule | None = None

    @property
    def entity_types(self) -> tuple[str, ...]:
        """Every entity type this recognizer may report (one for most recognizers)."""
        return (self.entity_type,)

    def applies(self, scan: TextScan) -> bool:
        """A cheap test: False when the text cannot contain a match, so ``find`` is skipped."""
        del scan
        return True

    @abstractmethod
    def find(self, scan: TextScan) -> Iterable[RecognizerResult]:
        """Candidates with their base score, before context, threshold and overlaps."""

    def result(self, start: int, end: int, score: float) -> RecognizerResult:
        """A result for this recognizer's entity type (as a plain ``str``)."""
        return RecognizerResult(str(self.entity_type), start, end, score, self.name)


class RegexRecognizer(Recognizer):
    """A recognizer made of one compiled pattern, a base score and an optional validator.

    ``validate`` receives the match and returns a score (or None to drop the candidate);
    by default every match scores ``score``. Pre-filters: ``min_digits`` in the whole text, or
    ``run_digits``, which also confines the search to the numeric runs of that many digits
    (see ``TextScan.runs``): the fast path for number-shaped entities.
    """

    pattern: ClassVar[re.Pattern[str]]
    score: float = 0.5
    min_digits: int = 0
    run_digits: int = 0
    group: int | str = 0

    def applies(self, scan: TextScan) -> bool:
        if self.run_digits:
            return any(run.digits >= self.run_digits for run in scan.runs)
        return self.min_digits == 0 or scan.digit_count >= self.min_digits

    def validate(self, match: re.Match[str]) -> float | None:
        """The score of a match, or None when it is not a real finding."""
        del match
        return self.score

    def matches(self, scan: TextScan) -> Iterator[re.Match[str]]:
        """Every match of ``pattern`` in the text, or around its numeric runs."""
        if not self.run_digits:
            yield from self.pattern.finditer(scan.text)
            return
        for pos, endpos in scan.windows(self.run_digits):
            yield from self.pattern.finditer(scan.text, pos, endpos)

    def find(self, scan: TextScan) -> Iterator[RecognizerResult]:
        for match in self.matches(scan):
            score = self.validate(match)
            if score is not None:
                yield self.result(match.start(self.group), match.end(self.group), score)


#: A named-entity model seen as a function: text -> (start, end, entity_type, score) spans.
NerModel = Callable[[str], Iterable[tuple[int, int, str, float]]]


class NerRecognizer(Recognizer):
    """The optional NER hook: wraps any model function as a registered recognizer.

    ticketpilot's engine needs no model; a workspace that has one (spaCy, a transformer, a
    remote service) registers it here and its spans take part in scoring and overlaps.
    """

    def __init__(
        self,
        model: NerModel,
        *,
        name: str = "ner",
        entity_types: Iterable[str] = ("PERSON", "LOCATION"),
        context: ContextRule | None = None,
    ) -> None:
        self._model = model
        self.name = name
        self._entity_types = tuple(entity_types)
        self.entity_type = self._entity_types[0]
        self.context = context

    @property
    def entity_types(self) -> tuple[str, ...]:
        return self._entity_types

    def find(self, scan: TextScan) -> Iterator[RecognizerResult]:
        wanted = set(self._entity_types)
        for start, end, entity_type, score in self._model(scan.text):
            if entity_type in wanted and 0 <= start < end <= len(scan.text):
                yield RecognizerResult(entity_type, start, end, score, self.name)
