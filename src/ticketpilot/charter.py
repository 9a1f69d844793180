"""The program charter (SPEC S1): what the assistant is for, measured against what.

``ticketpilot.toml`` anchors the program to business value: categories in scope, the baseline,
the targets, data owners, pilot settings, critical categories, model and prices, the budget.
:func:`load_charter` validates it and turns every pydantic error into one line naming the key,
the bad value and what is allowed.
"""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from ticketpilot.errors import CharterError
from ticketpilot.tickets.model import SCOPE_FIELDS

Share = Annotated[float, Field(ge=0.0, le=1.0)]
Positive = Annotated[float, Field(gt=0.0)]
NonNegative = Annotated[float, Field(ge=0.0)]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Program(_Section):
    name: str = "Support reply assistant"
    currency: str = Field(default="USD", pattern=r"^[A-Z]{3}$")
    timezone: str = "UTC"


#: what users call the fields a scope may name -> the field (the hint a wrong value gets)
_PARTITION_SYNONYMS = {
    "company": "brand", "organization": "brand", "organisation": "brand", "account": "brand",
    "business_unit": "brand", "group": "queue", "team": "queue", "intent": "category",
    "type": "category", "topic": "category",
}  # fmt: skip


class Scope(_Section):
    """What the assistant serves, and the field that partitions history (``partition``)."""

    categories: list[str] = Field(default_factory=list)
    languages: list[str] = Field(default_factory=lambda: ["en"])
    channels: list[str] = Field(default_factory=list)
    partition: str | None = None
    """Ticket field whose value a draft, the replay and search never cross (one brand's
    history never answers another's customer); ``None``: one history for everything."""
    unscoped: Literal["human", "all"] = "human"
    """A ticket with no value for ``partition``: ``human`` (a fallback, reason ``no_scope``)
    or ``all`` (search every scope; the draft is flagged ``unscoped``)."""

    @field_validator("partition")
    @classmethod
    def _known_field(cls, value: str | None) -> str | None:
        if value is None or value in SCOPE_FIELDS:
            return value
        hint = _PARTITION_SYNONYMS.get(value.strip().lower())
        if hint:
            raise ValueError(
                f"not a ticket field; {value!r} is imported as {hint!r} "
                f'(--map {value}={hint}): write partition = "{hint}"'
            )
        raise ValueError(
            f"not a field history can be partitioned by; use one of {', '.join(SCOPE_FIELDS)}"
        )


class Baseline(_Section):
    """Declared figures; any left unset is computed from the imported history."""

    resolution_hours: Positive | None = None
    first_response_hours: Positive | None = None
    csat: Annotated[float, Field(ge=0.0, le=5.0)] | None = None
    monthly_volume: Annotated[int, Field(gt=0)] | None = None
    cost_per_agent_hour: Positive = 35.0
    handle_minutes_per_ticket: Positive = 12.0


class Targets(_Section):
    resolution_hours: Positive = 12.0
    csat_change_pct: Annotated[float, Field(ge=-100.0, le=100.0)] = 10.0
    handle_time_reduction_pct: Annotated[float, Field(ge=0.0, le=100.0)] = 25.0
    acceptance_rate: Share = 0.6
    hallucination_rate_max: Share = 0.03
    latency_p95_ms: Positive = 2000.0


class Pilot(_Section):
    cohort_share: Annotated[float, Field(gt=0.0, le=1.0)] = 0.10
    duration_days: Annotated[int, Field(ge=1, le=365)] = 28
    salt: str = Field(default="change-me", min_length=1)
    min_acceptance_rate: Share = 0.5
    max_hallucination_rate: Share = 0.03
    min_editing_time_reduction: Share = 0.2
    max_latency_p95_ms: Positive = 2000.0
    # the statistics of the pilot (docs/pilot.md): control size, error rates, peeking, runtime
    control_share: Annotated[float, Field(gt=0.0, le=1.0)] | None = None
    alpha: Annotated[float, Field(gt=0.0, le=0.2)] = 0.05
    power: Annotated[float, Field(ge=0.5, lt=1.0)] = 0.8
    sequential_tuning: Annotated[int, Field(ge=10, le=10_000_000)] = 5000
    min_days: Annotated[int, Field(ge=0, le=365)] = 7

    @model_validator(mode="after")
    def _cohorts_fit(self) -> Pilot:
        control = self.cohort_share if self.control_share is None else self.control_share
        if self.cohort_share + control > 1.0 + 1e-12:
            raise ValueError(
                f"cohort_share + control_share = {self.cohort_share + control:g} "
                "must not exceed 1 (the treatment and control cohorts cannot overlap)"
            )
        return self


