"""``ticketpilot serve --workers 2`` as a real process on loopback: every worker serves, the
metrics add up across workers (prometheus-client multiprocess mode), events sent concurrently
are acknowledged and stored exactly once, on SQLite and PostgreSQL; ``--draft-processes N``
drafts in N processes of lower priority per worker, and stops them with the server."""

from __future__ import annotations

import os
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from service_workspace import bearer, ids_in, pilot_charter, seed_history, serving, ticket_body
from ticketpilot.access.service import create_token
from ticketpilot.runtime import build_runtime
from ticketpilot.store.tables import pilot_events
from ticketpilot.workspace import create_workspace

pytestmark = pytest.mark.slow


def _metric(text: str, name: str, labels: str) -> float:
    found = re.search(rf"^{re.escape(name)}{{{re.escape(labels)}}} ([0-9.e+]+)$", text, re.M)
    return float(found.group(1)) if found else 0.0


def test_two_workers_serve_and_their_metrics_add_up(tmp_path: Path, db_url: str) -> None:
    root = create_workspace(tmp_path / "ws", pilot_charter()).root
    env = {"TICKETPILOT_DATABASE_URL": db_url}
    runtime = build_runtime(root, environ=env)
    seed_history(runtime)
    lead = bearer(create_token(runtime, role="lead", name="lead").token)
    agent = bearer(create_token(runtime, role="agent", name="agent").token)
    metrics_dir = tmp_path / "metrics"
    metrics_dir.mkdir()
    (metrics_dir / "counter_999999.db").write_bytes(b"stale")  # from an earlier run
    ids = ids_in("control", 12)
    with serving(root, workers=2, env={**env, "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir)},
                 log=tmp_path / "serve.log") as base, httpx.Client(base_url=base, timeout=30) as client:  # fmt: skip
        assert not (metrics_dir / "counter_999999.db").exists()
        for ticket_id in ids:
            assert (
                client.post(
                    "/api/v1/tickets", json=ticket_body(ticket_id), headers=lead
                ).status_code
                == 201
            )

        def send(ticket_id: str) -> int:
            body = {"kind": "handled", "ticket_id": ticket_id, "seconds": 60}
            headers = {**agent, "Idempotency-Key": f"handled-{ticket_id}"}
            first = client.post("/api/v1/events", json=body, headers=headers).status_code
            retry = client.post("/api/v1/events", json=body, headers=headers).status_code
            return first * 1000 + retry

        with ThreadPoolExecutor(8) as pool:
            codes = list(pool.map(send, ids))
        assert codes == [201_200] * len(ids)
        texts = [client.get("/metrics", headers=lead).text for _ in range(6)]
    with runtime.engine.connect() as connection:
        stored = connection.execute(
            select(func.count()).select_from(pilot_events).where(pilot_events.c.kind == "handled")
        ).scalar_one()
    runtime.close()
    assert stored == len(ids)
    pids = {p.stem.rsplit("_", 1)[1] for p in metrics_dir.glob("*.db")}
    assert len(pids) >= 2, "both workers wrote metrics"
    for text in texts:  # whichever worker answered, it reports every worker's counts
        labels = 'kind="handled",result="recorded"'
        assert _metric(text, "ticketpilot_feedback_events_total", labels) == len(ids)
        assert _metric(text, "ticketpilot_feedback_events_total",
                       'kind="handled",result="duplicate"') == len(ids)  # fmt: skip
        route = 'method="POST",route="/api/v1/events",status="201"'
        assert _metric(text, "ticketpilot_http_request_duration_seconds_count", route) == len(ids)


def _descendants(pid: int) -> dict[int, int]:
    """The processes below ``pid``, with their nice values (from /proc)."""
    stats = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:  # ended meanwhile
                continue
            stats[int(entry.name)] = (int(fields[1]), int(fields[16]))  # ppid, nice
    found, frontier = {}, [pid]
    while frontier:
        parent = frontier.pop()
        for child, (ppid, nice) in stats.items():
            if ppid == parent and child not in found:
                found[child] = nice
                frontier.append(child)
    return found


@pytest.mark.parametrize("processes", [2, 0])
def test_serve_drafts_in_the_processes_it_is_given(tmp_path: Path, processes: int) -> None:
    root = create_workspace(tmp_path / "ws", pilot_charter()).root
    runtime = build_runtime(root, environ={})
    seed_history(runtime)
    lead = bearer(create_token(runtime, role="lead", name="lead").token)
    agent = bearer(create_token(runtime, role="agent", name="agent").token)
    [ticket_id] = ids_in("treatment", 1)
    own_nice = os.nice(0)
    options = ("--draft-processes", str(processes), "--draft-nice", "7")
    with serving(root, options=options, log=tmp_path / "serve.log") as base, \
            httpx.Client(base_url=base, timeout=60) as client:  # fmt: skip
        assert client.post("/api/v1/tickets", json=ticket_body(ticket_id),
                           headers=lead).status_code == 201  # fmt: skip
        shown = client.post(f"/api/v1/tickets/{ticket_id}/draft", headers=agent)
        assert shown.status_code == 200 and shown.json()["outcome"] == "draft", shown.text
        below = _descendants(os.getpid())
        drafting = [pid for pid, nice in below.items() if nice == own_nice + 7]
        assert len(drafting) == processes, below
    runtime.close()
    assert not set(drafting) & set(_descendants(os.getpid())), "stopped with the server"
