"""Core's own contributions, made through the same hooks every plugin uses."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.contrib import (
    ApiRouter,
    DemoData,
    DesktopPanel,
    MenuItem,
    NotificationKind,
    PrivacyProvider,
    ScheduledTask,
    SitemapSection,
    UrlMount,
)
from core.plugins import hookimpl


@hookimpl
def register_urls() -> list[UrlMount]:
    return [UrlMount(prefix="", urlconf="core.site_urls", namespace="core")]


@hookimpl
def register_sitemaps() -> list[SitemapSection]:
    from wagtail.contrib.sitemaps import Sitemap

    # The portal: Wagtail's live pages that are not behind a login or a password.
    return [SitemapSection(key="portal", sitemap=Sitemap)]


@hookimpl
def register_api_routers() -> list[ApiRouter]:
    from core.api import router

    return [ApiRouter(prefix="", router=router, tags=("core",))]


@hookimpl
def register_menu_items(user) -> list[MenuItem]:
    is_pupil = user.is_authenticated and user.kind == user.Kind.PUPIL
    # Pupils see only their own pages: the portal is not for them (DOMAIN.md §1).
    items = [] if is_pupil else [MenuItem(key="home", label=_("Home"), url="/", order=0)]
    if user.is_authenticated:
        items.append(
            MenuItem(key="desktop", label=_("My desktop"), url=reverse("core:desktop"), order=10)
        )
        if not is_pupil:
            # Pupils have no calendar: their teachers keep the dates (DOMAIN.md §1).
            items.append(
                MenuItem(
                    key="calendar", label=_("My calendar"), url=reverse("core:calendar"), order=80
                )
            )
        items.append(
            MenuItem(
                key="notifications",
                label=_("Notifications"),
                url=reverse("core:notifications"),
                order=90,
            )
        )
        if user.has_perm("wagtailadmin.access_admin"):
            items.append(MenuItem(key="admin", label=_("Administration"), url="/admin/", order=999))
    return items


@hookimpl
def register_desktop_panels(user) -> list[DesktopPanel]:
    from core.models import Notification

    unread = list(Notification.objects.filter(user=user, read_at__isnull=True)[:5])
    return [
        DesktopPanel(
            key="account",
            title=_("My account"),
            template="core/panels/account.html",
            context={"account": user},
            order=0,
        ),
        DesktopPanel(
            key="notifications",
            title=_("Latest notifications"),
            template="core/panels/notifications.html",
            context={"notifications": unread},
            order=900,
        ),
    ]


@hookimpl
def register_scheduled_tasks() -> list[ScheduledTask]:
    return [
        ScheduledTask(
            name="core.sweep_notification_emails",
            func="core.tasks.sweep_pending_notification_emails",
            minutes=10,
            description="Re-enqueue e-mails whose task was lost; forget old account e-mails.",
        ),
        ScheduledTask(
            name="core.retry_failed_event_deliveries",
            func="core.tasks.retry_failed_event_deliveries",
            minutes=5,
            description="Deliver again the events that a listener failed to handle.",
        ),
    ]


@hookimpl
def register_privacy_providers() -> list[PrivacyProvider]:
    from core import privacy

    return [
        PrivacyProvider(key="core", export=privacy.export_core_data, erase=privacy.erase_core_data)
    ]


@hookimpl
def register_demo_data() -> list[DemoData]:
    from core.demo import load_core_demo_data

    return [DemoData(key="core", load=load_core_demo_data, order=0)]


@hookimpl
def register_notification_kinds() -> list[NotificationKind]:
    return [
        NotificationKind("validation.requested", _("A teacher asks to be validated")),
        NotificationKind(
            "validation.head_teacher_confirmed",
            _("A head teacher confirmed that a teacher works at their school"),
        ),
        NotificationKind("validation.validated", _("Your registration was validated")),
        NotificationKind("validation.rejected", _("Your registration was not validated")),
        NotificationKind(
            "support.opened", _("A teacher asks the National Support Service a question")
        ),
        NotificationKind("support.replied", _("A teacher wrote again about a support request")),
        NotificationKind("support.answered", _("Your support request was answered")),
        NotificationKind("support.closed", _("Your support request was closed")),
        NotificationKind("contact.request", _("Someone asks to become your contact")),
        NotificationKind("contact.accepted", _("Someone accepted your contact request")),
        NotificationKind("account.blocked", _("Your profile was blocked")),
        NotificationKind("account.unblocked", _("Your profile was unblocked")),
        NotificationKind("account.restored", _("Your profile was restored")),
        NotificationKind(
            "account.inactivity_warning", _("Your profile will be deactivated for inactivity")
        ),
        NotificationKind("account.deactivated", _("Your profile was deactivated")),
    ]
