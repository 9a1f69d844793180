"""The HTTP service's request and response bodies: a ``...Create`` model for what a client
sends, a ``...Public`` model for what it gets back (never a secret, never another customer's
PII). Field descriptions land in the OpenAPI schema (``docs/openapi.json``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from ticketpilot.access import Role, TokenRecord

Text = Annotated[str, Field(max_length=100_000)]
Short = Annotated[str, Field(max_length=255)]


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
    name: Annotated[str, Field(min_length=1, max_length=128, description="Who or what uses it.")]


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
