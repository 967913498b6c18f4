"""A page loads at most 150 KB of CSS and JavaScript, compressed (the design-system
budget), and only from our own static files."""

from __future__ import annotations

import gzip
import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

from tests.factories import TeacherFactory

pytestmark = pytest.mark.django_db

BUDGET_BYTES = 150 * 1024
ASSET = re.compile(r'<(?:link[^>]+rel="stylesheet"[^>]+href|script[^>]+src)="([^"]+)"')


def assets_of(html: str) -> list[str]:
    return ASSET.findall(html)


@pytest.mark.parametrize("path", ["/", "/login/", "/desktop/", "/search/"])
def test_a_page_loads_at_most_150_kb_of_compressed_css_and_javascript(client, path):
    client.force_login(TeacherFactory())
    html = client.get(path, follow=True).content.decode()
    assets = assets_of(html)
    assert assets, "the page names no style sheet or script"
    total = 0
    for url in assets:
        assert url.startswith(settings.STATIC_URL), f"{url} is not one of our static files"
        found = finders.find(url.removeprefix(settings.STATIC_URL))
        assert found, f"{url} is missing"
        with open(found, "rb") as asset:
            total += len(gzip.compress(asset.read()))
    assert total <= BUDGET_BYTES
