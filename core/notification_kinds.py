"""The kinds of notification core and the plugins send, with their labels and defaults."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.contrib import NotificationKind
from core.plugins import hook

# Kinds nobody registers (a plugin switched off, a kind left out by mistake) are shown
# together under this label and e-mailed unless the person turned them off.
OTHER_KINDS_LABEL = _("Other notifications")


def notification_kinds() -> dict[str, NotificationKind]:
    """Every kind registered by core and the active plugins, by key."""
    kinds: dict[str, NotificationKind] = {}
    for contributions in hook().register_notification_kinds():
        for kind in contributions:
            if kind.key in kinds:
                raise ValueError(f"Two notification kinds are keyed {kind.key!r}.")
            kinds[kind.key] = kind
    return kinds


def notification_kind(key: str) -> NotificationKind:
    """The registered kind ``key``, or a stand-in that is e-mailed by default."""
    kind = notification_kinds().get(key)
    if kind is None:
        return NotificationKind(key=key, label=OTHER_KINDS_LABEL, email_by_default=True)
    return kind
