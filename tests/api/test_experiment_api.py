"""An experiment over HTTP: a treatment ticket's variant is stored when it is ingested, drafts
it with its own prompt template and model, and the pilot status reports every variant."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from service_workspace import SALT, bearer, ids_in, pilot_charter, ticket_body
from ticketpilot.pilot import ExperimentDesign, VariantSpec
from ticketpilot.runtime import Runtime, build_runtime
from ticketpilot.store.tables import drafts, pilot_tickets
from ticketpilot.workspace import create_workspace

pytestmark = pytest.mark.anyio

EXPERIMENT = """
[experiment]
name = "brevity"
[[experiment.variants]]
name = "long"
prompt_template = "reply-v1"
[[experiment.variants]]
name = "short"
prompt_template = "reply-v2"
model = "gpt-4o-mini"
"""
DESIGN = ExperimentDesign(SALT, "brevity", (VariantSpec("long", "reply-v1"),
                          VariantSpec("short", "reply-v2", "gpt-4o-mini")), (0.5, 0.5))  # fmt: skip


@pytest.fixture
def api_runtime(tmp_path: Path, db_url: str) -> Iterator[Runtime]:
    """The API tests' runtime, with an ``[experiment]`` of two variants in the charter."""
    workspace = create_workspace(tmp_path / "ws", pilot_charter() + EXPERIMENT)
    runtime = build_runtime(workspace.root, environ={"TICKETPILOT_DATABASE_URL": db_url})
    yield runtime
    runtime.close()


async def test_variants_are_stored_used_for_drafts_and_reported(
    client: httpx.AsyncClient, tokens: dict[str, str], pilot_runtime: Runtime
) -> None:
    treated, control = ids_in("treatment", 12), ids_in("control", 4)
    lead, agent = bearer(tokens["lead"]), bearer(tokens["agent"])
    for ticket_id in treated + control:
        response = await client.post("/api/v1/tickets", json=ticket_body(ticket_id), headers=lead)
        assert response.status_code == 201, response.text
    with pilot_runtime.engine.connect() as connection:
        stored = {r.ticket_id: (r.arm, r.experiment, r.variant)
                  for r in connection.execute(select(pilot_tickets))}  # fmt: skip
    for ticket_id in treated:  # assigned by the experiment's own hash, with its name
        assert stored[ticket_id] == ("treatment", "brevity", DESIGN.variant_of(ticket_id))
    assert all(stored[t] == ("control", None, None) for t in control)
    assert {DESIGN.variant_of(t) for t in treated} == {"long", "short"}
    for ticket_id in treated:
        shown = (await client.post(f"/api/v1/tickets/{ticket_id}/draft", headers=agent)).json()
        variant = DESIGN.spec(DESIGN.variant_of(ticket_id))
        assert shown["variant"] == variant.name
        assert shown["prompt_version"].startswith(variant.prompt_template + "+")
        kind = "accepted" if shown["outcome"] == "draft" else "handled"
        event = {"kind": kind, "ticket_id": ticket_id, "key": f"reply-{ticket_id}"}
        sent = await client.post("/api/v1/events", json=event, headers=agent)
        assert sent.status_code == 201, sent.text
    with pilot_runtime.engine.connect() as connection:
        models = {r.prompt_version.split("+")[0]: r.model
                  for r in connection.execute(select(drafts.c.prompt_version, drafts.c.model))}  # fmt: skip
    assert models == {"reply-v1": "extractive", "reply-v2": "gpt-4o-mini"}
    control_view = (await client.post(f"/api/v1/tickets/{control[0]}/draft", headers=agent)).json()
    assert control_view["variant"] is None and control_view["outcome"] == "control"
    status = await client.get("/api/v1/pilot/status", headers=lead)
    assert status.status_code == 200
    experiment = json.loads(status.text)["experiment"]
    assert experiment["name"] == "brevity" and experiment["reference"] == "long"
    units = {k: v["units"]["treatment"] for k, v in experiment["by_variant"].items()}
    assert units == {v: sum(DESIGN.variant_of(t) == v for t in treated) for v in DESIGN.names}
    assert experiment["srm"]["observed"] == units and experiment["unassigned"] == 0
    assert experiment["differences"]["short"]["verdict"]
    page = await client.get("/pilot", headers=lead)  # the lead's page shows the same variants
    assert page.status_code == 200
    table = page.text[page.text.index('id="variants"') :]
    assert "Variants of experiment brevity (long is the reference)" in table
    rows = re.findall(r"<tr><td>(\w+)</td><td class=\"n\">(\d+%)</td><td class=\"n\">(\d+)</td>",
                      table)  # fmt: skip
    assert rows == [("long", "50%", str(units["long"])), ("short", "50%", str(units["short"]))]
    accepted = experiment["by_variant"]["short"]["acceptance"]
    assert f"{accepted['successes']} of {accepted['n']} replied drafts" in table
    assert "the reference" in table and html.escape(experiment["differences"]["short"]["verdict"],
                                                   quote=False) in table  # fmt: skip
    assert "Newcombe hybrid score 95%" in table and "Sample ratio across variants" in table
