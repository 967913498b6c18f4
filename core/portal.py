"""What plugins contribute to the public portal: listings of meetings, seminars, calls…"""

from __future__ import annotations

from core.contrib import PortalListing
from core.plugins import hook


def portal_listings(kind: str | None = None) -> list[PortalListing]:
    """Every listing of the active plugins (only those of ``kind`` when given), in order.

    Keys are unique across plugins: two listings with one key are a configuration error.
    """
    listings: dict[str, PortalListing] = {}
    for contributions in hook().register_portal_listings():
        for listing in contributions:
            if listing.key in listings:
                raise ValueError(f"Two portal listings are keyed {listing.key!r}.")
            listings[listing.key] = listing
    chosen = [listing for listing in listings.values() if kind is None or listing.kind == kind]
    return sorted(chosen, key=lambda listing: (listing.order, listing.key))
