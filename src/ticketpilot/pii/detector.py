"""The detector: runs the registered recognizers over a text and returns resolved findings.

Per text: build one ``TextScan``; for each recognizer whose pre-filter passes, take its
candidates, apply its context rule, drop those under ``min_score``, those inside a link (a link
is one token: only the ``URL`` recognizer judges it) and those on the allow list; then resolve
overlaps (higher score wins, then the longer span, then the earlier start) so each character
belongs to at most one finding. Per ticket (``detect_fields``): a value found in one field is
also found where it recurs in the others.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ticketpilot.pii.entities import EntityType, RecognizerResult
from ticketpilot.pii.recognizer import Recognizer
from ticketpilot.pii.recognizers import default_recognizers
from ticketpilot.pii.registry import Recognizers
from ticketpilot.pii.scan import TextScan
from ticketpilot.pii.urls import url_spans

#: Findings scoring under this are dropped unless the caller asks otherwise.
DEFAULT_MIN_SCORE = 0.5


def _rank(result: RecognizerResult) -> tuple[float, int, int, str, str]:
    return (-result.score, result.start - result.end, result.start, result.entity_type,
            result.recognizer)  # fmt: skip


def resolve_overlaps(results: Iterable[RecognizerResult]) -> list[RecognizerResult]:
    """Non-overlapping results in text order; deterministic for equal scores."""
    kept: list[RecognizerResult] = []
    for result in sorted(results, key=_rank):
        if not any(result.start < k.end and k.start < result.end for k in kept):
            kept.append(result)
    kept.sort(key=lambda r: (r.start, r.end))
    return kept


class Detector:
    """Finds PII in text with the recognizers of a registry.

    ``allow_list`` holds values that are never findings, compared case-insensitively (as
    Presidio's ``allow_list``): the brand's own ``@handles``, its support address. Build one
    with :meth:`allowing`.

    Example::

        detector = Detector()
        for r in detector.detect("Call me on +44 20 7946 0958, Maria"):
            print(r.entity_type, r.start, r.end, r.score, r.recognizer)
        Detector().allowing(["@NorthwindHelp"]).detect("@NorthwindHelp thanks @jo_k")
        # [RecognizerResult('SOCIAL_HANDLE', 21, 27, ...)]: the brand's handle stays
    """

    def __init__(
        self,
        registry: Recognizers | None = None,
        *,
        entities: Iterable[str] | None = None,
        min_score: float = DEFAULT_MIN_SCORE,
        allow_list: Iterable[str] = (),
    ) -> None:
        self.registry = registry if registry is not None else default_recognizers()
        self.entities = frozenset(entities) if entities is not None else None
        self.min_score = min_score
        self.allow_list = frozenset(v.casefold() for v in allow_list)
        self._plans: dict[frozenset[str] | None, tuple[Recognizer, ...]] = {}
        self._plans_version = self.registry.version

    def allowing(self, values: Iterable[str]) -> Detector:
        """A detector like this one that also keeps ``values`` (e.g. the brand's handles)."""
        added = frozenset(v.casefold() for v in values)
        if added <= self.allow_list:
            return self
        return Detector(
            self.registry,
            entities=self.entities,
            min_score=self.min_score,
            allow_list=self.allow_list | added,
        )

    def recognizers_for(self, entities: frozenset[str] | None) -> tuple[Recognizer, ...]:
        """The recognizers that report any of ``entities`` (all for None); cached until the
        registry changes."""
        if self._plans_version != self.registry.version:
            self._plans.clear()
            self._plans_version = self.registry.version
        plan = self._plans.get(entities)
        if plan is None:
            plan = tuple(
                r
                for r in self.registry
                if entities is None or not entities.isdisjoint(r.entity_types)
            )
            self._plans[entities] = plan
        return plan

    def detect(
        self,
        text: str,
        *,
        entities: Iterable[str] | None = None,
        min_score: float | None = None,
    ) -> list[RecognizerResult]:
        """Findings in ``text``, in text order, none overlapping another."""
        if not text:
            return []
        wanted = frozenset(entities) if entities is not None else self.entities
        threshold = self.min_score if min_score is None else min_score
        scan = TextScan(text)
        found: list[RecognizerResult] = []
        for recognizer in self.recognizers_for(wanted):
            if not recognizer.applies(scan):
                continue
            rule = recognizer.context
            for result in recognizer.find(scan):
                if wanted is not None and result.entity_type not in wanted:
                    continue
                score = result.score
                if rule is not None:
                    score = rule.adjust(scan, result.start, result.end, score)
                if score >= threshold:
                    found.append(result if score == result.score else result.with_score(score))
        if found and (scan.urls or self.allow_list):
            found = [r for r in found if self._keeps(scan, r)]
        return resolve_overlaps(found) if len(found) > 1 else found

    def _keeps(self, scan: TextScan, result: RecognizerResult) -> bool:
        """False for a finding inside a link (other than the link itself) or an allowed value."""
        if result.entity_type != EntityType.URL and scan.in_url(result.start, result.end):
            return False
        return not self.allow_list or result.value(scan.text).casefold() not in self.allow_list

    def detect_fields(
        self,
        texts: Sequence[str],
        *,
        entities: Iterable[str] | None = None,
        min_score: float | None = None,
    ) -> list[list[RecognizerResult]]:
        """Findings for the texts of one ticket (subject, body, messages), one list per text.

        Each text is searched on its own; then a value found in one of them is also reported
        where it recurs in the others, even without the context that gave it away there: the
        subject "Address change for KJPS5K" when the body says "order KJPS5K". Repeats carry the
        type and score of the first finding and the recognizer name ``"repeat"``.
        """
        found = [self.detect(text, entities=entities, min_score=min_score) for text in texts]
        if len(texts) > 1:
            known: dict[str, RecognizerResult] = {}
            for text, results in zip(texts, found, strict=True):
                for result in results:
                    value = result.value(text)
                    if len(value) >= _MIN_REPEAT and value not in known:
                        known[value] = result
            if known:
                for i, text in enumerate(texts):
                    found[i] = _with_repeats(text, found[i], known)
        return found


#: Values shorter than this are not searched again in the other texts of a ticket.
_MIN_REPEAT = 3


def _with_repeats(
    text: str, results: list[RecognizerResult], known: dict[str, RecognizerResult]
) -> list[RecognizerResult]:
    """``results`` plus every whole-word occurrence of a ``known`` value they do not cover
    (outside links: a link is one token)."""
    extra: list[RecognizerResult] = []
    links = url_spans(text)
    for value, origin in known.items():
        at = text.find(value)
        while at != -1:
            end = at + len(value)
            if (
                not (at and _word_char(text[at - 1]))
                and not (end < len(text) and _word_char(text[end]))
                and not any(at < r.end and r.start < end for r in (*results, *extra))
                and not any(at < u_end and u_start < end for u_start, u_end in links)
            ):
                extra.append(RecognizerResult(origin.entity_type, at, end, origin.score, "repeat"))
            at = text.find(value, end)
    if not extra:
        return results
    return sorted((*results, *extra), key=lambda r: (r.start, r.end))


def _word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


_DEFAULT: Detector | None = None


def default_detector() -> Detector:
    """A shared detector over the built-in recognizers (created on first use)."""
    global _DEFAULT  # noqa: PLW0603 - a lazily built, read-only default
    if _DEFAULT is None:
        _DEFAULT = Detector()
    return _DEFAULT


def detect(
    text: str, *, entities: Iterable[str] | None = None, min_score: float = DEFAULT_MIN_SCORE
) -> list[RecognizerResult]:
    """Findings in ``text`` with the built-in recognizers; see ``Detector.detect``."""
    return default_detector().detect(text, entities=entities, min_score=min_score)
