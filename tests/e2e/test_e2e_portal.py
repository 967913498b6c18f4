"""The main journeys through the portal, in a real browser.

Every test starts from the demo data (``seed_demo``): the demo users share the
password ``opentwin-demo-2026``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

pytestmark = pytest.mark.e2e

DEMO_PASSWORD = "opentwin-demo-2026"


def test_visitor_sees_home_page_and_can_switch_it_to_spanish(
    page: Page, live_server: LiveServer, tmp_path: Path
) -> None:
    response = page.goto(f"{live_server.url}/")

    assert response is not None
    assert response.status == 200
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1").first).to_be_visible()
    expect(page.get_by_role("main")).to_have_count(1)
    language = page.get_by_role("combobox", name="Language")
    expect(language).to_be_visible()
    screenshot = tmp_path / "home.png"
    page.screenshot(path=screenshot, full_page=True)
    assert screenshot.stat().st_size > 0

    language.select_option(label="Español")
    # The form works without JavaScript: its submit button posts the choice.
    page.locator("form:has(select[name=language]) [type=submit]").click()

    expect(page.locator("html")).to_have_attribute("lang", "es")


def test_admin_logs_in_to_the_wagtail_dashboard(page: Page, live_server: LiveServer) -> None:
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("form [type=submit]").first.click()

    expect(page).to_have_url(f"{live_server.url}/admin/")
    expect(page.locator(".w-dashboard")).to_be_visible()
    expect(page).to_have_title(re.compile("Dashboard"))


def test_teacher_logs_in_and_lands_on_the_desktop(
    page: Page, live_server: LiveServer, tmp_path: Path
) -> None:
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "teacher.ana")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("main form [type=submit]").click()

    expect(page).to_have_url(f"{live_server.url}/desktop/")
    expect(page.get_by_role("heading", name="My account")).to_be_visible()
    screenshot = tmp_path / "desktop.png"
    page.screenshot(path=screenshot, full_page=True)
    assert screenshot.stat().st_size > 0
