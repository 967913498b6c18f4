"""Hook implementations of the National Quality Label (see docs/hooks.md): its
notification kinds, the teacher's pages and API, their desktop panel and the demo data."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from core.contrib import (
    ApiRouter,
    DemoData,
    DesktopPanel,
    NotificationKind,
    PrivacyProvider,
    ScheduledTask,
    UrlMount,
)
from core.plugins import hookimpl

PANEL_SIZE = 3


@hookimpl
def register_notification_kinds() -> list[NotificationKind]:
    from plugins.labels.quality import notifications

    return list(notifications.KINDS)


@hookimpl
def register_urls() -> list[UrlMount]:
    return [
        UrlMount(
            prefix="quality-labels/",
            urlconf="plugins.labels.quality.urls",
            namespace="quality_labels",
        )
    ]


@hookimpl
def register_api_routers() -> list[ApiRouter]:
    from plugins.labels.quality.api import router

    return [ApiRouter(prefix="quality-labels/", router=router, tags=("quality labels",))]


@hookimpl
def register_desktop_panels(user) -> list[DesktopPanel]:
    """My Quality Label applications: the latest few, for teachers with an application
    or a project."""
    from plugins.labels.quality.queries import applications_of, projects_of

    if not user.is_authenticated or user.kind != user.Kind.TEACHER:
        return []
    applications = list(applications_of(user)[:PANEL_SIZE])
    if not applications and not projects_of(user):
        return []
    return [
        DesktopPanel(
            key="quality_labels",
            title=gettext_lazy("My Quality Label applications"),
            template="labels/quality/panel.html",
            context={"applications": applications},
            order=61,
        )
    ]


@hookimpl
def register_scheduled_tasks() -> list[ScheduledTask]:
    return [
        ScheduledTask(
            name="labels.propose_european_labels",
            func="plugins.labels.quality.tasks.propose_european_labels",
            cron="0 3 1 7 *",
            description=(
                "Each 1 July, propose the school year's European Quality Label candidates "
                "to their National Support Services."
            ),
        )
    ]


@hookimpl
def register_privacy_providers() -> list[PrivacyProvider]:
    from plugins.labels.quality import privacy

    return [
        PrivacyProvider(
            key="labels.quality",
            export=privacy.export_quality_data,
            erase=privacy.erase_quality_data,
        )
    ]


@hookimpl
def register_demo_data() -> list[DemoData]:
    from plugins.labels.quality.demo import load_quality_demo_data

    # After the awards' demo (90): the National Quality Label is issued as an award.
    return [DemoData(key="labels.quality", load=load_quality_demo_data, order=91)]
