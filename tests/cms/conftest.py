"""Fixtures for the portal's page tests."""

from __future__ import annotations

import pytest
from wagtail.models import Site

from cms.models import HomePage, StandardPage


@pytest.fixture
def home_page(db) -> HomePage:
    """The home page that the data migration puts at the root of the default site."""
    return Site.objects.get(is_default_site=True).root_page.specific


@pytest.fixture
def add_standard_page():
    """Create and publish a standard page under ``parent``."""

    def add(parent, title: str, slug: str, **fields) -> StandardPage:
        page = parent.add_child(instance=StandardPage(title=title, slug=slug, **fields))
        page.save_revision().publish()
        return page

    return add
