"""Tokens over the API (admin): the same use cases as ``ticketpilot token``."""

from __future__ import annotations

from fastapi import APIRouter, status

from ticketpilot.access.service import create_token, list_tokens, revoke_token
from ticketpilot.api.deps import AdminUser, AgentUser, RuntimeDep
from ticketpilot.api.schemas import MePublic, TokenCreate, TokenIssued, TokenPublic

router = APIRouter(prefix="/api/v1", tags=["access"])


@router.get("/me")
def me(caller: AgentUser) -> MePublic:
    """Who this token (or page session) is: any role."""
    principal = caller.principal
    return MePublic(token_id=principal.token_id, name=principal.name, role=principal.role,
                    via=caller.via)  # fmt: skip


@router.get("/tokens")
def tokens(_: AdminUser, runtime: RuntimeDep, include_revoked: bool = False) -> list[TokenPublic]:
    """Every token (never a secret), oldest first."""
    return [TokenPublic.of(r) for r in list_tokens(runtime, include_revoked=include_revoked)]


@router.post("/tokens", status_code=status.HTTP_201_CREATED)
def create(body: TokenCreate, _: AdminUser, runtime: RuntimeDep) -> TokenIssued:
    """A new token; its secret is in this response only."""
    issued = create_token(runtime, role=body.role, name=body.name)
    return TokenIssued(token=issued.token, **TokenPublic.of(issued.record).model_dump())


@router.delete("/tokens/{token_id}")
def revoke(token_id: int, _: AdminUser, runtime: RuntimeDep) -> TokenPublic:
    """Revoke a token: its requests and page sessions are refused from now on."""
    return TokenPublic.of(revoke_token(runtime, str(token_id)))
