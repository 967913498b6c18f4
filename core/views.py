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


@login_required
def notification_settings(request: HttpRequest) -> HttpResponse:
    kinds = sorted(
        set(Notification.objects.filter(user=request.user).values_list("kind", flat=True))
        | set(
            NotificationPreference.objects.filter(user=request.user).values_list("kind", flat=True)
        )
    )
    if request.method == "POST":
        enabled = set(request.POST.getlist("email"))
        for kind in kinds:
            services.set_email_preference(
                actor=request.user, kind=kind, email_enabled=kind in enabled
            )
        messages.success(request, _("Your e-mail settings were saved."))
        return redirect("core:notification-settings")
    disabled = set(
        NotificationPreference.objects.filter(user=request.user, email_enabled=False).values_list(
            "kind", flat=True
        )
    )
    rows = [{"kind": kind, "email_enabled": kind not in disabled} for kind in kinds]
    return render(request, "core/notification_settings.html", {"rows": rows})
