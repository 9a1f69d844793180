"""The drafting engine: retrieve -> prompt -> generate -> check -> draft or human fallback.

One engine serves ``ticketpilot draft``, the service and the replay. Everything sent to a
provider is PII-redacted: this ticket's values become numbered placeholders (restored in the
draft afterwards, and only those), past tickets' values become bare ``[TYPE]`` masks. Every
call ends in a :class:`DraftResult` - no provider error escapes - and is handed to the
recorder, which writes it to the database.

With a partition (``EngineSettings.partition``, the charter's ``[scope] partition``) retrieval
only ever searches the request's own scope (its brand, say); a request without a scope value
goes to a human (``no_scope``) or, with ``unscoped="all"``, searches everything and is flagged
``unscoped``.
"""

from __future__ import annotations

import dataclasses
import time
from collections import OrderedDict
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal

import numpy as np
import numpy.typing as npt

from ticketpilot.charter import Price
from ticketpilot.drafting.checks import (
    CheckOutcome,
    CriticalCategoryCheck,
    DraftChecks,
    DraftContext,
    PromptInjectionCheck,
    blocking,
    default_draft_checks,
)
from ticketpilot.drafting.guard import Admission, GenerationGuard
from ticketpilot.drafting.prompts import PromptTemplate, load_template
from ticketpilot.drafting.providers import Generation, GenerationRequest, Provider, ProviderError
from ticketpilot.drafting.resilience import close_provider
from ticketpilot.drafting.result import Citation, DraftResult
from ticketpilot.drafting.sources import Source, content_of, mask_past
from ticketpilot.drafting.tokens import cost
from ticketpilot.pii import Detector, Redactor, default_detector, restore
from ticketpilot.retrieval import Hit, SearchFilters

#: ``search(text, k, filters) -> hits``: the retrieval index, or anything that answers like it
Search = Callable[[str, int, SearchFilters | None], list[Hit]]
Recorder = Callable[[DraftResult], None]
_VECTOR_CACHE = 50_000
#: ``embed(texts) -> unit vectors``: the index's embedder, for the consensus of past replies
Embed = Callable[[list[str]], npt.NDArray[np.float32]]


@dataclass(frozen=True)
class DraftRequest:
    """A ticket to draft for. ``created_at`` set means only older history may be used (replay)."""

    text: str
    subject: str = ""
    ticket_id: str | None = None
    category: str | None = None
    created_at: datetime | None = None
    scope: str | None = None
    """The ticket's value of the partition field (its brand...): retrieval stays inside it."""


@dataclass(frozen=True)
class EngineSettings:
    """``k`` past tickets go into a prompt; ``candidates`` (at least ``k``) are retrieved for the
    consensus the extractive provider ranks replies by."""

    k: int = 5
    candidates: int = 20
    min_retrieval_score: float = 0.3
    critical_categories: frozenset[str] = frozenset()
    prices: dict[str, Price] = field(default_factory=dict)
    max_tokens: int = 400
    timeout_s: float | None = None
    partition: str | None = None
    """The field that partitions history (``None``: one history for every ticket)."""
    unscoped: Literal["human", "all"] = "human"
    """What a request without a scope value gets when ``partition`` is set."""


@dataclass
class _Run:
    """What one call has gathered so far (mutable while the call runs)."""

    request: DraftRequest
    started: float
    redactor: Redactor
    ticket: str = ""
    sources: list[Source] = field(default_factory=list)
    hits: list[Hit] = field(default_factory=list)
    top_score: float | None = None
    retrieval_s: float = 0.0
    generation: Generation | None = None
    generation_s: float = 0.0
    attempts: int = 0
    provider: str = ""
    model: str = ""
    guard_flags: tuple[str, ...] = ()
    unscoped: bool = False  # a partition is set, the request has no scope: searched everything


