"""Hook implementations of the TwinSpace members area (see docs/hooks.md)."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.contrib import DesktopPanel
from core.plugins import hookimpl

PANEL_SIZE = 5
PUPIL_PANEL_SIZE = 50


@hookimpl
def register_desktop_panels(user) -> list[DesktopPanel]:
    from plugins.twinspace.models import Invitation, Membership, Space

    if not user.is_authenticated:
        return []
    if user.kind == user.Kind.PUPIL:
        memberships = list(
            Membership.objects.filter(user=user, space__state__in=Space.OPEN)
            .select_related("space")
            .order_by("space__title", "space_id")[:PUPIL_PANEL_SIZE]
        )
        return [
            DesktopPanel(
                key="twinspace-my-projects",
                title=_("My projects"),
                template="twinspace/members/panel_pupil_projects.html",
                context={"spaces": [membership.space for membership in memberships]},
                order=20,
            )
        ]
    if user.kind != user.Kind.TEACHER:
        return []
    invitations = list(
        Invitation.objects.filter(user=user, status=Invitation.Status.PENDING)
        .select_related("space")
        .order_by("-created_at", "-pk")[:PANEL_SIZE]
    )
    return [
        DesktopPanel(
            key="twinspace-invitations",
            title=_("Invitations"),
            template="twinspace/members/panel_invitations.html",
            context={"invitations": invitations, "validated": user.is_validated_teacher},
            order=25,
            needs_action=bool(invitations) and user.is_validated_teacher,
        )
    ]


@hookimpl
def request_guest_access(project_id: int, user, until: datetime) -> bool | None:
    """Grant (or extend) read-only guest access to an open project for the system."""
    from plugins.twinspace.members.services import grant_guest_access
    from plugins.twinspace.models import Membership, Space

    space = Space.objects.filter(pk=project_id, kind=Space.Kind.PROJECT).first()
    if space is None:
        return None
    if not space.is_open or until <= timezone.now():
        return False
    if Membership.objects.filter(space=space, user=user).exists():
        return True  # members read the space already
    try:
        grant_guest_access(actor=None, space=space, user=user, until=until)
    except ValidationError:
        return False
    return True
