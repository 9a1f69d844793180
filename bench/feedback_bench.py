"""One feedback event at a time, in-process: what the pilot service costs per event, by kind.

    python bench/feedback_bench.py                       # 300 tickets, SQLite and PostgreSQL
    python bench/feedback_bench.py --tickets 1000 --db postgres

The cost of ``record_event`` itself - the part of a ``POST /api/v1/events`` request that runs in
the worker's threadpool, without HTTP, auth or the load of ``service_bench.py`` - on a fresh
workspace (the API tests' pilot charter: half treated, half control) with ``--tickets`` pilot
tickets: per ticket a reply (accepted or handled, by its arm), the same reply again (a
duplicate), a resolution and a rating; p50 / p90 per kind. With no concurrency and no load,
this is the Python and the round trips of each event, not the queueing under load.
"""

from __future__ import annotations

import argparse
import platform
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import numpy as np

from service_bench import database  # the same fresh SQLite or PostgreSQL schema
from ticketpilot.charter import charter_template
from ticketpilot.pilot.events import Accepted, Handled, PilotEvent, Rated, Resolved
from ticketpilot.pilot.service import ingest_tickets, record_event
from ticketpilot.runtime import build_runtime
from ticketpilot.tickets.model import Ticket
from ticketpilot.workspace import create_workspace


def run(kind: str, tickets: int) -> dict[str, list[float]]:
    charter = charter_template()
    for old, new in {"cohort_share = 0.10": "cohort_share = 0.5",
                     "# control_share = 0.10": "control_share = 0.5"}.items():  # fmt: skip
        charter = charter.replace(old, new, 1)
    times: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp, database(kind) as env:
        workspace = create_workspace(Path(tmp) / "ws", charter)
        runtime = build_runtime(workspace.root, environ=env)
        try:
            now = runtime.clock()
            batch = [Ticket(id=f"F-{n:06d}", subject="Order", body="Where is my parcel?",
                            created_at=now, category="shipping") for n in range(tickets)]  # fmt: skip
            arms = {r.ticket_id: r.arm for r in ingest_tickets(runtime, batch, source="bench")}

            def timed(label: str, event: PilotEvent, key: str) -> None:
                started = time.perf_counter()
                record_event(runtime, event, key=key, actor="bench")
                times.setdefault(label, []).append((time.perf_counter() - started) * 1000)

            for ticket_id, arm in arms.items():
                at = runtime.clock()
                reply = Accepted(ticket_id, at) if arm == "treatment" else Handled(ticket_id, at)
                timed("reply", reply, f"{ticket_id}:reply")
                timed("duplicate", reply, f"{ticket_id}:reply")
                later = at + timedelta(hours=1)
                timed("resolved", Resolved(ticket_id, later), f"{ticket_id}:resolved")
                timed("rated", Rated(ticket_id, later, 4.0), f"{ticket_id}:rated")
        finally:
            runtime.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tickets", type=int, default=300)
    parser.add_argument("--db", default="sqlite,postgres")
    args = parser.parse_args()
    print(f"machine: {platform.node()}, Python {platform.python_version()}; "
          f"{args.tickets} pilot tickets, one event at a time")  # fmt: skip
    for kind in args.db.split(","):
        for label, values in run(kind, args.tickets).items():
            print(f"  {kind:9s} {label:10s} n {len(values):5,}  p50 "
                  f"{np.percentile(values, 50):6.2f} ms  p90 {np.percentile(values, 90):6.2f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
