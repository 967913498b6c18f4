"""Hook implementations that connect teaching meetings to the rest of the site: the REST
API, the search, the public portal, the privacy pipeline and the demo data
(see docs/hooks.md and docs/plugins/meetings.md)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.contrib import ApiRouter, DemoData, PortalListing, PrivacyProvider, SearchProvider
from core.plugins import hookimpl


@hookimpl
def register_api_routers() -> list[ApiRouter]:
    from plugins.meetings.api import router

    return [ApiRouter(prefix="meetings/", router=router, tags=("meetings",))]


@hookimpl
def register_search_providers() -> list[SearchProvider]:
    from plugins.meetings.search import providers

    return providers()


@hookimpl
def register_portal_listings() -> list[PortalListing]:
    from plugins.meetings.search import upcoming_portal_items

    return [
        PortalListing(
            key="meetings.upcoming",
            title=_("Upcoming teaching meetings"),
            kind="meetings",
            items=upcoming_portal_items,
            order=30,
        )
    ]


@hookimpl
def register_privacy_providers() -> list[PrivacyProvider]:
    from plugins.meetings import privacy

    return [
        PrivacyProvider(
            key="meetings",
            export=privacy.export_meetings_data,
            erase=privacy.erase_meetings_data,
        )
    ]


@hookimpl
def register_demo_data() -> list[DemoData]:
    from plugins.meetings.demo import load_meetings_demo_data

    # After core's people (order 0) and the TwinSpace's demo projects and groups.
    return [DemoData(key="meetings", load=load_meetings_demo_data, order=70)]
