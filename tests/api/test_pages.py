"""The agent workspace pages: login with a token, session cookie, CSRF on every state change,
the queue, a ticket with its draft, reply and flag, a past ticket masked, the lead's status."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

import ticketpilot.web
from service_workspace import bearer, ids_in, ticket_body
from ticketpilot.access.service import revoke_token
from ticketpilot.pilot.editdistance import levenshtein
from ticketpilot.runtime import Runtime
from ticketpilot.store.tables import pilot_events

pytestmark = pytest.mark.anyio
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


async def login(client: httpx.AsyncClient, token: str, next_path: str = "/queue") -> str:
    """Sign in through the form; returns the session's CSRF token from the next page."""
    form = await client.get(f"/login?next={next_path}")
    assert form.status_code == 200 and "tp_login" in form.headers["set-cookie"]
    csrf = CSRF.search(form.text)
    assert csrf is not None
    signed = await client.post("/login", data={"token": token, "csrf_token": csrf.group(1),
                                               "next": next_path})  # fmt: skip
    assert signed.status_code == 303, signed.text
    assert signed.headers["location"] == next_path
    cookie = next(c for c in signed.headers.get_list("set-cookie") if c.startswith("tp_session="))
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/" in cookie
    page = await client.get(next_path)
    assert page.status_code == 200, page.text
    found = re.search(r'<meta name="csrf-token" content="([^"]+)"', page.text)
    assert found is not None and found.group(1)
    return found.group(1)


async def _ingest(client: httpx.AsyncClient, tokens: dict[str, str], *ids: str) -> None:
    for ticket_id in ids:
        await client.post("/api/v1/tickets", json=ticket_body(ticket_id),
                          headers=bearer(tokens["lead"]))  # fmt: skip


async def test_login_needs_the_forms_csrf_token_and_a_live_token(
    client: httpx.AsyncClient, tokens: dict[str, str]
) -> None:
    assert (await client.get("/queue")).headers["location"] == "/login?next=/queue"
    await client.get("/login")
    forged = await client.post("/login", data={"token": tokens["agent"], "csrf_token": "x"})
    assert forged.status_code == 403 and "expired or came from another site" in forged.text
    form = await client.get("/login")
    csrf = CSRF.search(form.text)
    assert csrf is not None
    wrong = await client.post("/login", data={"token": "tp_" + "z" * 43,
                                              "csrf_token": csrf.group(1)})  # fmt: skip
    assert wrong.status_code == 401 and "unknown or revoked" in wrong.text
    assert "tp_session" not in wrong.headers.get("set-cookie", "")
    away = await client.get("/login?next=//evil.example/x")
    csrf = CSRF.search(away.text)
    assert csrf is not None
    signed = await client.post("/login", data={"token": tokens["agent"], "csrf_token": csrf.group(1),
                                               "next": "//evil.example/x"})  # fmt: skip
    assert signed.headers["location"] == "/queue"  # never sent off-site


async def test_the_session_needs_csrf_for_changes_and_ends_with_its_token(
    app: FastAPI, client: httpx.AsyncClient, tokens: dict[str, str], pilot_runtime: Runtime
) -> None:
    [ticket_id] = ids_in("control", 1)
    await _ingest(client, tokens, ticket_id)
    csrf = await login(client, tokens["agent"])
    page = await client.get(f"/tickets/{ticket_id}")
    assert page.status_code == 200 and "control group" in page.text
    no_token = await client.post(f"/tickets/{ticket_id}/reply",
                                 data={"action": "send", "text": "Hello"})  # fmt: skip
    assert no_token.status_code == 403 and "CSRF" in no_token.text
    other = await client.post(f"/tickets/{ticket_id}/reply",
                              data={"action": "send", "text": "Hi", "csrf_token": csrf[:-2] + "xx"})  # fmt: skip
    assert other.status_code == 403
    with_header = await client.get("/api/v1/me", headers={"X-CSRF-Token": csrf})
    assert with_header.json()["via"] == "session"
    revoke_token(pilot_runtime, "agent-1")
    callers = app.state.service.callers
    assert (await client.get("/queue")).status_code == 200  # remembered for a few seconds
    now = callers.clock()
    callers.clock = lambda: now + callers.ttl
    assert (await client.get("/queue")).status_code == 303  # then the session ends with it
    assert (await client.get("/api/v1/me")).status_code == 401
    bearer_call = await client.get("/api/v1/me", headers=bearer(tokens["agent"]))
    assert bearer_call.status_code == 401 and "unknown or revoked" in bearer_call.text


