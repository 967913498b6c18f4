"""A page loads at most 150 KB of CSS and JavaScript, compressed (the design-system
budget), and only from our own static files."""

from __future__ import annotations

import gzip
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

from tests.factories import TeacherFactory
from tests.factories.twinspace import make_project

pytestmark = pytest.mark.django_db

BUDGET_BYTES = 150 * 1024


class Assets(HTMLParser):
    """Every style sheet (``<link rel="stylesheet">``, preloaded or not) and every script
    with a ``src`` a page names, whatever the order of the attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "script" and attributes.get("src"):
            self.urls.append(attributes["src"])
        rel = (attributes.get("rel") or "").lower().split()
        is_style = "stylesheet" in rel or (
            {"preload", "modulepreload"} & set(rel) and attributes.get("as") in {"style", "script"}
        )
        if tag == "link" and is_style and attributes.get("href"):
            self.urls.append(attributes["href"])


def assets_of(html: str) -> list[str]:
    parser = Assets()
    parser.feed(html)
    return list(dict.fromkeys(parser.urls))


def test_assets_of_finds_style_sheets_and_scripts_whatever_the_attribute_order():
    html = (
        '<link href="/static/a.css" rel="stylesheet"><link rel="stylesheet" href="/static/b.css">'
        '<link rel="icon" href="/static/i.svg"><script defer src="/static/c.js"></script>'
        '<link rel="modulepreload" as="script" href="/static/d.js"><script>inline</script>'
    )
    assert assets_of(html) == ["/static/a.css", "/static/b.css", "/static/c.js", "/static/d.js"]


def space_home(client) -> str:
    project = make_project()
    client.force_login(project.founder)
    return project.get_absolute_url()


PAGES = {
    "/": lambda client: "/",
    "/login/": lambda client: "/login/",
    "/desktop/": lambda client: "/desktop/",
    "/search/": lambda client: "/search/?q=a",
    "a TwinSpace": space_home,
}


@pytest.mark.parametrize("page", PAGES)
def test_a_page_loads_at_most_150_kb_of_compressed_css_and_javascript(client, page):
    client.force_login(TeacherFactory())
    path = PAGES[page](client)
    response = client.get(path, follow=True)
    assert response.status_code == 200
    assets = assets_of(response.content.decode())
    assert assets, "the page names no style sheet or script"
    total = 0
    for url in assets:
        assert url.startswith(settings.STATIC_URL), f"{url} is not one of our static files"
        found = finders.find(url.removeprefix(settings.STATIC_URL))
        assert found, f"{url} is missing"
        with open(found, "rb") as asset:
            total += len(gzip.compress(asset.read()))
    assert total <= BUDGET_BYTES
