"""The floor of ``service_bench.py``: a bare FastAPI endpoint on the same server stack.

Served by the same uvicorn with the same settings and worker count as ``ticketpilot serve``
(``ticketpilot.server.service``). The endpoint does what every one of ours does before its own work: a
sync route (FastAPI's threadpool), a JSON body parsed and validated by pydantic, a JSON answer.
No auth, no database, no drafting: what is left of our latency above this is ours.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from pydantic import BaseModel, ConfigDict


class Body(BaseModel):
    model_config = ConfigDict(extra="allow")

    kind: str = "handled"
    ticket_id: str = ""


app = FastAPI()


@app.post("/floor", status_code=201)
def floor(body: Body) -> dict[str, Any]:
    return {"key": body.ticket_id, "outcome": "stored", "event": {"kind": body.kind}}
