"""The pages each demo role reaches, and what the design-system checks measure on them.

Shared by the browser tests (tests/e2e) and ``scripts/ui_audit.py``, so that the test
and the audit of a release look at the same pages in the same way:

- ``log_in`` logs a demo user in (pupils at their own login page);
- ``page_set`` lists the pages a role reaches from its header menu and its desktop
  (the home page for a visitor), every section of a TwinSpace the desktop links to,
  the professional development pages the menu and desktop lead to (teaching meetings,
  online seminars, courses, calls for events: the list, an item, its sections and a
  thread or a unit), and search with results with its result links and each kind
  of result, one level deep, deduplicated by path pattern (``/projects/1/`` and
  ``/projects/2/`` are one);
- ``serve_axe`` and ``measure`` run axe-core on a page and read its width.

Only the standard library and Playwright objects passed in are used, so the module
runs against any server, including an older version of the project.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

DEMO_PASSWORD = "opentwin-demo-2026"  # noqa: S105 - the demo data's published password
# Every demo role of the site's pages (README, "Demo logins"); the operator and the
# editor work in the Wagtail admin, which keeps Wagtail's own look.
ROLES = (
    "visitor",
    "teacher.ana",
    "teacher.luc",
    "teacher.new",
    "pupil.demo",
    "nss.es",
    "css",
    "trainer",
)
# A laptop and a phone (the design system's two reference screens).
VIEWPORTS = {1280: {"width": 1280, "height": 800}, 390: {"width": 390, "height": 844}}
# WCAG 2.2 level A and AA, as axe-core tags them.
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")
AXE_SCRIPT = Path(__file__).resolve().parent.parent / "tests/e2e/vendor/axe-core/axe.min.js"
# The Content-Security-Policy allows scripts from the site's own origin only, and an
# inline <script> with axe's source would be refused: the browser context answers this
# same-origin address with the vendored file instead.
AXE_PATH = "/static/__axe__.js"

# Links that leave the site's pages: the admin keeps Wagtail's own look, files download.
SKIPPED_PREFIXES = ("/admin/", "/django-admin/", "/api/", "/static/", "/media/")
SKIPPED_WORDS = ("/logout", "/download", "/file", "/export")
# Files rather than pages: certificates, badges, credentials, calendars, captions.
FILE_NAME = re.compile(r"\.[a-z0-9]{2,5}$")
SEARCH_WITH_RESULTS = "/search/?q=a"
NUMBER = re.compile(r"/\d+(?=/|$)")
PROJECT = re.compile(r"^/projects/\d+/")
# The professional development pages: teaching meetings, online seminars, courses and
# calls for events.
MEETINGS = re.compile(r"^/(meetings|seminars|courses|calls)/")
# A list, an item's page, its sections (a course's units), a thread: three levels.
MEETING_DEPTH = 3


def log_in(page, base: str, username: str) -> None:
    """Log ``username`` in with the demo password (pupils at the pupils' login page)."""
    login = "/pupils/login/" if username.startswith("pupil") else "/login/"
    page.goto(f"{base}{login}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("main form [type=submit]").click()
    page.wait_for_load_state()


def pattern(address: str) -> str:
    """The path pattern of ``address``: numbers are one pattern, the query is kept."""
    parts = urlsplit(address)
    path = NUMBER.sub("/<n>", parts.path)
    return f"{path}?{parts.query}" if parts.query else path


def site_links(page, base: str, selector: str = "header a, main a") -> list[str]:
    """The site's pages that ``selector``'s links lead to, as paths (with the query of a
    search), in document order, without the admin, downloads and logging out."""
    host = urlsplit(base).netloc
    found = []
    links = page.eval_on_selector_all(
        selector, "links => links.map(a => [a.href, a.hasAttribute('download')])"
    )
    for href, downloads in links:
        parts = urlsplit(href)
        if downloads or FILE_NAME.search(parts.path):
            continue
        if parts.scheme not in {"http", "https"} or parts.netloc != host:
            continue
        if parts.path.startswith(SKIPPED_PREFIXES):
            continue
        if any(word in parts.path for word in SKIPPED_WORDS):
            continue
        # A query matters for search (filters, pages of results); elsewhere it is the
        # language selector's or a return address, and the page is the same.
        keep_query = parts.path == "/search/" and parts.query
        found.append(f"{parts.path}?{parts.query}" if keep_query else parts.path)
    return found


def search_filters(page) -> list[str]:
    """Search with results for each kind of result the search form offers."""
    kinds = page.eval_on_selector_all(
        "main select[name=kind] option", "options => options.map(o => o.value)"
    )
    query = dict(parse_qsl(urlsplit(SEARCH_WITH_RESULTS).query))
    return [f"/search/?{urlencode({**query, 'kind': kind})}" for kind in kinds if kind]


@dataclass
class PageSet:
    """Pages in the order they were found, one per path pattern."""

    paths: list[str] = field(default_factory=list)
    patterns: set[str] = field(default_factory=set)

    def add(self, paths) -> None:
        for path in paths:
            key = pattern(path)
            if key not in self.patterns:
                self.patterns.add(key)
                self.paths.append(path)


def page_set(page, base: str, username: str) -> list[str]:
    """Every page ``username`` reaches from its menu and desktop (see the module's
    docstring), logged in already in ``page``'s context."""
    start = "/" if username == "visitor" else "/desktop/"
    pages = PageSet()
    page.goto(f"{base}{start}")
    pages.add([start])
    first_level = site_links(page, base)
    pages.add(first_level)
    # Each TwinSpace the desktop links to: its home and every section it links to (a
    # member sees them all; others are sent to the project's public page).
    spaces = dict.fromkeys(match.group(0) for match in map(PROJECT.match, first_level) if match)
    for space in spaces:
        page.goto(f"{base}{space}")
        # A project that is not open yet sends people to its about page: that page is
        # another pattern, and its links are still this person's to follow.
        if urlsplit(page.url).path == space:
            pages.add([space])
        pages.add(path for path in site_links(page, base, "main a") if PROJECT.match(path))
    # Professional development: each list and the items of the desktop's panels, the
    # sections each one links to, and the pages those link to (a thread, a unit), one
    # page per pattern.
    frontier = [path for path in first_level if MEETINGS.match(path)]
    visited: set[str] = set()
    for _level in range(MEETING_DEPTH):
        following = []
        for path in frontier:
            if pattern(path) in visited:
                continue
            visited.add(pattern(path))
            response = page.goto(f"{base}{path}")
            if urlsplit(page.url).path != path or response is None:
                continue
            pages.add([path])
            following.extend(p for p in site_links(page, base, "main a") if MEETINGS.match(p))
        frontier = following
    # Search with results (pupils are sent back to their desktop): results and filters.
    response = page.goto(f"{base}{SEARCH_WITH_RESULTS}")
    if urlsplit(page.url).path == "/search/" and response is not None and response.ok:
        pages.add([SEARCH_WITH_RESULTS])
        pages.add(site_links(page, base, "main a"))
        pages.add(search_filters(page))
    return pages.paths


def serve_axe(context) -> None:
    """Answer ``AXE_PATH`` on any origin of ``context`` with the vendored axe-core."""
    body = AXE_SCRIPT.read_bytes()
    context.route(
        f"**{AXE_PATH}",
        lambda route: route.fulfill(
            status=200, body=body, content_type="application/javascript; charset=utf-8"
        ),
    )


RUN_AXE = """async (tags) => {
  const results = await axe.run(document, {runOnly: {type: "tag", values: tags}});
  return results.violations.map(v => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map(n => n.target.map(String).join(" ")),
  }));
}"""


def axe_violations(page, base: str) -> list[dict]:
    """axe-core's WCAG 2.2 A/AA violations on ``page`` (its context has ``serve_axe``)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(url=f"{base}{AXE_PATH}")
    return page.evaluate(RUN_AXE, list(AXE_TAGS))


@dataclass
class Measure:
    """What the checks read on one page at one width."""

    path: str
    width: int
    status: int
    url: str
    scroll_width: int
    inner_width: int
    violations: list[dict]
    # What the browser refused under the site's Content-Security-Policy on this page
    # (an icon of the style sheet, a script): a page that looks right only without it.
    blocked: list[str] = field(default_factory=list)

    @property
    def overflow(self) -> int:
        """How many pixels the page is wider than the screen."""
        return self.scroll_width - self.inner_width

    @property
    def nodes(self) -> int:
        return sum(len(violation["nodes"]) for violation in self.violations)


# Two animation frames after a resize: media queries applied and the page laid out again.
SETTLED = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"


def watch_policy(page) -> list[str]:
    """Collect, into the returned list, every refusal of the Content-Security-Policy the
    browser reports on ``page`` (``measure`` empties it for each page)."""
    blocked: list[str] = []
    page.on(
        "console",
        lambda message: (
            blocked.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return blocked


def measure(
    page, base: str, path: str, widths=tuple(VIEWPORTS), blocked: list[str] | None = None
) -> list[Measure]:
    """Open ``path`` at the first of ``widths``, then turn the screen to each other width
    (as a phone turns, without loading the page again), reading at each one the page's
    width and axe's violations (and, with ``blocked`` from ``watch_policy``, what the
    policy refused)."""
    if blocked is not None:
        blocked.clear()
    page.set_viewport_size(VIEWPORTS[widths[0]])
    response = page.goto(f"{base}{path}")
    page.wait_for_load_state("load")
    measures = []
    for width in widths:
        if width != widths[0]:
            page.set_viewport_size(VIEWPORTS[width])
            page.evaluate(SETTLED)
        scroll_width, inner_width = page.evaluate(
            "[document.documentElement.scrollWidth, window.innerWidth]"
        )
        measures.append(
            Measure(
                path=path,
                width=width,
                status=response.status if response is not None else 0,
                url=page.url.removeprefix(base),
                scroll_width=scroll_width,
                inner_width=inner_width,
                violations=axe_violations(page, base),
                blocked=list(blocked or []),
            )
        )
    return measures


def measure_role(browser, base: str, username: str, widths=(390, 1280)) -> list[Measure]:
    """Log ``username`` in, list its pages, and measure each at every width (the phone's
    first: the page is loaded on a phone and then shown on a wide screen)."""
    context = browser.new_context(viewport=VIEWPORTS[widths[0]], locale="en-GB")
    context.set_default_timeout(15_000)
    serve_axe(context)
    try:
        page = context.new_page()
        if username != "visitor":
            log_in(page, base, username)
        paths = page_set(page, base, username)
        blocked = watch_policy(page)
        return [found for path in paths for found in measure(page, base, path, widths, blocked)]
    finally:
        context.close()
