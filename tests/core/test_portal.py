"""Plugins contribute listings (meetings, seminars, calls, results) to the public portal."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.translation import gettext_lazy

from core.contrib import PortalItem, PortalListing
from core.plugins import hookimpl
from core.portal import portal_listings


class Seminars:
    """An inline plugin with one listing of upcoming seminars and one of results."""

    def __init__(self) -> None:
        start = timezone.now() + timedelta(days=3)
        self.seminars = [
            PortalItem(
                title=f"Seminar {n}",
                url=f"/seminars/{n}/",
                starts_at=start + timedelta(days=n),
                summary="Robots in class",
                language="es",
            )
            for n in range(5)
        ]

    @hookimpl
    def register_portal_listings(self):
        return [
            PortalListing(
                key="example.results",
                title=gettext_lazy("Results"),
                kind="results",
                items=lambda limit: [],
                order=20,
            ),
            PortalListing(
                key="example.upcoming",
                title=gettext_lazy("Upcoming online seminars"),
                kind="example-seminars",
                items=lambda limit: self.seminars[:limit],
                order=10,
            ),
        ]


def test_the_portal_collects_every_plugins_listings_in_order(register_plugin):
    plugin = register_plugin(Seminars(), "seminars")
    listings = [listing for listing in portal_listings() if listing.key.startswith("example.")]
    assert [listing.key for listing in listings] == ["example.upcoming", "example.results"]
    upcoming = listings[0]
    assert str(upcoming.title) == "Upcoming online seminars"
    assert list(upcoming.items(2)) == plugin.seminars[:2]


def test_the_portal_can_ask_for_one_kind_of_listing(register_plugin):
    register_plugin(Seminars(), "seminars")
    assert [listing.key for listing in portal_listings(kind="example-seminars")] == [
        "example.upcoming"
    ]
    assert portal_listings(kind="example-calls") == []


def test_two_listings_with_one_key_are_refused(register_plugin):
    register_plugin(Seminars(), "seminars")
    register_plugin(Seminars(), "copy")
    with pytest.raises(ValueError, match=r"example\.results"):
        portal_listings()
