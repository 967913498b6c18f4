"""Hook implementations of the seminars' recordings (see docs/hooks.md): their files'
URLs, the notification registrants get, the REST API, the portal's listing of past
seminars' recordings, privacy and demo data."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from core.contrib import (
    ApiRouter,
    DemoData,
    NotificationKind,
    PortalItem,
    PortalListing,
    PrivacyProvider,
    UrlMount,
)
from core.plugins import hookimpl


@hookimpl
def register_urls() -> list[UrlMount]:
    return [
        UrlMount(
            prefix="seminars/",
            urlconf="plugins.mooc.seminars.recording_urls",
            namespace="seminar_recordings",
        )
    ]


@hookimpl
def register_notification_kinds() -> list[NotificationKind]:
    from plugins.mooc.seminars import recordings

    return list(recordings.KINDS)


@hookimpl
def register_api_routers() -> list[ApiRouter]:
    from plugins.mooc.seminars.recording_api import router

    return [ApiRouter(prefix="recordings/", router=router, tags=("recordings",))]


def recording_portal_items(limit: int) -> list[PortalItem]:
    """At most ``limit`` past seminars with a published recording, latest first."""
    from core.sanitiser import plain_text
    from plugins.mooc.seminars import recordings

    return [
        PortalItem(
            title=recording.seminar.title,
            url=recording.seminar.get_absolute_url(),
            starts_at=recording.seminar.starts_at,
            summary=plain_text(recording.seminar.description)[:300],
            language=recording.seminar.language.code,
        )
        for recording in recordings.published_recordings()[:limit]
    ]


@hookimpl
def register_portal_listings() -> list[PortalListing]:
    return [
        PortalListing(
            key="seminars.recordings",
            title=gettext_lazy("Recordings of past seminars"),
            kind="seminars",
            items=recording_portal_items,
            order=42,
        )
    ]


def export_recordings_data(user) -> dict[str, Any]:
    """The recordings ``user`` added (the seminars' export holds the rest)."""
    from plugins.mooc.models import SeminarRecording

    added = SeminarRecording.objects.filter(added_by=user).select_related("seminar")
    return {
        "recordings_added": [
            {
                "seminar": recording.seminar.title,
                "kind": recording.kind,
                "added": recording.added_at.isoformat(),
            }
            for recording in added.order_by("added_at", "pk")
        ]
    }


def erase_recordings_data(user) -> None:
    """The recordings ``user`` added stay, with nobody named as adding them. Safe twice."""
    from plugins.mooc.models import SeminarRecording

    SeminarRecording.objects.filter(added_by=user).update(added_by=None)


@hookimpl
def register_privacy_providers() -> list[PrivacyProvider]:
    return [
        PrivacyProvider(
            key="mooc.recordings", export=export_recordings_data, erase=erase_recordings_data
        )
    ]


DEMO_ORGANISER = "css"
DEMO_TITLE = "Safer internet in partner classrooms"
DEMO_LINK = "https://video.example.org/opentwin/recordings/safer-internet"


def _demo_past_seminar(organiser) -> None:
    from core.models import Language
    from plugins.mooc.seminars import recordings, services

    start = (timezone.now() - timedelta(days=14)).replace(
        hour=16, minute=0, second=0, microsecond=0
    )
    seminar = services.create_seminar(
        actor=organiser,
        title=DEMO_TITLE,
        description=(
            "<p>How classes that work together online agree on rules for sharing photos, "
            "names and messages, with examples from three eTwinning projects.</p>"
        ),
        language=Language.objects.get(code="en"),
        country=None,
        starts_at=start,
        duration_minutes=60,
        capacity=100,
        live_link="https://video.example.org/opentwin/safer-internet-live",
        speakers=[{"name": "Elena Novak", "affiliation": "Safer Internet Centre, Ljubljana"}],
    )
    seminar = services.publish_seminar(actor=organiser, seminar=seminar)
    recordings.attach_recording(actor=organiser, seminar=seminar, link=DEMO_LINK)
    recordings.publish_recording(actor=organiser, seminar=seminar)


def load_recordings_demo_data() -> list[str]:
    """A past seminar with a published link recording, made through the services (the
    CSS demo account organises it); left as it is when it exists."""
    from core.models import User
    from plugins.mooc.models import Seminar

    organiser = User.objects.filter(username=DEMO_ORGANISER).first()
    if organiser is None:
        return ["Demo recording skipped: the demo person css is missing."]
    if not Seminar.objects.filter(title=DEMO_TITLE, created_by=organiser).exists():
        with transaction.atomic():
            _demo_past_seminar(organiser)
    return [f"Demo seminar with a recording: {DEMO_TITLE} (ended, recording published)"]


@hookimpl
def register_demo_data() -> list[DemoData]:
    # After the seminars' own demo data (order 80).
    return [DemoData(key="mooc.recordings", load=load_recordings_demo_data, order=85)]
