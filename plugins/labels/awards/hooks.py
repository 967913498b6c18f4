"""Hook implementations of the labels plugin's awards (see docs/hooks.md): the events
that issue awards, the holder's pages and desktop panel, notification kinds,
privacy and demo data."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from core.contrib import DemoData, DesktopPanel, NotificationKind, PrivacyProvider, UrlMount
from core.plugins import hookimpl

PANEL_SIZE = 5


@hookimpl
def on_project_approved(event) -> None:
    from plugins.labels.awards import listeners

    listeners.project_approved(event)


@hookimpl
def on_project_teacher_joined(event) -> None:
    from plugins.labels.awards import listeners

    listeners.project_teacher_joined(event)


@hookimpl
def on_meeting_completed(event) -> None:
    from plugins.labels.awards import listeners

    listeners.meeting_completed(event)


@hookimpl
def on_seminar_attended(event) -> None:
    from plugins.labels.awards import listeners

    listeners.seminar_attended(event)


@hookimpl
def on_course_completed(event) -> None:
    from plugins.labels.awards import listeners

    listeners.course_completed(event)


@hookimpl
def register_urls() -> list[UrlMount]:
    return [UrlMount(prefix="awards/", urlconf="plugins.labels.awards.urls", namespace="awards")]


@hookimpl
def register_desktop_panels(user) -> list[DesktopPanel]:
    """My labels and certificates: the newest few, with a link to all of them."""
    from plugins.labels.awards import queries

    if not user.is_authenticated or user.kind != user.Kind.TEACHER:
        return []
    return [
        DesktopPanel(
            key="awards",
            title=gettext_lazy("My labels and certificates"),
            template="labels/awards/panel.html",
            context={"awards": list(queries.awards_of(user)[:PANEL_SIZE])},
            order=60,
        )
    ]


@hookimpl
def register_notification_kinds() -> list[NotificationKind]:
    from plugins.labels.awards import notifications

    return list(notifications.KINDS)


@hookimpl
def register_privacy_providers() -> list[PrivacyProvider]:
    from plugins.labels.awards import privacy

    return [
        PrivacyProvider(
            key="labels.awards", export=privacy.export_awards_data, erase=privacy.erase_awards_data
        )
    ]


@hookimpl
def register_demo_data() -> list[DemoData]:
    from plugins.labels.awards.demo import load_awards_demo_data

    # After every other plugin's demo data, whose services' events issue the awards.
    return [DemoData(key="labels.awards", load=load_awards_demo_data, order=90)]
