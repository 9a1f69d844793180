"""An agent and a lead in real headless Chromium against a real ``ticketpilot serve``.

The agent signs in with a token, opens a pilot-cohort ticket from the queue with the keyboard,
edits the draft and sends it; the edited event is in the database with its editing time and
edit distance; the lead signs in and sees it in the pilot status. On SQLite and on PostgreSQL
(skipped, with the reason, when PostgreSQL is not running); screenshots of each step go to
``tests/e2e/artifacts/``, named by database (``sqlite-02-ticket-with-draft.png``).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from service_workspace import bearer, ids_in, pilot_charter, seed_history, serving, ticket_body
from ticketpilot.access.service import create_token
from ticketpilot.pilot.editdistance import levenshtein
from ticketpilot.runtime import build_runtime
from ticketpilot.store.tables import pilot_events
from ticketpilot.workspace import create_workspace

pytestmark = pytest.mark.slow
VIEWPORT = {"width": 1280, "height": 800}
expect.set_options(timeout=30_000)  # a shared, loaded machine: first draft opens the index


def _hours_ago(hours: float) -> str:
    return (datetime.now(UTC) - timedelta(hours=hours)).isoformat()


def _sign_in(page: Page, base: str, token: str, path: str) -> None:
    page.goto(f"{base}{path}")
    expect(page).to_have_url(f"{base}/login?next={path}")
    page.get_by_label("Access token").fill(token)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{base}{path}")


def test_agent_edits_and_sends_a_draft_and_the_lead_sees_it(
    tmp_path: Path, browser: Browser, artifacts: Path, db_url: str
) -> None:
    root = create_workspace(tmp_path / "ws", pilot_charter()).root
    env = {"TICKETPILOT_DATABASE_URL": db_url}
    runtime = build_runtime(root, environ=env)
    shots = artifacts / ("sqlite" if db_url.startswith("sqlite") else "postgres")
    seed_history(runtime)
    agent = create_token(runtime, role="agent", name="Ada Agent").token
    lead = create_token(runtime, role="lead", name="Lee Lead").token
    treated, other = ids_in("treatment", 2)
    [control] = ids_in("control", 1)
    with serving(root, workers=2, env=env, log=tmp_path / "serve.log") as base:
        for ticket_id, topic in ((control, "password"), (treated, "shipping"), (other, "password")):
            body = ticket_body(ticket_id, topic, created_at=_hours_ago(3))
            response = httpx.post(f"{base}/api/v1/tickets", json=body, headers=bearer(lead),
                                  timeout=30)  # fmt: skip
            assert response.status_code == 201, response.text

        page = browser.new_page(viewport=VIEWPORT)
        page.set_default_timeout(30_000)
        _sign_in(page, base, agent, "/queue")
        rows = page.locator("table.queue tbody tr")
        expect(rows).to_have_count(3)
        expect(rows.first).to_contain_text("pilot · draft")  # the pilot cohort comes first
        expect(rows.last).to_contain_text("control · no draft")
        page.screenshot(path=f"{shots}-01-queue.png", full_page=True)

        first_link = page.locator("a[data-ticket-link]").first
        expect(first_link).to_be_focused()  # the queue starts with the keyboard on it
        opened = first_link.get_attribute("href")
        page.keyboard.press("Enter")
        expect(page).to_have_url(f"{base}{opened}")
        ticket_id = str(opened).rsplit("/", 1)[1]
        assert ticket_id in (treated, other)
        box = page.get_by_label("Edit the draft, then send")
        draft = box.input_value()
        assert draft.strip(), "a pilot-cohort ticket shows a draft"
        citation = page.locator("ul.citations a").first
        assert str(citation.get_attribute("href")).startswith("/past/P")
        page.screenshot(path=f"{shots}-02-ticket-with-draft.png", full_page=True)

        page.keyboard.press("Alt+e")
        expect(box).to_be_focused()
        sent = draft.replace("Sorry", "Apologies") + "\nI will follow up by Friday."
        box.fill(sent)
        page.wait_for_timeout(1500)  # the agent takes a moment: editing time is > 1 s
        page.screenshot(path=f"{shots}-03-edited.png", full_page=True)
        page.keyboard.press("Control+Enter")
        expect(page).to_have_url(f"{base}/queue?sent={ticket_id}&outcome=edited")
        expect(page.get_by_role("status")).to_contain_text(f"Ticket {ticket_id} sent (edited)")
        expect(page.locator("table.queue tbody tr")).to_have_count(2)
        page.screenshot(path=f"{shots}-04-sent.png", full_page=True)

        with runtime.engine.connect() as connection:
            row = connection.execute(
                select(pilot_events).where(pilot_events.c.kind == "edited")
            ).one()
        assert row.ticket_id == ticket_id and row.actor == "Ada Agent"
        assert row.payload["distance"] == levenshtein(draft, sent) > 0
        assert row.payload["seconds"] >= 1.5

        lead_page = browser.new_page(viewport=VIEWPORT)
        lead_page.set_default_timeout(30_000)
        _sign_in(lead_page, base, lead, "/pilot")
        figures = lead_page.locator("table.figures").last
        distance_row = figures.locator("tr", has_text="Edit distance (characters)")
        expect(distance_row).to_contain_text(f"{float(levenshtein(draft, sent)):,.1f}")
        expect(distance_row).to_contain_text("1 edited")
        expect(lead_page.locator("section.card")).to_contain_text("edited 1")
        lead_page.screenshot(path=f"{shots}-05-pilot-status.png", full_page=True)
    runtime.close()
