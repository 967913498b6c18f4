"""Browser tests: Playwright's sync API drives Debian's Chromium against ``live_server``.

Playwright's own browser downloads cannot work here, so the tests launch the
``chromium`` binary that the system package installs. Without it they are
skipped, unless ``OPENTWIN_REQUIRE_BROWSER=1`` (as in CI), where they fail.
"""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, Page, sync_playwright
from playwright.sync_api import Error as PlaywrightError
from pytest_django.live_server_helper import LiveServer

# One list of Chromium flags for the browser tests and make screenshots.
from scripts.screenshots import CHROMIUM_ARGS

# The sync API keeps an event loop running in the main thread, and Django refuses
# ORM calls (fixtures, seed_demo, flushing) from a thread with a running loop.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

E2E_DIRECTORY = Path(__file__).resolve().parent
DEBIAN_CHROMIUM = Path("/usr/bin/chromium")
DEFAULT_TIMEOUT_MS = 15_000


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects by marker
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test under tests/e2e as ``e2e``, so ``-m e2e`` and ``-m 'not e2e'`` work."""
    for item in items:
        if E2E_DIRECTORY in item.path.parents:
            item.add_marker(pytest.mark.e2e)


def browser_unavailable(reason: str) -> None:
    """Skip, or fail where a browser is required (``OPENTWIN_REQUIRE_BROWSER=1``)."""
    if os.environ.get("OPENTWIN_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (OPENTWIN_REQUIRE_BROWSER=1)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    """The path of Debian's Chromium binary."""
    found = shutil.which("chromium")
    if found is None and DEBIAN_CHROMIUM.exists():
        found = str(DEBIAN_CHROMIUM)
    if found is None:
        browser_unavailable(
            "Chromium is not installed: browser tests need Debian's chromium package "
            "(apt-get install chromium)"
        )
    return found


@pytest.fixture(scope="session")
def browser(chromium_executable: str) -> Iterator[Browser]:
    """One headless Chromium for the whole session."""
    playwright = sync_playwright().start()
    try:
        try:
            launched = playwright.chromium.launch(
                executable_path=chromium_executable, args=CHROMIUM_ARGS, headless=True
            )
        except PlaywrightError as error:
            browser_unavailable(f"Chromium at {chromium_executable} did not start: {error}")
        yield launched
        launched.close()
    finally:
        playwright.stop()


@pytest.fixture
def demo_data(live_server: LiveServer, transactional_db: None) -> None:
    """Load the demo data: live_server's database is flushed after every test."""
    call_command("seed_demo", stdout=io.StringIO())


@pytest.fixture
def page(browser: Browser, demo_data: None) -> Iterator[Page]:
    """A fresh page in a fresh context (no cookies), in English."""
    context = browser.new_context(locale="en-GB")
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    try:
        yield context.new_page()
    finally:
        context.close()
