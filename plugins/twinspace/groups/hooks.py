"""Hook implementations of the TwinSpace groups area (see docs/hooks.md).

The privacy provider of the whole twinspace plugin is registered here too.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.contrib import DemoData, DesktopPanel, MenuItem, PrivacyProvider
from core.plugins import hookimpl

PANEL_SIZE = 5
DEMO_GROUP_TITLE = "Teaching with robots"


def _is_teacher(user) -> bool:
    return user.is_authenticated and user.kind == "teacher"


@hookimpl
def register_menu_items(user) -> list[MenuItem]:
    if not _is_teacher(user):
        return []
    return [MenuItem(key="groups", label=_("Groups"), url=reverse("twinspace:groups"), order=35)]


def _moderation_queue_panel(user) -> list[DesktopPanel]:
    """For NSS staff: the new groups of the countries they serve, waiting for moderation."""
    from plugins.twinspace.groups import services
    from plugins.twinspace.models import Space

    if not user.is_authenticated or not services.is_group_moderator(user):
        return []
    count = services.groups_for_moderator(user).filter(state=Space.State.PENDING_MODERATION).count()
    return [
        DesktopPanel.queue(
            key="group-moderation-queue",
            title=_("Groups to moderate"),
            count=count,
            summary=ngettext(
                "new group is waiting for your moderation.",
                "new groups are waiting for your moderation.",
                count,
            ),
            url=reverse("twinspace_group_moderation:index"),
            link_label=_("Open the group moderation queue"),
            order=27,
        )
    ]


@hookimpl
def register_desktop_panels(user) -> list[DesktopPanel]:
    from plugins.twinspace.models import Group, Space

    queue = _moderation_queue_panel(user)
    if not _is_teacher(user):
        return queue
    groups = list(
        Group.objects.filter(memberships__user=user, state__in=Space.OPEN).order_by(
            "-memberships__joined_at", "-pk"
        )[:PANEL_SIZE]
    )
    pending = list(
        Group.objects.filter(created_by=user, state=Space.State.PENDING_MODERATION).order_by(
            "-created_at", "-pk"
        )[:PANEL_SIZE]
    )
    return [
        *queue,
        DesktopPanel(
            key="twinspace-groups",
            title=_("My groups"),
            template="twinspace/groups/panel.html",
            context={"groups": groups, "pending": pending},
            order=40,
        ),
    ]


@hookimpl
def register_privacy_providers() -> list[PrivacyProvider]:
    from plugins.twinspace import privacy

    return [
        PrivacyProvider(
            key="twinspace",
            export=privacy.export_twinspace_data,
            erase=privacy.erase_twinspace_data,
        )
    ]


def load_demo_groups() -> Sequence[str]:
    """The active group "Teaching with robots" by teacher.ana, with teacher.luc as member.

    Through the services: Ana creates it, her country's NSS approves it, Luc joins.
    """
    from django.db import transaction

    from core.models import User
    from core.staff import nss_staff_of_country
    from plugins.twinspace.groups import services
    from plugins.twinspace.models import Group, Membership

    founder = User.objects.filter(username="teacher.ana").select_related("school").first()
    member = User.objects.filter(username="teacher.luc").first()
    if founder is None or founder.school_id is None or member is None:
        return ["Demo group skipped: the demo teachers teacher.ana and teacher.luc are missing."]
    if Group.objects.filter(title=DEMO_GROUP_TITLE, created_by=founder).exists():
        return []
    moderator = nss_staff_of_country(founder.school.country_id).order_by("pk").first()
    if moderator is None:
        return ["Demo group skipped: no NSS staff of teacher.ana's country to approve it."]
    with transaction.atomic():
        group = services.create_group(
            actor=founder,
            title=DEMO_GROUP_TITLE,
            description=(
                "Lesson ideas, worksheets and questions about using small robots "
                "in primary and secondary classrooms."
            ),
            membership_policy=Group.Policy.VALIDATED,
        )
        services.moderate_group(actor=moderator, group=group, approve=True)
        if not Membership.objects.filter(space=group, user=member).exists():
            services.join_group(actor=member, group=group)
    return [f"Demo group: {DEMO_GROUP_TITLE} (teacher.ana, teacher.luc)"]


@hookimpl
def register_demo_data() -> list[DemoData]:
    return [DemoData(key="twinspace-groups", load=load_demo_groups, order=60)]
