"""The HTTP service's request and response bodies: a ``...Create`` model for what a client
sends, a ``...Public`` model for what it gets back (never a secret, never another customer's
PII). Field descriptions land in the OpenAPI schema (``docs/openapi.json``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from ticketpilot.access import Role, TokenRecord

#: ids and keys: 1 to 255 characters, none of them a control character
ID_PATTERN = r"^[^\x00-\x1f\x7f]{1,255}$"


def no_nul(value: str) -> str:
    """Refuse NUL characters (PostgreSQL cannot store them in text; no ticket needs one)."""
    if "\x00" in value:
        raise ValueError("must not contain NUL (\\x00) characters")
    return value


NoNul = AfterValidator(no_nul)
Text = Annotated[str, Field(max_length=100_000), NoNul]
Short = Annotated[str, Field(max_length=255), NoNul]
Id = Annotated[str, Field(min_length=1, max_length=255, pattern=ID_PATTERN)]


class _Create(BaseModel):
    """A request body: unknown fields are refused with their name, not ignored."""

    model_config = ConfigDict(extra="forbid")


class ErrorPublic(BaseModel):
    """Every 4xx/5xx body: a readable reason, and per-field errors for bad input."""

    detail: str
    errors: list[dict[str, str]] | None = None


class Health(BaseModel):
    status: Literal["ok"] = "ok"
    version: str


class ProbePublic(BaseModel):
    name: str
    ok: bool
    detail: str


class ReadyPublic(BaseModel):
    ready: bool
    reason: str = Field(description="The failing probes in one line; empty when ready.")
    probes: list[ProbePublic]


class MePublic(BaseModel):
    token_id: int
    name: str
    role: Role
    via: Literal["bearer", "session"]


class TokenCreate(_Create):
    role: Role
    name: Annotated[
        str, Field(min_length=1, max_length=128, description="Who or what uses it."), NoNul
    ]


class TokenPublic(BaseModel):
    id: int
    name: str
    role: Role
    prefix: str = Field(description="The token's first characters, to recognise it by.")
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None

    @classmethod
    def of(cls, record: TokenRecord) -> TokenPublic:
        return cls(id=record.id, name=record.name, role=record.role, prefix=record.prefix,
                   created_at=record.created_at, last_used_at=record.last_used_at,
                   revoked_at=record.revoked_at)  # fmt: skip


class TokenIssued(TokenPublic):
    token: str = Field(description="The secret, shown this once: only its SHA-256 is stored.")


# --- tickets (the helpdesk webhook) ---------------------------------------------------------

Sender = Literal["customer", "agent", "bot"]
Hours = Annotated[float, Field(ge=0, allow_inf_nan=False)]
Seconds = Annotated[float, Field(ge=0, allow_inf_nan=False, description="First view -> send.")]


class MessageCreate(_Create):
    role: Sender
    body: Text
    public: bool = True
    created_at: datetime | None = None
    author_ref: Short | None = None


class TicketCreate(_Create):
    """A ticket as the helpdesk sends it; ``id`` is the helpdesk's id, which makes ingest
    idempotent (the same ticket again changes nothing; a changed one is updated)."""

    id: Id
    subject: Text = ""
    body: Text = Field("", description="The customer's message (else the first customer "
                                       "message of the thread).")  # fmt: skip
    channel: Short | None = None
    category: Short | None = None
    tags: list[Short] = Field(default_factory=list, max_length=100)
    priority: Short | None = None
    language: Annotated[str, Field(max_length=16), NoNul] | None = None
    customer_ref: Short | None = None
    created_at: datetime | None = Field(None, description="ISO 8601; without a zone it is UTC.")
    status: Short | None = None
    brand: Short | None = None
    queue: Short | None = None
    product: Short | None = None
    messages: list[MessageCreate] = Field(default_factory=list, max_length=500)
    source: Annotated[str, Field(min_length=1, max_length=64, pattern=ID_PATTERN)] = Field(
        "api", description="Which helpdesk or integration sent it (kept with the assignment)."
    )


class TicketIngested(BaseModel):
    ticket_id: str
    arm: Literal["treatment", "control", "outside"] = Field(
        description="treatment: drafts are shown; control: no draft; outside: not in the pilot."
    )
    new: bool = Field(description="This call assigned the ticket (false: assigned before).")
    ticket: Literal["inserted", "updated", "unchanged"]
    design_changed: bool = Field(
        description="Assigned earlier under another cohort design; its arm is kept."
    )


class QueueItemPublic(BaseModel):
    ticket_id: str
    arm: str
    subject: str
    category: str | None
    created_at: datetime | None
    age_hours: float
    has_draft: bool
    first_view_at: datetime | None
    viewer: str | None


class CitationPublic(BaseModel):
    ticket_id: str
    score: float = Field(description="Cosine similarity of the past ticket to this one.")
    used: bool = Field(description="The provider says it took text from this past ticket.")
    url: str = Field(description="The past ticket as agents may see it (PII masked).")


class CheckPublic(BaseModel):
    check: str
    passed: bool
    severity: str
    reason: str


class DraftPublic(BaseModel):
    """What an agent opening a pilot ticket gets: the draft or why there is none."""

    ticket_id: str
    arm: str
    outcome: Literal["draft", "fallback", "control"] = Field(
        description="draft: shown; fallback: withheld, a human answers (reasons); control: "
        "a control ticket gets no draft."
    )
    text: str | None = Field(description="The draft, this ticket's own PII restored.")
    reasons: list[str]
    warnings: list[CheckPublic] = Field(description="Failed checks the agent should read.")
    citations: list[CitationPublic]
    prompt_version: str | None
    latency_ms: float | None
    first_view_at: datetime | None = Field(description="When handling time started (UTC).")
    first_view: bool
    reused: bool = Field(description="The stored draft of an earlier view: no new call.")
    variant: str | None = Field(
        None, description="The charter's [experiment] variant that drafted it (None: none runs)."
    )


# --- feedback events ------------------------------------------------------------------------


class _EventCreate(_Create):
    ticket_id: Id
    at: datetime | None = Field(None, description="When it happened (default: now); no zone "
                                                  "means UTC.")  # fmt: skip
    key: Id | None = Field(
        None, description="Idempotency key, if not sent as the Idempotency-Key header."
    )


class AcceptedCreate(_EventCreate):
    """The draft was sent unchanged."""

    kind: Literal["accepted"]
    seconds: Seconds | None = None


class EditedCreate(_EventCreate):
    """The draft was edited, then sent: give both texts (the distance is computed here), or
    the distance and both lengths."""

    kind: Literal["edited"]
    seconds: Seconds | None = None
    draft_text: Text | None = None
    sent_text: Text | None = None
    distance: Annotated[int, Field(ge=0)] | None = None
    draft_chars: Annotated[int, Field(ge=0)] | None = None
    sent_chars: Annotated[int, Field(ge=0)] | None = None


class RejectedCreate(_EventCreate):
    """The draft was discarded; the agent wrote the reply."""

    kind: Literal["rejected"]
    seconds: Seconds | None = None


class HandledCreate(_EventCreate):
    """Replied without a draft (a control ticket, or the draft was withheld)."""

    kind: Literal["handled"]
    seconds: Seconds | None = None


class FlaggedCreate(_EventCreate):
    """A hallucination in the draft, by severity, with the agent's note."""

    kind: Literal["flagged"]
    severity: Literal["minor", "major", "critical"]
    note: Annotated[str, Field(max_length=2000), NoNul] | None = None


class ResolvedCreate(_EventCreate):
    """The ticket was resolved (sets its resolution time unless a later one is stored)."""

    kind: Literal["resolved"]
    hours: Hours | None = Field(None, description="Created -> resolved (default: computed).")


class RatedCreate(_EventCreate):
    """The customer's satisfaction score (sets the ticket's CSAT unless a later one is stored)."""

    kind: Literal["rated"]
    score: Annotated[float, Field(allow_inf_nan=False)]


EventCreate = Annotated[
    AcceptedCreate | EditedCreate | RejectedCreate | HandledCreate | FlaggedCreate
    | ResolvedCreate | RatedCreate,
    Field(discriminator="kind"),
]  # fmt: skip


class EventRecorded(BaseModel):
    key: str
    outcome: Literal["stored", "duplicate", "outside"] = Field(
        description="stored: counted now; duplicate: this key was stored before, nothing "
        "changed; outside: the ticket is in neither cohort (a resolution or rating updated it)."
    )
    event: dict[str, object] = Field(description="The event as stored, with the service's "
                                                 "fill-ins (seconds, hours).")  # fmt: skip
