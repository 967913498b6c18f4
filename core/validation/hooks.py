"""Hook implementations of core's validation area (see docs/hooks.md)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.contrib import DesktopPanel
from core.plugins import hookimpl


@hookimpl
def register_desktop_panels(user) -> list[DesktopPanel]:
    """For NSS staff and regional representatives: the teachers waiting for their decision,
    in the countries and regions they serve."""
    from core.validation import services

    if not user.is_authenticated or not services.is_validator(user):
        return []
    waiting = services.count_by_status(services.requests_for_staff(user))
    count, with_head_teacher = waiting["nss_pending"], waiting["head_teacher_pending"]
    return [
        DesktopPanel.queue(
            key="validation-queue",
            title=_("Teachers waiting for validation"),
            count=count,
            summary=ngettext(
                "teacher is waiting for your validation.",
                "teachers are waiting for your validation.",
                count,
            ),
            detail=ngettext(
                "%(count)d more is waiting for the head teacher's confirmation.",
                "%(count)d more are waiting for the head teacher's confirmation.",
                with_head_teacher,
            )
            % {"count": with_head_teacher}
            if with_head_teacher
            else "",
            url=reverse("core_validation:index"),
            link_label=_("Open the validation queue"),
            order=21,
        )
    ]