class DraftingEngine:
    """Drafts replies; see the module docstring for the flow."""

    def __init__(
        self,
        search: Search,
        provider: Provider,
        settings: EngineSettings | None = None,
        *,
        template: PromptTemplate | None = None,
        checks: DraftChecks | None = None,
        recorder: Recorder | None = None,
        clock: Callable[[], datetime] | None = None,
        embed: Embed | None = None,
        detector: Detector | None = None,
        guard: GenerationGuard | None = None,
    ) -> None:
        self.search = search
        self.detector = detector if detector is not None else default_detector()
        self.guard = guard
        self.embed = embed
        self._vectors: OrderedDict[str, npt.NDArray[np.float32]] = OrderedDict()
        self.provider = provider
        self.settings = settings or EngineSettings()
        self.template = template or load_template()
        self.checks = checks if checks is not None else default_draft_checks()
        self.recorder = recorder
        self._clock = clock or _utc_now
        self._critical = frozenset(c.casefold() for c in self.settings.critical_categories)
        self._injection = PromptInjectionCheck()

    def close(self) -> None:
        """Release the provider's connections (HTTP clients); the engine is done after this."""
        close_provider(self.provider)
        close_provider(self.guard)

    def __enter__(self) -> DraftingEngine:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def draft(self, request: DraftRequest, *, exclude: Collection[str] = ()) -> DraftResult:
        """Draft a reply to ``request``; past tickets in ``exclude`` are never used."""
        run = _Run(request, time.perf_counter(), Redactor(self.detector))
        result = self._draft(run, exclude)
        if self.recorder is not None:
            self.recorder(result)
        return result

    def _draft(self, run: _Run, exclude: Collection[str]) -> DraftResult:
        request = run.request
        if not (request.text.strip() or request.subject.strip()):
            return self._fallback(run, ["empty_ticket"])
        if request.category and request.category.casefold() in self._critical:
            outcome = CriticalCategoryCheck().run("", self._context(run, ""))
            return self._fallback(run, ["critical_category"], [outcome])
        injection = self._injection.run("", self._context(run, ""))
        if not injection.passed:
            return self._fallback(run, ["prompt_injection"], [injection])
        if self.settings.partition and request.scope is None:
            if self.settings.unscoped == "human":
                return self._fallback(run, ["no_scope"])
            run.unscoped = True
        redacted = run.redactor.redact_fields({"subject": request.subject, "text": request.text})
        run.ticket = "\n".join(v for v in redacted.values() if v.strip())
        self._retrieve(run, exclude)
        if not run.sources:
            return self._fallback(run, ["no_similar_tickets"])
        if run.top_score is not None and run.top_score < self.settings.min_retrieval_score:
            return self._fallback(run, ["low_retrieval_confidence"])
        prompt_sources = run.sources[: self.settings.k]
        messages = self.template.render(run.ticket, prompt_sources, request.category)
        generation_request = GenerationRequest(
            messages=messages, max_tokens=self.settings.max_tokens,
            timeout_s=self.settings.timeout_s, ticket=run.ticket, sources=tuple(run.sources),
        )  # fmt: skip
        # budget hook (cost.guard): admit before the call, settle after it, whatever happens
        admission = self._admit(run, generation_request)
        if admission is not None and admission.provider is None:
            return self._fallback(run, [admission.reason or "budget_exhausted"])
        provider = admission.provider if admission is not None else self.provider
        assert provider is not None
        started = time.perf_counter()
        try:
            run.generation = provider.generate(generation_request)
        except ProviderError as error:
            run.generation_s += time.perf_counter() - started
            run.attempts = error.attempts or 1
            run.provider, run.model = error.provider or provider.name, error.model
            return self._fallback(run, [error.fallback_reason])
        except Exception as error:  # a plugin's bug must not lose the ticket
            run.generation_s += time.perf_counter() - started
            return self._fallback(run, [f"provider_crashed: {type(error).__name__}"])
        finally:
            if admission is not None and self.guard is not None:
                self.guard.settle(admission, run.generation)
        run.generation_s += time.perf_counter() - started
        return self._checked(run)

    def _admit(self, run: _Run, request: GenerationRequest) -> Admission | None:
        """The guard's admission (None without a guard); its flag is recorded on the draft."""
        if self.guard is None:
            return None
        admission = self.guard.admit(request, self.provider)
        if admission.provider is not None and admission.reason:
            run.guard_flags = (admission.reason,)
        return admission

    def _retrieve(self, run: _Run, exclude: Collection[str]) -> None:
        request = run.request
        started = time.perf_counter()
        filters = request_filters(request)
        query = f"{request.subject}\n{request.text}".strip()
        wanted = max(self.settings.k, self.settings.candidates)
        hits = self.search(query, wanted + len(exclude), filters)
        hits = [h for h in hits if h.ticket_id not in exclude][:wanted]
        run.hits = hits
        run.sources = [
            Source(
                h.ticket_id, self._mask(h.text), self._mask(h.reply or ""), _score(h), h.category
            )
            for h in hits
        ]
        run.top_score = max((s.score for s in run.sources), default=None)
        run.retrieval_s = time.perf_counter() - started
        started = time.perf_counter()
        self._attach_vectors(run)
        run.generation_s += time.perf_counter() - started

    def _mask(self, text: str) -> str:
        return mask_past(text, self.detector)

    def _attach_vectors(self, run: _Run) -> None:
        """Give each source the embedding of its reply's content, masks and mentions left out
        (cached: the same past replies recur)."""
        if self.embed is None:
            return
        missing = list(dict.fromkeys(
            s.reply for s in run.sources if s.reply.strip() and s.reply not in self._vectors
        ))  # fmt: skip
        if missing:
            vectors = self.embed([content_of(text) for text in missing])
            for text, vector in zip(missing, vectors, strict=True):
                self._vectors[text] = vector
            while len(self._vectors) > _VECTOR_CACHE:
                self._vectors.popitem(last=False)
        run.sources = [
            dataclasses.replace(s, vector=self._vectors[s.reply]) if s.reply in self._vectors else s
            for s in run.sources
        ]

    def _checked(self, run: _Run) -> DraftResult:
        generation = run.generation
        assert generation is not None
        run.attempts = generation.attempts
        run.provider, run.model = generation.provider, generation.model
        text = restore(generation.text, run.redactor.mapping)
        context = self._context(run, self.template.system)
        outcomes = [check.run(text, context) for check in self.checks]
        blocked = blocking(outcomes)
        flags = tuple(o.check for o in outcomes if not o.passed and o.severity != "block")
        if blocked:
            return self._fallback(run, [o.check for o in blocked], outcomes, flags)
        return self._result(run, "draft", (), text, outcomes, flags)

    def _cited(self, run: _Run, used: Collection[str] = ()) -> list[Source]:
        """The prompt's ``k`` sources, plus any other candidate the provider drew on."""
        if run.generation is not None and not used:
            used = run.generation.cited
        k = self.settings.k
        return run.sources[:k] + [s for s in run.sources[k:] if s.ticket_id in used]

    def _context(self, run: _Run, system_prompt: str) -> DraftContext:
        request = run.request
        return DraftContext(
            ticket_text=request.text,
            ticket_subject=request.subject,
            retrieved=[t for s in self._cited(run) for t in (s.text, s.reply) if t],
            category=request.category.casefold() if request.category else None,
            critical_categories=self._critical,
            system_prompt=system_prompt,
            ticket_pii_values=set(run.redactor.mapping.values()),
        )

    def _fallback(
        self,
        run: _Run,
        reasons: list[str],
        outcomes: list[CheckOutcome] | None = None,
        flags: tuple[str, ...] = (),
    ) -> DraftResult:
        return self._result(run, "fallback", tuple(reasons), None, outcomes or [], flags)

    def _result(
        self,
        run: _Run,
        outcome: str,
        reasons: tuple[str, ...],
        text: str | None,
        outcomes: list[CheckOutcome],
        flags: tuple[str, ...],
    ) -> DraftResult:
        if run.unscoped:
            flags = (*flags, "unscoped")
        generation = run.generation
        used = set(generation.cited) if generation else set()
        price = self.settings.prices.get(run.model) if generation else None
        spent: float | None = 0.0
        if generation is not None and generation.billable:
            spent = (
                cost(generation.input_tokens, generation.output_tokens, price) if price else None
            )
        return DraftResult(
            ticket_id=run.request.ticket_id,
            outcome="draft" if outcome == "draft" else "fallback",
            reasons=reasons,
            text=text,
            redacted_text=generation.text if generation else None,
            citations=tuple(
                Citation(s.ticket_id, s.score, s.ticket_id in used) for s in run.sources
            ),
            checks=tuple(outcomes),
            provider=run.provider or self.provider.name,
            model=run.model or self.provider.model,
            prompt_version=self.template.version,
            input_tokens=generation.input_tokens if generation else 0,
            output_tokens=generation.output_tokens if generation else 0,
            cost=spent,
            latency_ms=(time.perf_counter() - run.started) * 1000,
            retrieval_ms=run.retrieval_s * 1000,
            generation_ms=run.generation_s * 1000,
            attempts=run.attempts,
            created_at=self._clock(),
            top_score=run.top_score,
            flags=(*flags, *run.guard_flags),
            hits=tuple(run.hits),
            scope=run.request.scope,
        )


def request_filters(request: DraftRequest) -> SearchFilters | None:
    """What retrieval may return for ``request``: its own scope, and (replay) older tickets."""
    if request.created_at is None and request.scope is None:
        return None
    return SearchFilters(created_to=request.created_at, scope=request.scope)


def _score(hit: Hit) -> float:
    """How well a past ticket matched: its cosine where known, else its fused score."""
    return float(hit.dense_score if hit.dense_score is not None else hit.score)


def _utc_now() -> datetime:
    """Naive UTC, the store's convention (the runtime passes its own clock)."""
    return datetime.now(UTC).replace(tzinfo=None)