class Critical(_Section):
    categories: list[str] = Field(default_factory=lambda: ["billing", "legal", "security"])


class Price(_Section):
    """Prices per 1,000 tokens, in the program currency."""

    input_per_1k: NonNegative
    output_per_1k: NonNegative
    cached_input_per_1k: NonNegative | None = None


class Model(_Section):
    provider: str = "extractive"
    name: str = "extractive"
    base_url: str | None = None
    api_key_env: str = "OPENAI_API_KEY"
    fallback: str | None = None
    timeout_s: Positive = 20.0
    max_retries: Annotated[int, Field(ge=0, le=10)] = 2
    prices: dict[str, Price] = Field(default_factory=dict)


class Budget(_Section):
    """The model budget and its guardrails (SPEC S6), and the rollout the forecast assumes.

    Spend is reserved before each paid call and settled after it, in the database (or Redis
    when ``redis_url`` is set): an alert at ``soft_limit_share``, the cheaper ``degrade_model``
    from ``degrade_limit_share``, a human from the hard limit, which nothing is spent past.
    """

    monthly: NonNegative = 5000.0
    soft_limit_share: Share = 0.8
    hard_limit_share: Annotated[float, Field(gt=0.0, le=2.0)] = 1.0
    period: Literal["month", "week", "day"] = "month"
    degrade_model: str | None = Field(default=None, min_length=1)
    degrade_limit_share: Annotated[float, Field(gt=0.0, le=2.0)] | None = None
    fail_open: bool = False
    webhook_url: str | None = Field(default=None, pattern=r"^https?://\S+$")
    redis_url: str | None = Field(default=None, pattern=r"^(rediss?|unix)://\S+$")
    growth: Annotated[float, Field(ge=-0.5, le=1.0)] | None = None
    rollout: list[Annotated[float, Field(gt=0.0, le=1.0)]] | None = Field(
        default=None, min_length=1, max_length=120
    )

    @model_validator(mode="after")
    def _soft_below_hard(self) -> Budget:
        if self.soft_limit_share > self.hard_limit_share:
            raise ValueError("soft_limit_share must not exceed hard_limit_share")
        degrade = self.degrade_limit_share
        if degrade is not None and not self.soft_limit_share <= degrade <= self.hard_limit_share:
            raise ValueError(
                f"degrade_limit_share ({degrade:g}) must lie between soft_limit_share "
                f"({self.soft_limit_share:g}) and hard_limit_share ({self.hard_limit_share:g})"
            )
        return self


class Audit(_Section):
    min_category_share: Share = 0.6
    min_usable_reply_share: Share = 0.7
    max_retrieval_p95_ms: Positive = 500.0
    min_score: Annotated[float, Field(ge=0.0, le=100.0)] = 70.0


class Retrieval(_Section):
    """How past tickets are found: the embedding model (fixed once an index is built)."""

    embedder: str = "minilm-l6-int8-onnx"
    k: Annotated[int, Field(ge=1, le=50)] = 5


class Drafting(_Section):
    """How drafts are made: the prompt template, and when retrieval is too weak to draft."""

    prompt_template: str = "reply-v1"
    min_retrieval_score: Annotated[float, Field(ge=-1.0, le=1.0)] = 0.3
    candidates: Annotated[int, Field(ge=1, le=200)] = 20
    max_tokens: Annotated[int, Field(ge=16, le=8192)] = 400


_NAME = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$"


class Variant(_Section):
    """One arm of an experiment: a prompt template, optionally another model, and its share."""

    name: str = Field(pattern=_NAME)
    prompt_template: str = Field(min_length=1)
    model: str | None = Field(default=None, min_length=1)
    """The provider's model name (``[model] provider`` stays); unset: ``[model] name``."""
    share: Annotated[float, Field(gt=0.0, le=1.0)] | None = None


