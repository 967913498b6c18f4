"""Hook implementations of the twinspace plugin that belong to no single area.

Each area with hook implementations (projects, board, members, groups) has its own
``hooks.py``, listed in the manifest.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.contrib import NotificationKind, UrlMount
from core.plugins import hookimpl


@hookimpl
def register_urls() -> list[UrlMount]:
    # Pupils may enter: every view of the TwinSpace checks what each person may see.
    return [
        UrlMount(
            prefix="", urlconf="plugins.twinspace.urls", namespace="twinspace", open_to_pupils=True
        )
    ]


@hookimpl
def register_notification_kinds() -> list[NotificationKind]:
    return [
        NotificationKind("twinspace.project_invited", _("You are asked to co-found a project")),
        NotificationKind("twinspace.project_accepted", _("The co-founder accepted your project")),
        NotificationKind("twinspace.project_declined", _("The co-founder declined your project")),
        NotificationKind("twinspace.project_submitted", _("A project waits for your approval")),
        NotificationKind("twinspace.project_approved", _("Your project was approved")),
        NotificationKind("twinspace.project_rejected", _("Your project was not approved")),
        NotificationKind("twinspace.project_closed", _("A project of yours was closed")),
        NotificationKind("twinspace.invitation", _("You are invited to join a TwinSpace")),
        NotificationKind("twinspace.invitation_accepted", _("Someone accepted your invitation")),
        NotificationKind("twinspace.invitation_rejected", _("Someone declined your invitation")),
        NotificationKind("twinspace.role_changed", _("Your role in a TwinSpace changed")),
        NotificationKind(
            "twinspace.member_removed", _("You are no longer a member of a TwinSpace")
        ),
        NotificationKind("twinspace.guest_access", _("You can read a TwinSpace as a guest")),
        NotificationKind("twinspace.comment", _("Someone commented on your update")),
        NotificationKind("twinspace.reply", _("New replies in forum threads")),
        NotificationKind("twinspace.wall_answer", _("Someone answered a message on your wall")),
        NotificationKind("twinspace.group_submitted", _("A new group waits for your moderation")),
        NotificationKind("twinspace.group_approved", _("Your group was approved")),
        NotificationKind("twinspace.group_rejected", _("Your group was not approved")),
        NotificationKind("twinspace.group_joined", _("A teacher joined your group")),
        NotificationKind("twinspace.group_archived", _("A group of yours was archived")),
    ]
