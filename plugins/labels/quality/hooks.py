"""Hook implementations of the National Quality Label (see docs/hooks.md): its
notification kinds."""

from __future__ import annotations

from core.contrib import NotificationKind
from core.plugins import hookimpl


@hookimpl
def register_notification_kinds() -> list[NotificationKind]:
    from plugins.labels.quality import notifications

    return list(notifications.KINDS)
