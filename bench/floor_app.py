"""The floors of ``service_bench.py``: bare FastAPI endpoints on the same server stack.

Served by the same uvicorn with the same settings and worker count as ``ticketpilot serve``
(``ticketpilot.server.service``). ``/floor`` does what every one of ours does before its own
work: a sync route (FastAPI's threadpool), a JSON body parsed and validated by pydantic, a JSON
answer. No auth, no database, no drafting: what is left of our latency above this is ours.

``/floor-write`` adds the least a stored, idempotent feedback event needs: one row inserted
by its idempotency key unless the key is stored (``INSERT ... ON CONFLICT DO NOTHING``) and a
durable commit, through the bare driver (``sqlite3`` in WAL with ``synchronous=NORMAL`` as the
workspace's SQLite, or ``psycopg``) on the database named by ``FLOOR_DATABASE_URL``; one
connection per thread. No reads, no checks, no ORM: our feedback latency above this is the
pilot's work, not the database's.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from typing import Any

from fastapi import FastAPI, Header
from pydantic import BaseModel, ConfigDict

DATABASE = os.environ.get("FLOOR_DATABASE_URL", "")
_local = threading.local()


class Body(BaseModel):
    model_config = ConfigDict(extra="allow")

    kind: str = "handled"
    ticket_id: str = ""


app = FastAPI()


@app.post("/floor", status_code=201)
def floor(body: Body) -> dict[str, Any]:
    return {"key": body.ticket_id, "outcome": "stored", "event": {"kind": body.kind}}


def _connection() -> Any:
    """This thread's connection (``service_bench.py`` made the table)."""
    connection = getattr(_local, "connection", None)
    if connection is not None:
        return connection
    if DATABASE.startswith("postgresql"):
        import psycopg

        connection = psycopg.connect(DATABASE.replace("postgresql+psycopg://", "postgresql://"))
        placeholder = "%s"
    else:
        connection = sqlite3.connect(DATABASE, timeout=30, check_same_thread=False)
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        connection.execute("PRAGMA busy_timeout=30000")
        placeholder = "?"
    _local.connection = connection
    _local.insert = (f"INSERT INTO floor_events (key, payload) VALUES ({placeholder}, "
                     f"{placeholder}) ON CONFLICT (key) DO NOTHING")  # fmt: skip
    return connection


@app.post("/floor-write", status_code=201)
def floor_write(body: Body, idempotency_key: str | None = Header(default=None)) -> dict[str, Any]:
    connection = _connection()
    key = idempotency_key or f"{body.ticket_id}:{body.kind}:{os.urandom(6).hex()}"
    cursor = connection.execute(_local.insert, (key, json.dumps(body.model_dump())))
    stored = cursor.rowcount == 1
    connection.commit()
    return {
        "key": key,
        "outcome": "stored" if stored else "duplicate",
        "event": {"kind": body.kind},
    }
