"""Access to the service: bearer tokens with roles, signed session cookies, CSRF tokens.

A pure core and its use cases, independent of the HTTP adapter (the CLI's ``ticketpilot token``
and the API's dependencies both call :mod:`ticketpilot.access.service`):

roles.py     the roles ``agent < lead < admin`` and what each may do
tokens.py    high-entropy tokens, stored only as SHA-256 hashes, compared in constant time
model.py     :class:`TokenRecord` (a stored token, never its secret), :class:`IssuedToken`
             (shown once), :class:`Principal` (who is calling)
sessions.py  the page session cookie (HMAC-signed) and its CSRF token
service.py   create, list, revoke, authenticate; the service's signing secret
"""

from ticketpilot.access.model import IssuedToken, Principal, TokenRecord
from ticketpilot.access.roles import ROLES, Role, allows, parse_role

__all__ = ["ROLES", "IssuedToken", "Principal", "Role", "TokenRecord", "allows", "parse_role"]
