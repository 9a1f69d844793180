"""The pilot service on SQLite and PostgreSQL: ingest, feedback events, idempotency, arms.

Every test builds a workspace with the default charter (10% treated, 10% control) over its own
database, ingests tickets through :func:`ingest_ticket` and reports events through
:func:`record_event` / :func:`record_events`, the path the HTTP service takes.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, func, select

from ticketpilot.charter import charter_template
from ticketpilot.desk.service import queue
from ticketpilot.errors import EventConflictError, UnknownPilotTicketError, WrongArmError
from ticketpilot.pilot import (
    Accepted,
    Assigned,
    Edited,
    Flagged,
    Handled,
    PilotEvent,
    Rated,
    Resolved,
    Shown,
    edited,
    pilot_metrics,
)
from ticketpilot.pilot.service import (
    cohort_design,
    ingest_ticket,
    ingest_tickets,
    pilot_report,
    pilot_settings,
    record_event,
    record_events,
)
from ticketpilot.runtime import Runtime, build_runtime
from ticketpilot.store.pilot_tickets import PilotTickets
from ticketpilot.store.tables import metadata, pilot_events, pilot_tickets, tickets
from ticketpilot.tickets.model import Message, Role, Ticket
from ticketpilot.workspace import create_workspace

T0 = datetime(2026, 3, 2, 9, 0)
Build = Callable[..., Runtime]


@pytest.fixture
def build(db_url: str, tmp_path: Path) -> Iterator[Build]:
    """Runtimes over one workspace and database; ``charter`` edits replace text in the charter."""
    ws = create_workspace(tmp_path / "ws", charter_template()).root
    opened: list[Runtime] = []

    def make(**charter: str) -> Runtime:
        text = charter_template()
        for old, new in charter.items():
            text = text.replace(old, new)
        (ws / "ticketpilot.toml").write_text(text, encoding="utf-8")
        runtime = build_runtime(ws, environ={"TICKETPILOT_DATABASE_URL": db_url})
        runtime.clock = lambda: T0
        opened.append(runtime)
        return runtime

    yield make
    for runtime in opened:
        runtime.close()


@pytest.fixture
def runtime(build: Build) -> Runtime:
    return build()


def ticket(i: int, body: str = "My parcel never arrived.", category: str = "shipping") -> Ticket:
    return Ticket(id=f"HD-{i}", subject=f"Order {i}", body=body, category=category,
                  created_at=T0 - timedelta(hours=2),
                  messages=[Message(Role.CUSTOMER, body, created_at=T0 - timedelta(hours=2))])  # fmt: skip


def ingest(runtime: Runtime, n: int, start: int = 0) -> dict[str, str]:
    batch = [ticket(i) for i in range(start, start + n)]
    return {r.ticket_id: r.arm for r in ingest_tickets(runtime, batch, source="zendesk")}


def of_arm(arms: dict[str, str], arm: str) -> list[str]:
    return [tid for tid, a in arms.items() if a == arm]


def stored_events(runtime: Runtime, kind: str | None = None) -> int:
    query = select(func.count()).select_from(pilot_events)
    if kind:
        query = query.where(pilot_events.c.kind == kind)
    with runtime.engine.connect() as connection:
        return int(connection.execute(query).scalar_one())


def test_ingest_assigns_once_by_the_design_and_is_idempotent(runtime: Runtime) -> None:
    arms = {f"HD-{i}": ingest_ticket(runtime, ticket(i), source="zendesk").arm for i in range(300)}
    design = cohort_design(runtime)
    assert arms == {tid: design.arm(tid) for tid in arms}
    assert set(arms.values()) == {"treatment", "control", "outside"}
    in_pilot = len(of_arm(arms, "treatment")) + len(of_arm(arms, "control"))
    assert stored_events(runtime, "assigned") == in_pilot  # outside tickets are not logged
    again = ingest_tickets(runtime, [ticket(i) for i in range(300)], source="zendesk")
    assert {r.ticket for r in again} == {"unchanged"} and not any(r.new for r in again)
    assert stored_events(runtime, "assigned") == in_pilot
    changed = ingest_ticket(runtime, ticket(7, body="It arrived broken."), source="zendesk")
    assert (changed.ticket, changed.new, changed.arm) == ("updated", False, arms["HD-7"])
    with runtime.engine.connect() as connection:
        body = connection.execute(select(tickets.c.body).where(tickets.c.id == "HD-7")).scalar()
        assigned = connection.execute(select(func.count()).select_from(pilot_tickets)).scalar()
    assert body == "It arrived broken." and assigned == 300


def test_assignment_is_stable_across_runtimes(build: Build) -> None:
    first = ingest(build(), 120)
    second_runtime = build()
    again = [ingest_ticket(second_runtime, ticket(i), source="x") for i in range(120)]
    assert {r.ticket_id: r.arm for r in again} == first
    assert not any(r.new for r in again)


def test_a_changed_salt_is_detected_not_silently_reassigned(build: Build) -> None:
    arms = ingest(build(), 200)
    changed = build(**{'salt = "change-me"': 'salt = "another-salt"'})
    results = ingest_tickets(changed, [ticket(i) for i in range(200)], source="x")
    assert all(r.design_changed for r in results)
    assert {r.ticket_id: r.arm for r in results} == arms  # the stored arm is kept
    report = pilot_report(changed)
    assert report.design.changed and report.design.moved > 0
    assert report.status.kind == "unhealthy"
    assert report.status.headline == "unhealthy: the cohort design changed"
    assert "now salt" in report.status.reasons[0] and "another arm" in report.status.reasons[0]


def test_a_share_ramp_is_reported_but_keeps_every_arm(build: Build) -> None:
    ingest(build(), 200)
    ramped = build(**{"cohort_share = 0.10": "cohort_share = 0.20\ncontrol_share = 0.10"})
    report = pilot_report(ramped)
    assert report.design.changed and report.design.moved == 0
    assert report.status.kind != "unhealthy"
    assert any("no stored ticket changes arm" in w for w in report.status.warnings)


def test_duplicate_and_late_events_never_double_count(runtime: Runtime) -> None:
    arms = ingest(runtime, 300)
    treated = of_arm(arms, "treatment")[:6]
    for tid in treated:
        record_event(runtime, Shown(tid, T0, "reply-v1", 800.0), key=f"shown:{tid}")
    first = record_event(runtime, Accepted(treated[0], T0 + timedelta(minutes=5), 300.0), key="a")
    repeat = record_event(runtime, Accepted(treated[0], T0 + timedelta(minutes=9), 300.0), key="a")
    assert (first.outcome, repeat.outcome) == ("stored", "duplicate")
    # a late event: an edit reported after the accept but stamped earlier; the first by time
    # counts, once: still one decided draft for this ticket
    late = edited(treated[0], T0 + timedelta(minutes=2), "abc", "abd", 120.0)
    assert record_event(runtime, late, key="late").stored
    metrics = pilot_report(runtime).metrics.overall
    assert metrics.acceptance.n == 1 and metrics.edit_rate.successes == 1
    assert metrics.acceptance.successes == 0
    assert stored_events(runtime, "accepted") == 1


def test_a_late_resolution_or_rating_never_overrides_a_newer_one(runtime: Runtime) -> None:
    arms = ingest(runtime, 300)
    tid = of_arm(arms, "control")[0]
    record_event(runtime, Resolved(tid, T0 + timedelta(hours=10)), key="r2")
    record_event(runtime, Rated(tid, T0 + timedelta(hours=11), 5.0), key="c2")
    late_r = record_event(runtime, Resolved(tid, T0 + timedelta(hours=3)), key="r1")
    late_c = record_event(runtime, Rated(tid, T0 + timedelta(hours=4), 2.0), key="c1")
    assert late_r.stored and late_c.stored
    assert late_r.event.hours == pytest.approx(5.0)  # created (T0 - 2 h) -> resolved
    with runtime.engine.connect() as connection:
        resolved, csat = connection.execute(
            select(tickets.c.resolved_at, tickets.c.csat).where(tickets.c.id == tid)
        ).one()
    assert (resolved, csat) == (T0 + timedelta(hours=10), 5.0)
    assert queue(runtime, limit=500) and tid not in {q.ticket_id for q in queue(runtime, limit=500)}


def test_a_key_reused_for_another_event_is_refused(runtime: Runtime) -> None:
    arms = ingest(runtime, 300)
    a, b = of_arm(arms, "treatment")[:2]
    record_event(runtime, Flagged(a, T0, "minor"), key="k")
    with pytest.raises(EventConflictError, match="'k' was used for the flagged event"):
        record_event(runtime, Flagged(a, T0, "critical"), key="k")
    with pytest.raises(EventConflictError):
        record_event(runtime, Flagged(b, T0, "minor"), key="k")
    with pytest.raises(EventConflictError):
        record_events(runtime, [(Flagged(b, T0, "minor"), "n"), (Flagged(b, T0, "major"), "n")])
    assert stored_events(runtime, "flagged") == 1


def test_events_that_do_not_fit_the_arm_or_ticket_are_refused(runtime: Runtime) -> None:
    arms = ingest(runtime, 300)
    control, outside = of_arm(arms, "control")[0], of_arm(arms, "outside")[0]
    treated = of_arm(arms, "treatment")[0]
    for event in (Accepted(control, T0, 10.0), Shown(control, T0), Flagged(control, T0)):
        with pytest.raises(WrongArmError, match="control ticket"):
            record_event(runtime, event, key=f"{event.kind}:{control}")
    with pytest.raises(WrongArmError, match="outside the pilot"):
        record_event(runtime, Handled(outside, T0, 10.0), key="h")
    with pytest.raises(UnknownPilotTicketError, match="never took this ticket in"):
        record_event(runtime, Handled("HD-99999", T0, 10.0), key="u")
    with pytest.raises(UnknownPilotTicketError, match="ingest it"):
        record_event(runtime, Assigned("HD-99999", T0), key="assign-unknown")
    before = stored_events(runtime)
    with pytest.raises(WrongArmError):  # one bad event leaves its whole batch unstored
        record_events(runtime, [(Handled(treated, T0, 5.0), "ok"),
                                (Accepted(control, T0, 5.0), "bad")])  # fmt: skip
    assert stored_events(runtime) == before
    # a helpdesk resolving a ticket outside the pilot updates the ticket, logs nothing
    result = record_event(runtime, Resolved(outside, T0 + timedelta(hours=1)), key="out")
    assert result.outcome == "outside" and stored_events(runtime) == before
    late = record_event(runtime, Resolved(outside, T0 + timedelta(minutes=30)), key="out-late")
    assert late.outcome == "outside"  # and it does not override the later resolution
    with runtime.engine.connect() as connection:
        resolved = connection.execute(
            select(tickets.c.resolved_at).where(tickets.c.id == outside)
        ).scalar()
    assert resolved == T0 + timedelta(hours=1)


def test_concurrent_workers_store_each_key_once(build: Build) -> None:
    arms = ingest(build(), 300)
    treated = of_arm(arms, "treatment")
    events: list[tuple[PilotEvent, str]] = [
        (Flagged(tid, T0 + timedelta(seconds=i), "minor"), f"flag:{tid}:{i}")
        for i in range(8) for tid in treated
    ]  # fmt: skip
    workers = [build(), build()]
    barrier = threading.Barrier(len(workers))
    outcomes: list[list[str]] = [[] for _ in workers]
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            barrier.wait()
            for start in range(0, len(events), 40):  # many small racing transactions
                batch = events[start : start + 40]
                outcomes[n] += [r.outcome for r in record_events(workers[n], batch)]
        except BaseException as error:  # surfaced below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(len(workers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    stored = sum(o.count("stored") for o in outcomes)
    assert stored == len(events) == stored_events(workers[0], "flagged")
    assert all(len(o) == len(events) for o in outcomes)


def test_replies_sent_one_at_a_time_by_racing_workers_are_stored_once(build: Build) -> None:
    # one event per call: the API's path (on PostgreSQL one statement stores the reply and
    # ends the ticket's wait); both workers send every reply, as a retrying helpdesk would
    arms = ingest(build(), 300)
    treated = of_arm(arms, "treatment")[:15]
    sent = T0 + timedelta(minutes=5)
    workers = [build(), build()]
    barrier = threading.Barrier(len(workers))
    outcomes: list[list[str]] = [[] for _ in workers]
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            barrier.wait()
            for tid in treated:
                result = record_event(workers[n], Accepted(tid, sent, 300.0), key=f"reply:{tid}")
                outcomes[n].append(result.outcome)
        except BaseException as error:  # surfaced below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(len(workers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sum(o.count("stored") for o in outcomes) == len(treated)
    assert stored_events(workers[0], "accepted") == len(treated)
    retry = record_event(workers[0], Accepted(treated[0], T0, 300.0), key=f"reply:{treated[0]}")
    assert retry.outcome == "duplicate"  # stamped earlier, and still nothing changes
    with workers[0].engine.connect() as connection:
        replied = dict(connection.execute(
            select(pilot_tickets.c.ticket_id, pilot_tickets.c.replied_at)
            .where(pilot_tickets.c.ticket_id.in_(treated))).all())  # fmt: skip
    assert replied == dict.fromkeys(treated, sent)
    assert not {q.ticket_id for q in queue(workers[0], limit=500)} & set(treated)


def test_concurrent_ingest_of_one_ticket_assigns_it_once(build: Build) -> None:
    workers = [build(), build()]
    barrier = threading.Barrier(2)
    results: list[list[bool]] = [[], []]

    def work(n: int) -> None:
        barrier.wait()
        results[n] = [ingest_ticket(workers[n], ticket(i), source="x").new for i in range(60)]

    threads = [threading.Thread(target=work, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(a != b for a, b in zip(*results, strict=True))  # exactly one worker assigned each
    with workers[0].engine.connect() as connection:
        assigned = connection.execute(select(func.count()).select_from(pilot_tickets)).scalar()
        stored = connection.execute(select(func.count()).select_from(tickets)).scalar()
    assert assigned == stored == 60


def test_metrics_from_stored_events_equal_metrics_in_memory(runtime: Runtime) -> None:
    arms = ingest(runtime, 400)
    events: list[PilotEvent] = []
    for n, tid in enumerate(of_arm(arms, "treatment")):
        at = T0 + timedelta(hours=n)
        events += [Shown(tid, at, f"reply-v{1 + n % 2}", 500.0 + n, n % 7 == 0)]
        events += [Accepted(tid, at + timedelta(minutes=4), 200.0 + n) if n % 3 else
                   Edited(tid, at + timedelta(minutes=6), 10 + n, 400, 390, 350.0 + n)]  # fmt: skip
        events += [Resolved(tid, at + timedelta(hours=5), 5.0 + n / 10)]
    for n, tid in enumerate(of_arm(arms, "control")):
        at = T0 + timedelta(hours=n)
        events += [Handled(tid, at + timedelta(minutes=9), 500.0 + 3 * n),
                   Rated(tid, at + timedelta(hours=9), float(1 + n % 5))]  # fmt: skip
    results = record_events(runtime, [(e, f"e{i}") for i, e in enumerate(events)])
    assert all(r.stored for r in results)
    with runtime.engine.connect() as connection:
        assigned = [Assigned(tid, at, category) for tid, at, category in connection.execute(
            select(pilot_tickets.c.ticket_id, pilot_tickets.c.assigned_at,
                   pilot_tickets.c.category).where(pilot_tickets.c.arm != "outside"))]  # fmt: skip
    now = T0 + timedelta(days=5)
    report = pilot_report(runtime, now=now)
    memory = pilot_metrics([*assigned, *events], cohort_design(runtime),
                           pilot_settings(runtime)[0], now=now)  # fmt: skip
    assert report.metrics.as_dict() == memory.as_dict()
    assert report.metrics.overall.drafts_shown == len(of_arm(arms, "treatment"))
    assert set(report.by_prompt_version) == {"reply-v1", "reply-v2"}
    assert report.metrics.overall.srm is not None  # the sample-ratio check ran


def test_report_json_is_strict(runtime: Runtime) -> None:
    ingest(runtime, 50)
    data = pilot_report(runtime).as_dict()
    text = json.dumps(data, allow_nan=False, default=str)
    assert '"pilot": "live"' in text and data["status"]["headline"]


def test_migration_0005_creates_the_pilot_tables_as_declared(engine: Engine) -> None:
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), metadata)
    mine = ("pilot_tickets", "pilot_events", "replay_results")
    assert [d for d in diff if any(name in repr(d) for name in mine)] == []


def test_a_reply_without_seconds_is_timed_from_the_first_view_as_stored(runtime: Runtime) -> None:
    arms = ingest(runtime, 40)
    viewed, early, unseen = of_arm(arms, "treatment")[:3]
    tickets_ = PilotTickets(runtime.engine)
    with runtime.engine.begin() as connection:
        for tid in (viewed, early):
            tickets_.mark_viewed(connection, tid, T0, "agent-1")
    timed = record_event(runtime, Accepted(viewed, T0 + timedelta(seconds=90.25)), key="a")
    before = record_event(runtime, Accepted(early, T0 - timedelta(seconds=5)), key="b")
    none = record_event(runtime, Accepted(unseen, T0), key="c")
    assert (timed.event.seconds, before.event.seconds, none.event.seconds) == (90.25, 0.0, None)
    with runtime.engine.connect() as connection:
        query = select(pilot_events).where(pilot_events.c.kind == "accepted")
        stored = {r.idempotency_key: r.payload.get("seconds") for r in connection.execute(query)}
    assert stored == {"a": 90.25, "b": 0.0, "c": None}  # what was answered is what is stored