async def test_an_agent_edits_and_sends_a_draft_and_the_lead_sees_it(
    client: httpx.AsyncClient, tokens: dict[str, str], pilot_runtime: Runtime
) -> None:
    treated, second = ids_in("treatment", 2)
    [control] = ids_in("control", 1)
    await _ingest(client, tokens, control, treated, second)
    csrf = await login(client, tokens["agent"])
    queue = await client.get("/queue")
    assert queue.text.index(treated) < queue.text.index(control)  # pilot cohort first
    page = await client.get(f"/tickets/{treated}")
    assert page.status_code == 200
    draft = re.search(r'<textarea id="reply" name="text"[^>]*>([^<]*)</textarea>', page.text)
    assert draft is not None and "10 business days" in draft.group(1)
    assert 'href="/past/P0' in page.text and "Flag a hallucination" in page.text
    shown = draft.group(1).replace("&#39;", "'").replace("&amp;", "&")
    sent = shown.replace("10 business days", "two weeks").replace("\n", "\r\n")
    flag = await client.post(f"/tickets/{treated}/flag", data={
        "csrf_token": csrf, "severity": "minor", "note": "says 10 days", "form_key": "k1"})  # fmt: skip
    assert flag.status_code == 303 and flag.headers["location"].endswith("?flagged=minor")
    replied = await client.post(f"/tickets/{treated}/reply",
                                data={"csrf_token": csrf, "action": "send", "text": sent})  # fmt: skip
    assert replied.status_code == 303, replied.text
    assert replied.headers["location"] == f"/queue?sent={treated}&outcome=edited"
    with pilot_runtime.engine.connect() as connection:
        rows = {r.kind: r for r in connection.execute(select(pilot_events))}
    edited = rows["edited"].payload
    assert edited["distance"] == levenshtein(shown, sent.replace("\r\n", "\n")) > 0
    assert edited["seconds"] is not None and edited["seconds"] >= 0
    assert rows["flagged"].payload == {"severity": "minor", "note": "says 10 days"}
    again = await client.post(f"/tickets/{treated}/reply",
                              data={"csrf_token": csrf, "action": "accept"})  # fmt: skip
    assert again.status_code == 409  # one reply per ticket: the second is refused, not counted
    after = await client.get(replied.headers["location"])
    assert "sent (edited)" in after.text, after.text
    assert f"#{treated}<" not in after.text, after.text
    assert (await client.get("/pilot")).status_code == 403  # agents do not see the status
    await login(client, tokens["lead"], "/pilot")
    status = await client.get("/pilot")
    assert status.status_code == 200
    assert "Edit distance (characters)" in status.text and "1 edited" in status.text
    assert "edited 1" in status.text
    # each rate names its denominator: drafts replied to, shown, written, or treatment tickets
    assert "1 of 1 replied drafts" in status.text
    assert "treatment tickets" in status.text and "drafts shown" in status.text
    assert 'id="variants"' not in status.text  # no [experiment] in the charter: no variants


async def test_reject_and_accept_and_a_control_reply(
    client: httpx.AsyncClient, tokens: dict[str, str], pilot_runtime: Runtime
) -> None:
    first, second = ids_in("treatment", 2)
    [control] = ids_in("control", 1)
    await _ingest(client, tokens, first, second, control)
    csrf = await login(client, tokens["agent"])
    for ticket_id in (first, second, control):
        await client.get(f"/tickets/{ticket_id}")
    empty = await client.post(f"/tickets/{first}/reply",
                              data={"csrf_token": csrf, "action": "reject", "text": ""})  # fmt: skip
    assert empty.status_code == 422 and "the reply is empty" in empty.text
    rejected = await client.post(f"/tickets/{first}/reply", data={
        "csrf_token": csrf, "action": "send", "rejected": "1", "text": "My own answer."})  # fmt: skip
    assert rejected.headers["location"].endswith("outcome=rejected")
    accepted = await client.post(f"/tickets/{second}/reply",
                                 data={"csrf_token": csrf, "action": "accept"})  # fmt: skip
    assert accepted.headers["location"].endswith("outcome=accepted")
    no_draft = await client.post(f"/tickets/{control}/reply",
                                 data={"csrf_token": csrf, "action": "accept"})  # fmt: skip
    assert no_draft.status_code == 422 and "no draft to accept" in no_draft.text
    handled = await client.post(f"/tickets/{control}/reply",
                                data={"csrf_token": csrf, "action": "send", "text": "Done."})  # fmt: skip
    assert handled.headers["location"].endswith("outcome=handled")


async def test_a_cited_past_ticket_shows_masked(
    client: httpx.AsyncClient, tokens: dict[str, str], pilot_runtime: Runtime
) -> None:
    await login(client, tokens["agent"])
    page = await client.get("/past/P001")
    assert page.status_code == 200
    assert "john" not in page.text.lower() and "j.carter@example.net" not in page.text
    assert "[EMAIL_ADDRESS]" in page.text or "[PERSON]" in page.text
    assert (await client.get("/past/none")).status_code == 404
    headers = page.headers
    assert "default-src 'self'" in headers["content-security-policy"]
    assert headers["x-frame-options"] == "DENY"


def test_templates_carry_no_inline_script_style_or_external_asset() -> None:
    folder = Path(ticketpilot.web.__file__).parent
    for path in [*folder.glob("templates/*.html"), *folder.glob("static/*")]:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\sstyle=|\son[a-z]+=|<script>|<script(?![^>]*\bsrc=)", text), path
        assert not re.search(r"(src|href)=\"(https?:)?//", text), path  # nothing from elsewhere
        assert "http://" not in text and "https://" not in text, path
