"""A pilot workspace for the service's tests (API, serve, e2e): history, index, a charter with
a fixed salt and half the tickets treated, half control; ticket bodies; ids in a chosen arm;
and ``ticketpilot serve`` run as a real process on a free loopback port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

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


def free_port() -> int:
    """A TCP port free on loopback right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(workspace: Path, *, workers: int = 1, env: dict[str, str] | None = None,
            log: Path | None = None, options: tuple[str, ...] = ()) -> Iterator[str]:  # fmt: skip
    """``ticketpilot serve`` (with ``options``) on a free loopback port as a child process,
    until ready; yields its base URL and stops it (SIGTERM, as an operator would) afterwards."""
    port = free_port()
    command = [sys.executable, "-c", "from ticketpilot.cli.app import main; main()", "serve",
               "--workspace", str(workspace), "--port", str(port), "--workers", str(workers),
               "--log-level", "warning", *options]  # fmt: skip
    output = open(log, "wb") if log else subprocess.DEVNULL  # noqa: SIM115 - closed below
    process = subprocess.Popen(command, env={**os.environ, **(env or {})}, stdout=output,
                               stderr=subprocess.STDOUT)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(base, process)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if log:
            output.close()  # type: ignore[union-attr]


def _wait_ready(base: str, process: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"ticketpilot serve exited with {process.returncode}")
        try:
            if httpx.get(f"{base}/readyz", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"ticketpilot serve at {base} not ready after {timeout:.0f} s")