class Experiment(_Section):
    """Prompt and model variants randomised within the pilot's treatment cohort (docs/pilot.md,
    "Experiments: prompt and model variants"); the first variant is the reference."""

    name: str = Field(pattern=_NAME)
    variants: list[Variant] = Field(min_length=2, max_length=8)

    @model_validator(mode="after")
    def _variants_fit(self) -> Experiment:
        names = [v.name for v in self.variants]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            raise ValueError(f"variant names must differ; used twice: {', '.join(twice)}")
        given = [v.share for v in self.variants if v.share is not None]
        if given and len(given) != len(self.variants):
            raise ValueError(
                "give every variant a share or none (no share: equal shares); "
                f"{len(given)} of {len(self.variants)} have one"
            )
        if given and abs(sum(given) - 1.0) > 1e-6:
            raise ValueError(f"variant shares must add up to 1; they add up to {sum(given):g}")
        return self

    @property
    def shares(self) -> dict[str, float]:
        """Each variant's share of the treatment cohort (equal unless given)."""
        n = len(self.variants)
        return {v.name: 1.0 / n if v.share is None else v.share for v in self.variants}


class Replay(_Section):
    """The shadow replay: how many held-out tickets, and what counts as an acceptable draft."""

    sample: Annotated[int, Field(ge=1)] = 300
    acceptance_threshold: Annotated[float, Field(gt=0.0, lt=1.0)] | None = None
    seed: int = 7


class Monitor(_Section):
    """Drift monitoring: the reference period, the drop to catch, how rare false alarms are."""

    reference_days: Annotated[int, Field(ge=7, le=365)] = 28
    min_drop: Annotated[float, Field(gt=0.0, le=0.5)] = 0.08
    false_alarm_days: Annotated[float, Field(ge=30.0)] = 7300.0
    quality_window_days: Annotated[int, Field(ge=1, le=365)] = 14


class Storage(_Section):
    database_url: str | None = None


class Importing(_Section):
    max_body_chars: Annotated[int, Field(ge=1_000)] = 1_000_000
    batch_size: Annotated[int, Field(ge=1, le=100_000)] = 5_000
    reader: Literal["auto", "process", "inline"] = "auto"


class Charter(_Section):
    """The whole charter; every section has defaults so a partial file is valid."""

    program: Program = Field(default_factory=Program)
    scope: Scope = Field(default_factory=Scope)
    baseline: Baseline = Field(default_factory=Baseline)
    targets: Targets = Field(default_factory=Targets)
    owners: dict[str, str] = Field(default_factory=dict)
    pilot: Pilot = Field(default_factory=Pilot)
    critical: Critical = Field(default_factory=Critical)
    model: Model = Field(default_factory=Model)
    budget: Budget = Field(default_factory=Budget)
    audit: Audit = Field(default_factory=Audit)
    retrieval: Retrieval = Field(default_factory=Retrieval)
    drafting: Drafting = Field(default_factory=Drafting)
    experiment: Experiment | None = None
    replay: Replay = Field(default_factory=Replay)
    monitor: Monitor = Field(default_factory=Monitor)
    storage: Storage = Field(default_factory=Storage)
    importing: Importing = Field(default_factory=Importing, alias="import")


def charter_template() -> str:
    """The commented charter that ``ticketpilot init`` writes."""
    return resources.files("ticketpilot").joinpath("templates/ticketpilot.toml").read_text("utf-8")


def parse_charter(text: str, source: str = "ticketpilot.toml") -> Charter:
    """Validate charter TOML text; raise :class:`CharterError` with one line per problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CharterError(f"{source}: not valid TOML: {exc}") from exc
    try:
        return Charter.model_validate(data)
    except ValidationError as exc:
        lines = [_describe(error) for error in exc.errors()]
        raise CharterError(
            f"{source} is invalid:\n" + "\n".join(f"  - {line}" for line in lines)
        ) from exc


def load_charter(path: Path) -> Charter:
    """Read and validate the charter file at ``path``."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise CharterError(f"cannot read {path}: {exc.strerror}") from exc
    return parse_charter(text, source=str(path))


def _describe(error: Any) -> str:
    key = ".".join(str(part) for part in error["loc"]) or "(top level)"
    value = error.get("input")
    message = str(error["msg"]).removeprefix("Value error, ")
    if error["type"] == "extra_forbidden":
        return (
            f"{key}: unknown key (value {value!r}); check the spelling against `ticketpilot init`"
        )
    if error["type"] == "missing":
        return f"{key}: required but missing"
    return f"{key} = {value!r}: {message}"
