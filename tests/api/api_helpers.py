"""What the API tests share: a pilot workspace (history, index, charter), ticket bodies, ids
in a chosen arm. Importable because pytest puts this folder on the path (rootdir conftest)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from ticketpilot.charter import charter_template
from ticketpilot.pilot.cohorts import CohortDesign
from ticketpilot.retrieval.service import build_index
from ticketpilot.runtime import Runtime
from ticketpilot.store.tickets import TicketRepository
from ticketpilot.tickets.model import Message, Role, Ticket

START = datetime(2026, 1, 5, 9, 0)
SALT = "api-tests"
TOPICS = {
    "shipping": (
        "Where is my order {order}? It has not arrived after ten days.",
        "Hi {name},\n\nSorry for the wait. Parcels can take up to 10 business days to arrive. "
        "I have asked the courier to trace order {order}.\n\nKind regards,\nNorthwind Support",
    ),
    "password": (
        "I cannot log in, the password reset e-mail never arrives. My address is {email}.",
        "Hello {name},\n\nPlease check your spam folder first. If the reset e-mail is not there, "
        "use the 'Forgot password' link again and wait 15 minutes.\n\nBest,\nNorthwind Support",
    ),
}
PEOPLE = [("Maria Lopez", "maria.lopez@example.com", "AB-10001"),
          ("John Carter", "j.carter@example.net", "AB-10002"),
          ("Aiko Tanaka", "aiko@example.org", "AB-10003")]  # fmt: skip


def pilot_charter(share: float = 0.5, embedder: str = "hashing") -> str:
    """The template charter with a fixed salt, ``share`` treated and ``share`` control, and a
    model-free embedder (fast, deterministic)."""
    text = charter_template()
    edits = {
        "cohort_share = 0.10": f"cohort_share = {share}",
        "# control_share = 0.10": f"control_share = {share}",
        'salt = "change-me"': f'salt = "{SALT}"',
        'embedder = "minilm-l6-int8-onnx"': f'embedder = "{embedder}"',
    }
    for old, new in edits.items():
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def past_tickets(count: int = 18) -> list[Ticket]:
    """Answered history for retrieval, other customers' details in it."""
    tickets = []
    for i in range(count):
        topic = list(TOPICS)[i % len(TOPICS)]
        name, email, order = PEOPLE[i % len(PEOPLE)]
        question, answer = TOPICS[topic]
        created = START + timedelta(days=i)
        values = {"name": name, "email": email, "order": order}
        tickets.append(Ticket(
            id=f"P{i:03d}", subject=topic.title(), body=question.format(**values),
            category=topic, created_at=created,
            messages=[Message(Role.CUSTOMER, question.format(**values), created_at=created),
                      Message(Role.AGENT, answer.format(**values),
                              created_at=created + timedelta(hours=2))],
        ))  # fmt: skip
    return tickets


def seed_history(runtime: Runtime, count: int = 18) -> None:
    """Store the history and build the index over it."""
    with runtime.engine.begin() as connection:
        TicketRepository(runtime.engine).write_batch(connection, past_tickets(count))
    build_index(runtime)


def ids_in(arm: str, count: int, share: float = 0.5, prefix: str = "N") -> list[str]:
    """``count`` ticket ids the pilot design puts in ``arm``."""
    design = CohortDesign(SALT, share, share)
    found, i = [], 0
    while len(found) < count:
        candidate = f"{prefix}-{i:04d}"
        if design.arm(candidate) == arm:
            found.append(candidate)
        i += 1
    return found


def ticket_body(ticket_id: str, topic: str = "shipping", **extra: Any) -> dict[str, Any]:
    """A webhook body for a new ticket about ``topic``."""
    question = TOPICS[topic][0].format(order="AB-20077", email="new.customer@example.com")
    return {"id": ticket_id, "subject": topic.title(), "body": question, "category": topic,
            "created_at": "2026-03-02T08:00:00Z", "source": "tests", **extra}  # fmt: skip


def bearer(token: str) -> dict[str, str]:
    """The Authorization header for ``token``."""
    return {"Authorization": f"Bearer {token}"}
