"""The weekly, monthly and executive reports and the TPM dashboard in real headless Chromium.

The reports are opened as the files ``ticketpilot report`` writes; the dashboard as a lead sees
it from a real ``ticketpilot serve``. Each page must load nothing from the network, draw its
charts, break no Content-Security-Policy rule, and leave a full-page screenshot in
``tests/e2e/artifacts/``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from lifecycle_workspace import build_lifecycle, open_runtime
from service_workspace import serving
from ticketpilot.access.service import create_token
from ticketpilot.reports.service import write_dashboard, write_report

pytestmark = pytest.mark.slow
VIEWPORT = {"width": 1280, "height": 900}
expect.set_options(timeout=30_000)


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("program")
    ws = build_lifecycle(root / "ws", root / "data")
    runtime = open_runtime(ws)
    try:
        for kind in ("weekly", "monthly", "executive"):
            write_report(runtime, kind, formats=("html",))
        write_dashboard(runtime)
    finally:
        runtime.close()
    return ws


def _watch(page: Page) -> tuple[list[str], list[str]]:
    """Requests that left the page's own origin or files, and errors: console errors other than
    a failed load (a CSP refusal, say), and responses of 400 and up (the browser's own
    ``/favicon.ico`` guess aside)."""
    outside: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: outside.append(r.url)
            if not r.url.startswith(("file://", "data:", "http://127.0.0.1")) else None)  # fmt: skip
    page.on("console", lambda m: errors.append(m.text)
            if m.type == "error" and not m.text.startswith("Failed to load resource") else None)  # fmt: skip
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}")
            if r.status >= 400 and not r.url.endswith("/favicon.ico") else None)  # fmt: skip
    return outside, errors


def _charts_drawn(page: Page) -> int:
    charts = page.locator("svg.chart")
    for i in range(charts.count()):
        box = charts.nth(i).bounding_box()
        assert box is not None and box["width"] > 200 and box["height"] > 100, i
        expect(charts.nth(i).locator("path").first).to_be_attached()
    return charts.count()


@pytest.mark.parametrize(
    ("name", "heading", "charts"),
    [
        ("weekly", "Weekly performance summary", 2),
        ("monthly", "Monthly cost analysis", 2),
        ("executive", "Executive risk summary", 1),
        ("dashboard", "TPM dashboard", 5),
    ],
)
def test_report_pages_render_offline(
    program: Path, browser: Browser, artifacts: Path, name: str, heading: str, charts: int
) -> None:
    page = browser.new_page(viewport=VIEWPORT)
    outside, errors = _watch(page)
    page.goto((program / "reports" / f"{name}.html").as_uri())
    expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
    expect(page.get_by_role("status")).to_be_visible()  # the headline
    assert _charts_drawn(page) >= charts
    page.screenshot(path=artifacts / f"report-{name}.png", full_page=True)
    assert outside == [] and errors == []
    page.close()


def test_the_dashboard_is_served_to_a_lead(
    program: Path, browser: Browser, artifacts: Path, tmp_path: Path
) -> None:
    runtime = open_runtime(program)
    try:
        lead = create_token(runtime, role="lead", name="Lee Lead").token
    finally:
        runtime.close()
    with serving(program, log=tmp_path / "serve.log") as base:
        page = browser.new_page(viewport=VIEWPORT)
        outside, errors = _watch(page)
        page.goto(f"{base}/dashboard")
        expect(page).to_have_url(f"{base}/login?next=/dashboard")
        page.get_by_label("Access token").fill(lead)
        page.get_by_role("button", name="Sign in").click()
        expect(page).to_have_url(f"{base}/dashboard")
        expect(page.get_by_role("heading", level=1)).to_contain_text("TPM dashboard")
        for title in ("Pilot performance to date", "Drift alerts", "The five questions",
                      "Spend against budget", "Escalations", "Latency"):  # fmt: skip
            expect(page.get_by_role("heading", name=title)).to_be_visible()
        assert _charts_drawn(page) >= 5
        expect(page.locator("#drift_alerts")).to_contain_text("technical_issue")
        page.screenshot(path=artifacts / "dashboard-served.png", full_page=True)
        page.get_by_role("link", name="weekly summary").click()
        expect(page).to_have_url(f"{base}/reports/weekly.html")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Weekly performance")
        assert outside == [] and errors == [], (outside, errors)
        page.close()
