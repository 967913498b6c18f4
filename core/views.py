"""Core's pages: the desktop and notifications. Views parse input and call services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core import services
from core.contrib import DesktopPanel
from core.models import Notification, NotificationPreference
from core.notification_kinds import OTHER_KINDS_LABEL, notification_kinds
from core.plugins import hook


def desktop_panels(user) -> list[DesktopPanel]:
    """The panels every active plugin contributes to ``user``'s desktop, in order."""
    panels = [panel for panels in hook().register_desktop_panels(user=user) for panel in panels]
    return sorted(panels, key=lambda panel: (panel.order, panel.key))


@login_required
def desktop(request: HttpRequest) -> HttpResponse:
    return render(request, "core/desktop.html", {"panels": desktop_panels(request.user)})


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    notifications = Notification.objects.filter(user=request.user).select_related("actor")
    page = Paginator(notifications, 25).get_page(request.GET.get("page"))
    return render(request, "core/notifications.html", {"page": page})


@login_required
@require_POST
def notifications_mark_read(request: HttpRequest) -> HttpResponse:
    count = services.mark_notifications_read(actor=request.user)
    messages.success(
        request,
        ngettext(
            "%(count)d notification marked as read.",
            "%(count)d notifications marked as read.",
            count,
        )
        % {"count": count},
    )
    return redirect("core:notifications")


# The checkbox that stands for every kind no active plugin registers any more.
OTHER_KINDS = "other"


@login_required
def notification_settings(request: HttpRequest) -> HttpResponse:
    """Per kind of notification the person has met, whether it is also e-mailed.

    Kinds are shown by their translated label; kinds nobody registers share one row.
    """
    registered = notification_kinds()
    received = (
        Notification.objects.filter(user=request.user)
        .order_by()
        .values_list("kind", flat=True)
        .distinct()
    )
    chosen = dict(
        NotificationPreference.objects.filter(user=request.user).values_list(
            "kind", "email_enabled"
        )
    )
    seen = set(received) | set(chosen)
    known = sorted(
        (registered[key] for key in seen if key in registered), key=lambda kind: str(kind.label)
    )
    unknown = sorted(seen - set(registered))
    if request.method == "POST":
        enabled = set(request.POST.getlist("email"))
        for kind in known:
            services.set_email_preference(
                actor=request.user, kind=kind.key, email_enabled=kind.key in enabled
            )
        for key in unknown:
            services.set_email_preference(
                actor=request.user, kind=key, email_enabled=OTHER_KINDS in enabled
            )
        messages.success(request, _("Your e-mail settings were saved."))
        return redirect("core:notification-settings")
    rows = [
        {
            "value": kind.key,
            "label": kind.label,
            "description": kind.description,
            "email_enabled": chosen.get(kind.key, kind.email_by_default),
        }
        for kind in known
    ]
    if unknown:
        rows.append(
            {
                "value": OTHER_KINDS,
                "label": OTHER_KINDS_LABEL,
                "description": "",
                "email_enabled": all(chosen.get(key, True) for key in unknown),
            }
        )
    return render(request, "core/notification_settings.html", {"rows": rows})
