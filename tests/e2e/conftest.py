"""End-to-end tests: a real ``ticketpilot serve`` on loopback driven by real headless Chromium.

Debian's ``chromium`` (installed by ``.ci/run``) is driven through Python ``playwright`` pointed
at ``/usr/bin/chromium``; Playwright's own browser downloads are never used. Screenshots go to
``tests/e2e/artifacts/`` so a person can look at them.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

ARTIFACTS = Path(__file__).parent / "artifacts"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="session")
def chromium() -> str:
    """The system Chromium's path; the e2e tests skip where it is not installed."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    return path


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where screenshots are kept as test artifacts."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def browser(chromium: str) -> Iterator[Browser]:
    """Headless Debian Chromium driven by Playwright (its own browser downloads never used)."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()
