"""What the access use cases return: stored tokens (never their secret) and who is calling."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ticketpilot.access.roles import Role, allows


@dataclass(frozen=True, slots=True)
class TokenRecord:
    """A stored token: its id, name, role, recognisable prefix and lifecycle times."""

    id: int
    name: str
    role: Role
    prefix: str
    created_at: datetime
    last_used_at: datetime | None = None
    revoked_at: datetime | None = None

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "role": self.role,
            "prefix": self.prefix,
            "created_at": self.created_at.isoformat(),
            "last_used_at": self.last_used_at.isoformat() if self.last_used_at else None,
            "revoked_at": self.revoked_at.isoformat() if self.revoked_at else None,
        }


@dataclass(frozen=True, slots=True)
class IssuedToken:
    """A token just created: ``token`` is its secret, shown this once and never stored."""

    token: str
    record: TokenRecord


@dataclass(frozen=True, slots=True)
class Principal:
    """Who a request acts for: the token's id, name and role."""

    token_id: int
    name: str
    role: Role

    def may(self, needed: Role) -> bool:
        """Whether this caller's role covers ``needed``."""
        return allows(self.role, needed)
