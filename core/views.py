"""Core's pages: the desktop and notifications. Views parse input and call services."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core import services
from core.contrib import DesktopPanel
from core.htmx import in_place
from core.models import Notification, NotificationPreference
from core.notification_kinds import OTHER_KINDS_LABEL, notification_kinds
from core.plugins import hook


def desktop_panels(user) -> list[DesktopPanel]:
    """The panels every active plugin contributes to ``user``'s desktop: those that need
    the person's action first (the next step), then by order."""
    panels = [panel for panels in hook().register_desktop_panels(user=user) for panel in panels]
    return sorted(panels, key=lambda panel: (not panel.needs_action, panel.order, panel.key))


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
@require_POST
def notification_mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one notification read: in place with htmx, else back to the same page."""
    notification = get_object_or_404(Notification, pk=pk, user=request.user)
    if services.mark_notifications_read(actor=request.user, notification_ids=[notification.pk]):
        messages.success(request, _("Notification marked as read."))
    notification.refresh_from_db()
    fallback = reverse("core:notifications")
    page = request.POST.get("page", "")
    if page.isdigit() and page != "1":
        fallback += f"?page={page}"
    return in_place(
        request,
        "core/notifications/_item.html",
        {"notification": notification, "page_number": page if page.isdigit() else ""},
        fallback_url=fallback,
    )


# The checkbox that stands for every kind no active plugin registers any more.
OTHER_KINDS = "other"


class _Choice(str):
    """A kind's label that also carries its description, for the settings page."""

    def __new__(cls, label, description, value, email_enabled):
        choice = super().__new__(cls, label)
        choice.description, choice.value, choice.email_enabled = description, value, email_enabled
        return choice


class _DescribedCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes whose description (when there is one) is tied to them by id."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if getattr(label, "description", ""):
            option["attrs"]["aria-describedby"] = f"{option['attrs']['id']}-help"
        return option


class EmailSettingsForm(forms.Form):
    """Which kinds of notification are also e-mailed: one checkbox per kind."""

    email = forms.MultipleChoiceField(
        label=_l("Send me an e-mail for these kinds of notification"),
        required=False,
        widget=_DescribedCheckboxes(attrs={"class": "form-check-input"}),
    )

    def __init__(self, rows: list[_Choice], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].choices = [(row.value, row) for row in rows]
        self.initial["email"] = [row.value for row in rows if row.email_enabled]


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
        _Choice(kind.label, kind.description, kind.key, chosen.get(kind.key, kind.email_by_default))
        for kind in known
    ]
    if unknown:
        rows.append(
            _Choice(
                OTHER_KINDS_LABEL, "", OTHER_KINDS, all(chosen.get(key, True) for key in unknown)
            )
        )
    form = EmailSettingsForm(rows) if rows else None
    return render(request, "core/notification_settings.html", {"rows": rows, "form": form})
