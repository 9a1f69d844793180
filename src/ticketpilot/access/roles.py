"""The roles a token carries, ranked: each role may do everything the roles below it may.

=======  ==========================================================================
role     may
=======  ==========================================================================
agent    read the queue and tickets, get drafts, send feedback events, use the pages
lead     all of that, ingest tickets (the helpdesk webhook), read the pilot metrics
admin    all of that, list, create and revoke tokens over the API
=======  ==========================================================================
"""

from __future__ import annotations

from typing import Literal, get_args

from ticketpilot.errors import AccessError

Role = Literal["agent", "lead", "admin"]
#: the roles from least to most privileged
ROLES: tuple[Role, ...] = get_args(Role)
_RANK = {role: rank for rank, role in enumerate(ROLES)}


def allows(held: Role, needed: Role) -> bool:
    """Whether a token with role ``held`` may do what needs ``needed``."""
    return _RANK[held] >= _RANK[needed]


def parse_role(text: str) -> Role:
    """``text`` as a role; an unknown one is an :class:`AccessError` listing the roles."""
    value = text.strip().lower()
    for role in ROLES:
        if role == value:
            return role
    raise AccessError(f"role {text!r} is not one of {', '.join(ROLES)}")
