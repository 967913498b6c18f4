"""Every page a demo role reaches fits a phone and a laptop and meets WCAG 2.2 AA, as far
as a browser can check: no sideways scrolling, no axe-core violation, a visible focus ring,
nothing the Content-Security-Policy refuses (an icon or a script missing from the page).

The pages are those of ``scripts.ui_pages.page_set`` (each role's menu and desktop, the
sections of a TwinSpace, search with results), the same ones ``scripts/ui_audit.py``
reports on. A failure names the page, the width, the axe rule, its impact and the first
offending elements, so that it says what to fix.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page
from pytest_django.live_server_helper import LiveServer

from scripts.ui_pages import AXE_PATH, ROLES, VIEWPORTS, Measure, log_in, measure_role, serve_axe

pytestmark = pytest.mark.e2e

# Elements named per violation in a failure message: enough to find the pattern.
SHOWN_NODES = 3


def problems_of(measure: Measure) -> list[str]:
    """What is wrong with one page at one width, one line each."""
    where = f"{measure.path} at {measure.width} px"
    if measure.url != measure.path:
        where += f" (shown as {measure.url})"
    found = []
    # A page may refuse with an explanation (403: "Unvalidated teachers cannot create
    # projects"); a missing page or a crash behind a link of the menus is a fault.
    if measure.status == 404 or measure.status >= 500:
        found.append(f"{where}: answered {measure.status}")
    if measure.overflow > 0:
        found.append(
            f"{where}: scrolls sideways by {measure.overflow} px "
            f"(scrollWidth {measure.scroll_width} > innerWidth {measure.inner_width})"
        )
    for refusal in dict.fromkeys(measure.blocked):
        found.append(f"{where}: the Content-Security-Policy refused: {refusal[:200]}")
    for violation in measure.violations:
        nodes = violation["nodes"]
        shown = ", ".join(nodes[:SHOWN_NODES]) + (" …" if len(nodes) > SHOWN_NODES else "")
        found.append(
            f"{where}: axe {violation['id']} ({violation['impact']}), "
            f"{len(nodes)} element(s): {shown} — {violation['help']}"
        )
    return found


@pytest.mark.parametrize("username", ROLES)
def test_every_page_of_a_role_fits_the_screen_and_has_no_axe_violation_at_both_widths(
    browser: Browser, demo_data: None, live_server: LiveServer, username: str
) -> None:
    measures = measure_role(browser, live_server.url, username)

    assert {measure.width for measure in measures} == set(VIEWPORTS)
    assert len({measure.path for measure in measures}) >= 4, "the crawl found too few pages"
    problems = [line for measure in measures for line in problems_of(measure)]
    assert not problems, f"{len(problems)} problem(s) for {username}:\n" + "\n".join(problems)


def test_axe_runs_under_the_sites_content_security_policy(
    browser: Browser, demo_data: None, live_server: LiveServer
) -> None:
    """axe is served from the site's own origin, so the policy lets it run: a check that
    could not run would report no violations."""
    context = browser.new_context()
    serve_axe(context)
    try:
        page = context.new_page()
        response = page.goto(f"{live_server.url}/login/")
        assert "default-src 'self'" in response.headers["content-security-policy"]
        page.add_script_tag(url=f"{live_server.url}{AXE_PATH}")
        assert page.evaluate("typeof axe.run") == "function"
        assert page.evaluate("async () => (await axe.run(document)).passes.length") > 0
    finally:
        context.close()


# --- the focus ring -------------------------------------------------------------------

# The focused element's outline and the colour it is drawn on (the first ancestor with a
# background, else white), both read through a canvas so that any CSS colour syntax
# becomes sRGB bytes.
FOCUS_RING = """() => {
  const element = document.activeElement;
  if (!element || element === document.body) return null;
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = 1;
  const context = canvas.getContext("2d", {willReadFrequently: true});
  const rgba = (colour) => {
    context.clearRect(0, 0, 1, 1);
    context.fillStyle = "rgba(0, 0, 0, 0)";
    context.fillStyle = colour;
    context.fillRect(0, 0, 1, 1);
    const [r, g, b, a] = context.getImageData(0, 0, 1, 1).data;
    return [r, g, b, a / 255];
  };
  let background = [255, 255, 255, 1];
  for (let node = element.parentElement; node; node = node.parentElement) {
    const colour = rgba(getComputedStyle(node).backgroundColor);
    if (colour[3] > 0) { background = colour; break; }
  }
  const style = getComputedStyle(element);
  const name = element.id ? `#${element.id}` : (element.textContent || element.name || "").trim();
  return {
    element: `${element.tagName.toLowerCase()} ${name.slice(0, 40)}`,
    style: style.outlineStyle,
    width: parseFloat(style.outlineWidth) || 0,
    colour: rgba(style.outlineColor),
    background: background,
  };
}"""
FOCUS_STEPS = 6
START_AT_THE_TOP = """() => {
  document.body.setAttribute("tabindex", "-1");
  document.body.focus();
  document.body.removeAttribute("tabindex");
}"""


def luminance(rgb: tuple[float, float, float]) -> float:
    """WCAG 2 relative luminance of an sRGB colour given in 0-255 channels."""

    def linear(channel: float) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(channel) for channel in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: tuple[float, float, float], second: tuple[float, float, float]) -> float:
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def over(colour: list[float], background: list[float]) -> tuple[float, float, float]:
    """``colour`` (with its alpha) drawn on an opaque ``background``."""
    alpha = colour[3]
    return tuple(alpha * colour[i] + (1 - alpha) * background[i] for i in range(3))


def test_contrast_follows_wcag_relative_luminance() -> None:
    assert contrast((0, 0, 0), (255, 255, 255)) == pytest.approx(21)
    assert contrast((118, 118, 118), (255, 255, 255)) == pytest.approx(4.54, abs=0.01)
    assert over([0, 0, 0, 0.5], [255, 255, 255, 1]) == (127.5, 127.5, 127.5)


def focus_ring_problems(page: Page) -> list[str]:
    """Tab through the first elements of the page and say which have no visible ring."""
    problems = []
    # Start from the top of the page, before the skip link, even if a field has autofocus.
    page.evaluate(START_AT_THE_TOP)
    for _step in range(FOCUS_STEPS):
        page.keyboard.press("Tab")
        ring = page.evaluate(FOCUS_RING)
        if ring is None:
            break
        where = f"{page.url} {ring['element']!r}"
        if ring["style"] in {"none", "hidden"} or ring["width"] < 2:
            problems.append(f"{where}: outline {ring['style']} {ring['width']}px, not ≥ 2px")
            continue
        background = over(ring["background"], [255, 255, 255, 1])
        ratio = contrast(over(ring["colour"], [*background, 1]), background)
        if ratio < 3:
            problems.append(f"{where}: outline contrast {ratio:.2f}:1 with its background < 3:1")
    return problems


FOCUS_PAGES = {"visitor": ["/login/", "/search/?q=a"], "teacher.ana": ["/desktop/", "/projects/1/"]}


@pytest.mark.parametrize("username", sorted(FOCUS_PAGES))
def test_the_first_focusable_elements_show_a_ring_of_3_to_1_contrast_at_both_widths(
    browser: Browser, demo_data: None, live_server: LiveServer, username: str
) -> None:
    context = browser.new_context(locale="en-GB")
    try:
        page = context.new_page()
        if username != "visitor":
            log_in(page, live_server.url, username)
        problems = []
        for width, viewport in VIEWPORTS.items():
            page.set_viewport_size(viewport)
            for path in FOCUS_PAGES[username]:
                page.goto(f"{live_server.url}{path}")
                problems += [f"{problem} at {width} px" for problem in focus_ring_problems(page)]
        assert problems == []
    finally:
        context.close()
