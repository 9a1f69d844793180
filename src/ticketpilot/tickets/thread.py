"""Conversations stored in one text column, split into messages.

The ASAPP/Twitter style marks turns as ``<cust__ ... __cust>`` and ``<rep__ ... __rep>`` with
placeholders such as ``__company__``; a plain column is taken as one customer message.
"""

from __future__ import annotations

import re

from ticketpilot.tickets.model import Message, Role

_TURN = re.compile(r"<(cust|rep)__(.*?)(?:__\1>|(?=<(?:cust|rep)__)|\Z)", re.DOTALL)
_PLACEHOLDER = re.compile(r"__(?:company|cust|initials|url|email|phone)__")
_ROLES = {"cust": Role.CUSTOMER, "rep": Role.AGENT}


def has_turn_markup(text: str) -> bool:
    return "<cust__" in text or "<rep__" in text


def split_turns(text: str, default_role: Role = Role.CUSTOMER) -> list[Message]:
    """Messages of a marked-up conversation; unmarked text is one message of ``default_role``."""
    if not has_turn_markup(text):
        body = text.strip()
        return [Message(role=default_role, body=body)] if body else []
    turns: list[Message] = []
    for match in _TURN.finditer(text):
        body = " ".join(_PLACEHOLDER.sub(" ", match.group(2)).split())
        if body:
            turns.append(Message(role=_ROLES[match.group(1)], body=body))
    return turns
