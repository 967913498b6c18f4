"""On a phone (390 by 844 pixels) no page scrolls sideways, and the folded menu opens with or
without JavaScript.

Each demo role logs in and visits every page its header menu and desktop link to (and,
for a project member, every tab of the project's TwinSpace).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from pytest_django.live_server_helper import LiveServer

pytestmark = pytest.mark.e2e

DEMO_PASSWORD = "opentwin-demo-2026"
PHONE = {"width": 390, "height": 844}
# Links that leave the site's pages: the admin keeps Wagtail's own look, files download.
SKIPPED_PREFIXES = ("/admin/", "/django-admin/", "/api/")
SKIPPED_WORDS = ("/logout", "/download", "/file", "/export")


@pytest.fixture
def phone(browser: Browser, demo_data: None) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport=PHONE, locale="en-GB")
    context.set_default_timeout(15_000)
    try:
        yield context
    finally:
        context.close()


def log_in(page: Page, base: str, username: str) -> None:
    login = "/pupils/login/" if username.startswith("pupil") else "/login/"
    page.goto(f"{base}{login}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("main form [type=submit]").click()
    page.wait_for_load_state()


def site_links(page: Page, base: str) -> set[str]:
    host = urlsplit(base).netloc
    paths = set()
    for href in page.eval_on_selector_all("header a, main a", "links => links.map(a => a.href)"):
        parts = urlsplit(href)
        if parts.netloc != host or parts.path.startswith(SKIPPED_PREFIXES):
            continue
        if any(word in parts.path for word in SKIPPED_WORDS):
            continue
        paths.add(parts.path)
    return paths


def sideways_overflow(page: Page) -> int:
    """How many pixels the page is wider than the screen."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize("username", ["visitor", "teacher.ana", "nss.es", "pupil.demo"])
def test_no_page_scrolls_sideways_on_a_phone(
    phone: BrowserContext, live_server: LiveServer, username: str
) -> None:
    base = live_server.url
    page = phone.new_page()
    if username != "visitor":
        log_in(page, base, username)
    page.goto(f"{base}/desktop/" if username != "visitor" else f"{base}/")
    paths = site_links(page, base)
    if username == "teacher.ana":
        page.get_by_role("link", name="Rivers of Europe").first.click()
        paths |= site_links(page, base)
    assert len(paths) >= 4
    # Search with results and every filter shown: long option labels must not widen it.
    paths.add("/search/?q=a")
    too_wide = {}
    for path in sorted(paths):
        page.goto(f"{base}{path}")
        overflow = sideways_overflow(page)
        if overflow > 0:
            too_wide[path] = overflow
    assert too_wide == {}


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without"])
def test_the_folded_menu_opens_on_a_phone(
    browser: Browser, demo_data: None, live_server: LiveServer, javascript: bool
) -> None:
    context = browser.new_context(viewport=PHONE, locale="en-GB", java_script_enabled=javascript)
    try:
        page = context.new_page()
        log_in(page, live_server.url, "teacher.ana")
        navigation = page.get_by_role("navigation", name="Main")
        expect(navigation).to_be_hidden()
        toggle = page.locator(".menu-toggle")
        box = toggle.bounding_box()
        assert box is not None
        assert box["height"] >= 44
        toggle.click()
        expect(navigation).to_be_visible()
        if javascript:
            expect(toggle).to_have_attribute("aria-expanded", "true")
        navigation.get_by_role("link", name="Search").click()
        expect(page).to_have_url(f"{live_server.url}/search/")
        expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    finally:
        context.close()


def test_the_menu_is_unfolded_on_a_wide_screen(page: Page, live_server: LiveServer) -> None:
    page.set_viewport_size({"width": 1280, "height": 800})
    log_in(page, live_server.url, "teacher.ana")
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    expect(page.locator(".menu-toggle")).to_be_hidden()


TARGETS = """() => {
  const small = [];
  const check = (selector, minimum) => {
    for (const element of document.querySelectorAll(selector)) {
      const box = element.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue;  // not shown
      if (box.height < minimum || box.width < minimum) {
        small.push(`${element.tagName} ${element.name || element.textContent.trim()}: `
          + `${Math.round(box.width)}x${Math.round(box.height)}`);
      }
    }
  };
  check("main button, main input[type=submit], main select, header button, .menu-toggle", 44);
  check("main input[type=checkbox], main input[type=radio], .space-nav a, .post-actions a", 24);
  return small;
}"""


@pytest.mark.parametrize(
    "path", ["/login/", "/desktop/", "/search/", "/projects/new/", "/profile/"]
)
def test_actions_are_44_pixels_and_other_targets_24_on_a_phone(
    phone: BrowserContext, live_server: LiveServer, path: str
) -> None:
    page = phone.new_page()
    if path != "/login/":
        log_in(page, live_server.url, "teacher.ana")
    page.goto(f"{live_server.url}{path}")
    assert page.evaluate(TARGETS) == []


def test_twinboard_targets_are_large_enough_on_a_phone(
    phone: BrowserContext, live_server: LiveServer
) -> None:
    page = phone.new_page()
    log_in(page, live_server.url, "teacher.ana")
    page.get_by_role("link", name="Rivers of Europe").first.click()
    # On a phone the space's sections are folded behind "Sections of this space".
    page.locator("details.space-nav-menu > summary").click()
    sections = page.get_by_role("navigation", name="Sections of this space")
    sections.get_by_role("link", name="Twinboard").click()
    expect(page.locator("details.space-nav-menu > summary")).to_contain_text("Twinboard")
    assert page.evaluate(TARGETS) == []


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without"])
def test_the_space_sections_are_a_folded_menu_on_a_phone_and_a_column_when_wide(
    browser: Browser, demo_data: None, live_server: LiveServer, javascript: bool
) -> None:
    context = browser.new_context(viewport=PHONE, locale="en-GB", java_script_enabled=javascript)
    try:
        page = context.new_page()
        log_in(page, live_server.url, "teacher.ana")
        page.get_by_role("link", name="Rivers of Europe").first.click()
        sections = page.get_by_role("navigation", name="Sections of this space")
        expect(sections).to_be_hidden()
        summary = page.locator("details.space-nav-menu > summary")
        box = summary.bounding_box()
        assert box is not None and box["height"] >= 44
        summary.click()
        expect(sections).to_be_visible()
        sections.get_by_role("link", name="Members").click()
        expect(page).to_have_url(re.compile(r"/members/$"))
        expect(summary).to_contain_text("Members")
        page.set_viewport_size({"width": 1280, "height": 800})
        expect(summary).to_be_hidden()
        current = page.get_by_role("navigation", name="Sections of this space").locator(
            "[aria-current=page]"
        )
        expect(current).to_have_text("Members")
    finally:
        context.close()
