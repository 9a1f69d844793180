"""The content hash is stored with every ticket: its value for a given ticket never changes."""

import hashlib
from dataclasses import replace
from datetime import datetime
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from ticketpilot.store.tables import tickets as tickets_table
from ticketpilot.store.tickets import content_hash
from ticketpilot.tickets.model import LATER_SCALARS, TICKET_SCALARS, Message, Role, Ticket


def _defining_hash(ticket: Ticket) -> str:
    """The digest as defined: BLAKE2b-128 of the repr of the stored fields.

    The first definition's scalars, the tags and the thread; then each later scalar (brand,
    queue, product) as a ``(name, value)`` pair, only when it is set, so a ticket without them
    keeps the digest it was stored with.
    """
    first = [name for name in TICKET_SCALARS if name not in LATER_SCALARS]
    parts: list[Any] = [getattr(ticket, name) for name in first]
    parts.append(ticket.tags)
    parts.extend((m.role, m.body, m.public, m.created_at, m.author_ref) for m in ticket.messages)
    parts.extend(
        (name, getattr(ticket, name)) for name in LATER_SCALARS if getattr(ticket, name) is not None
    )
    return hashlib.blake2b(repr(parts).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


_BASE = Ticket(
    id="T1",
    subject="Refund",
    body="Where is my refund?",
    category="billing",
    tags=("a",),
    created_at=datetime(2024, 1, 2),
    csat=4.0,
    messages=[Message(Role.CUSTOMER, "Where is my refund?"), Message(Role.AGENT, "Sent.")],
)


def test_digests_stored_by_earlier_versions_are_reproduced() -> None:
    odd = Ticket(
        id="T2",
        subject="Caf\u00e9 \udc9d",
        messages=[
            Message(
                Role.BOT,
                "x\n'\"",
                public=False,
                created_at=datetime(2024, 5, 6, 7, 8, 9, 10),
                author_ref="b",
            )
        ],
    )
    assert content_hash(_BASE) == "802de2de831fddf795e4aed5cb04296d"
    assert content_hash(odd) == "5a0819332913bac37509a1396ddfb117"


def test_scope_fields_change_the_digest_only_when_set() -> None:
    """Tickets stored before brand, queue and product existed keep their digests; a ticket
    that has one gets a digest of its own (so a re-import that adds a brand updates it)."""
    assert content_hash(replace(_BASE, brand=None, queue=None, product=None)) == (
        "802de2de831fddf795e4aed5cb04296d"
    )
    branded = replace(_BASE, brand="acme")
    assert content_hash(branded) != content_hash(_BASE)
    assert content_hash(branded) == _defining_hash(branded)
    assert content_hash(replace(_BASE, brand="")) != content_hash(_BASE)  # "" is a value


_text = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",)) | st.sampled_from("'\"\\\n\udc9d")
)
_maybe_text = st.none() | _text
_moment = st.none() | st.datetimes()
_role = st.sampled_from(list(Role)) | st.sampled_from(["agent", "customer"])
_message = st.builds(Message, _role, _text, st.booleans(), _moment, _maybe_text)
_ticket = st.builds(
    Ticket,
    id=_text,
    subject=_text,
    body=_text,
    channel=_maybe_text,
    category=_maybe_text,
    tags=st.lists(_text, max_size=3).map(tuple),
    priority=_maybe_text,
    language=_maybe_text,
    customer_ref=_maybe_text,
    created_at=_moment,
    first_response_at=_moment,
    resolved_at=_moment,
    status=_maybe_text,
    csat=st.none() | st.floats(allow_nan=False),
    messages=st.lists(_message, max_size=4),
    brand=_maybe_text,
    queue=_maybe_text,
    product=_maybe_text,
)


@given(_ticket)
def test_the_fast_hash_equals_its_definition(ticket: Ticket) -> None:
    assert content_hash(ticket) == _defining_hash(ticket)


def test_content_hash_covers_every_stored_field() -> None:
    base = _BASE
    digest = content_hash(base)
    assert content_hash(replace(base, messages=list(base.messages))) == digest
    changed = [
        replace(base, subject="Refund!"),
        replace(base, body="Where is it?"),
        replace(base, channel="email"),
        replace(base, category=None),
        replace(base, tags=("a", "b")),
        replace(base, priority="high"),
        replace(base, language="en"),
        replace(base, customer_ref="C9"),
        replace(base, created_at=datetime(2024, 1, 3)),
        replace(base, first_response_at=datetime(2024, 1, 3)),
        replace(base, resolved_at=datetime(2024, 1, 3)),
        replace(base, status="solved"),
        replace(base, csat=5.0),
        replace(base, brand="acme"),
        replace(base, queue="acme"),
        replace(base, product="acme"),
        replace(base, brand="globex"),
        replace(base, messages=base.messages[:1]),
        replace(base, messages=[base.messages[0], replace(base.messages[1], body="Sent!")]),
        replace(base, messages=[base.messages[0], replace(base.messages[1], role=Role.BOT)]),
        replace(base, messages=[base.messages[0], replace(base.messages[1], public=False)]),
        replace(base, messages=[base.messages[0], replace(base.messages[1], author_ref="a7")]),
        replace(
            base,
            messages=[base.messages[0], replace(base.messages[1], created_at=datetime(2024, 1, 4))],
        ),
        replace(base, messages=base.messages[::-1]),
    ]
    digests = [content_hash(t) for t in changed]
    assert digest not in digests
    assert len(set(digests)) == len(digests)


def test_the_tickets_table_has_one_column_per_scalar_in_model_order() -> None:
    columns = [c.name for c in tickets_table.columns]
    assert [c for c in columns if c in TICKET_SCALARS] == list(TICKET_SCALARS)
    assert set(columns) == {"id", *TICKET_SCALARS, "tags", "content_hash", "import_id", "source"}
