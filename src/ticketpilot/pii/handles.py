"""The brand's own ``@handles``, learned from the agents' side of the history.

A customer's ``@handle`` is personal data; the brand's (``@NorthwindAir``, ``@AcmeHelp``) is
not, and masking it makes reports and drafts worse for nothing. Support history says which is
which: the brand's handles are the ones that **author** agent messages (a Twitter export's
``author_id`` of the replies), the ones agents **sign** with ("... -@AcmeHelp"), and the ones
agents **point** customers to in the body of replies to several customers ("DM @AcmeBilling").
A customer's handle opens the agent's reply to them ("@jo_k sorry to hear that"), so that
position never counts, and a handle that ever authors a customer message or is a ticket's
customer reference is never a brand's.

Services that read the whole history learn them in the same pass and hand them to the detector
(:meth:`ticketpilot.pii.Detector.allowing`)::

    handles = learn_brand_handles(tickets)
    detector = Detector().allowing(handles)
    mask_preview("@NorthwindAir lost my bag, I'm @jo_k", detector=detector)
    # "@NorthwindAir lost my bag, I'm @j***"
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from ticketpilot.pii.recognizers.handle import HANDLE_PATTERN, is_handle
from ticketpilot.tickets.model import Role, Ticket

#: Agents' messages of this many different tickets must name a handle before it counts.
MIN_TICKETS = 3
_AUTHOR = re.compile(r"@?(?=\w*[A-Za-z])\w{1,30}")
# "... -@AcmeHelp", "^ @AcmeHelp", "Team @AcmeHelp" ending the message.
_SIGNED = re.compile(
    r"(?:[\^~*–—-][ \t]*|\bteam[ \t]+)(?P<handle>@\w{1,30})[ \t.!]*\Z", re.IGNORECASE
)
_LEADING = re.compile(r"\s*(?:@\w{1,30}[\s,:]*)+")


def normalize_handle(value: str) -> str:
    """``"@AcmeHelp"``, ``"AcmeHelp"`` -> ``"@acmehelp"`` (handles are case-insensitive)."""
    return "@" + value.strip().lstrip("@").casefold()


class BrandHandleLearner:
    """Accumulates evidence ticket by ticket; :attr:`handles` is the answer so far.

    Feed it the tickets a service streams anyway (``learner.add(ticket)``), so learning costs
    no extra pass over the store.
    """

    def __init__(self, min_tickets: int = MIN_TICKETS) -> None:
        self.min_tickets = min_tickets
        self._brand: set[str] = set()
        self._customers: set[str] = set()
        self._pointed: defaultdict[str, set[str]] = defaultdict(set)

    def add(self, ticket: Ticket) -> None:
        """Learn from one ticket's thread."""
        if ticket.customer_ref and is_handle("@" + ticket.customer_ref.lstrip("@")):
            self._customers.add(normalize_handle(ticket.customer_ref))
        for message in ticket.messages:
            author = (message.author_ref or "").strip()
            if message.role is Role.CUSTOMER:
                if _AUTHOR.fullmatch(author):
                    self._customers.add(normalize_handle(author))
                continue
            if _AUTHOR.fullmatch(author):
                self._brand.add(normalize_handle(author))
            self._read_agent_text(ticket.id, message.body)

    def _read_agent_text(self, ticket_id: str, body: str) -> None:
        if "@" not in body:
            return
        signed = _SIGNED.search(body)
        if signed is not None:
            self._brand.add(normalize_handle(signed.group("handle")))
        opening = _LEADING.match(body)
        start = opening.end() if opening else 0
        for match in HANDLE_PATTERN.finditer(body, start):
            if is_handle(match.group()):
                self._pointed[normalize_handle(match.group())].add(ticket_id)

    @property
    def handles(self) -> frozenset[str]:
        """The brand's handles, lower-case with their "@"."""
        pointed = {h for h, tickets in self._pointed.items() if len(tickets) >= self.min_tickets}
        return frozenset((self._brand | pointed) - self._customers)


def learn_brand_handles(
    tickets: Iterable[Ticket], *, min_tickets: int = MIN_TICKETS
) -> frozenset[str]:
    """The brand's own ``@handles`` in ``tickets`` (see the module docstring for the rules)."""
    learner = BrandHandleLearner(min_tickets)
    for ticket in tickets:
        learner.add(ticket)
    return learner.handles
