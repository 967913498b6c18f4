"""On a phone (390 by 844 pixels) the folded menu opens with or without JavaScript, and
touch targets are large enough.

That no page scrolls sideways, for every demo role at both widths, is checked with the
axe-core audit in test_e2e_accessibility.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from pytest_django.live_server_helper import LiveServer

from scripts.ui_pages import VIEWPORTS, log_in

pytestmark = pytest.mark.e2e

PHONE = VIEWPORTS[390]


@pytest.fixture
def phone(browser: Browser, demo_data: None) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport=PHONE, locale="en-GB")
    context.set_default_timeout(15_000)
    try:
        yield context
    finally:
        context.close()


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


@pytest.mark.parametrize("language", ["es", "de"])
def test_longer_words_of_other_languages_still_fit_a_phone(
    phone: BrowserContext, live_server: LiveServer, language: str
) -> None:
    """Spanish and German states are longer ("Pendiente de validación"): a badge wraps
    in its column instead of pushing the desktop sideways."""
    phone.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = phone.new_page()
    log_in(page, live_server.url, "teacher.new")
    for path in ("/desktop/", "/profile/", "/support/new/"):
        page.goto(f"{live_server.url}{path}")
        assert page.evaluate("document.documentElement.lang") == language
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= VIEWPORTS[390]["width"], f"{path} in {language} is {width} px wide"
