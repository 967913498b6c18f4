"""State changes of core's own data: notifications and personal data.

Every function takes the acting user as ``actor``, runs in one transaction,
writes an audit entry where the change matters, and leaves slow work (e-mail)
to background tasks enqueued after commit.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django_q.tasks import async_task

from core import audit
from core.event_delivery import emit
from core.events import UserDataErased
from core.models import Notification, NotificationPreference, User
from core.models.notifications import MAX_EMAIL_ATTEMPTS
from core.notification_kinds import notification_kind
from core.plugins import hook

# Audit actions written by this module's services: one name per change.
DATA_ERASED = "privacy.erase"
DATA_EXPORTED = "privacy.export"


def notify(
    user: User,
    *,
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
) -> Notification:
    """Store an on-site notification for ``user`` and e-mail it after commit.

    The e-mail is skipped when the user has no address or turned e-mail off for ``kind``;
    until they choose, the kind's default decides (see ``register_notification_kinds``).
    """
    wants_email = bool(user.email) and email_enabled_for(user, kind)
    notification = Notification.objects.create(
        user=user,
        kind=kind,
        title=title[:200],
        body=body,
        url=url,
        email_status=(
            Notification.EmailStatus.PENDING if wants_email else Notification.EmailStatus.SKIPPED
        ),
    )
    if wants_email:
        transaction.on_commit(lambda: enqueue_notification_email(notification.pk))
    return notification


def email_enabled_for(user: User, kind: str) -> bool:
    """Whether ``user`` gets ``kind`` by e-mail: their choice, else the kind's default."""
    choice = (
        NotificationPreference.objects.filter(user=user, kind=kind)
        .values_list("email_enabled", flat=True)
        .first()
    )
    return notification_kind(kind).email_by_default if choice is None else choice


def enqueue_notification_email(notification_id: int) -> None:
    """Queue the e-mail of one notification for the task cluster.

    Tasks are queued by name: the worker imports ``core.tasks``, which calls back into
    these services, so this module does not import it.
    """
    async_task(
        "core.tasks.send_notification_email",
        notification_id,
        task_name=f"notification-email-{notification_id}",
        group="notifications",
    )


def mark_notifications_read(*, actor: User, notification_ids: list[int] | None = None) -> int:
    """Mark the actor's notifications as read (all of them when no ids are given)."""
    unread = Notification.objects.filter(user=actor, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=notification_ids)
    return unread.update(read_at=timezone.now())


def set_email_preference(*, actor: User, kind: str, email_enabled: bool) -> None:
    """Turn e-mail for one kind of notification on or off for the actor."""
    NotificationPreference.objects.update_or_create(
        user=actor, kind=kind, defaults={"email_enabled": email_enabled}
    )


def export_user_data(*, actor: User, user: User) -> dict[str, Any]:
    """Collect all data that core and the plugins hold about ``user``, as JSON-ready data."""
    if actor.pk != user.pk and not actor.is_superuser:
        raise PermissionDenied
    data: dict[str, Any] = {}
    for providers in hook().register_privacy_providers():
        for provider in providers:
            data[provider.key] = provider.export(user)
    with transaction.atomic():
        audit.record(DATA_EXPORTED, actor=actor, target=user)
    return data


def erase_user_data(*, actor: User | None, user: User) -> None:
    """Erase ``user``'s personal data everywhere; contributions stay as "former member".

    ``actor`` is ``None`` when the system erases on schedule.
    """
    if actor is not None and actor.pk != user.pk and not actor.is_superuser:
        raise PermissionDenied
    providers = [p for group in hook().register_privacy_providers() for p in group]
    # Core anonymises the account itself, so it goes last: plugins still see the user.
    providers.sort(key=lambda provider: provider.key == "core")
    with transaction.atomic():
        for provider in providers:
            provider.erase(user)
        audit.record(DATA_ERASED, actor=actor, target=user)
        emit(UserDataErased(user_id=user.pk))


def requeue_stale_notification_emails(older_than: timedelta = timedelta(minutes=15)) -> int:
    """Enqueue again the e-mails still pending after ``older_than`` (a lost task)."""
    cutoff = timezone.now() - older_than
    # A worker that died while sending leaves its claim behind: release it.
    Notification.objects.filter(
        email_status=Notification.EmailStatus.SENDING, created_at__lt=cutoff
    ).update(email_status=Notification.EmailStatus.PENDING)
    stale = Notification.objects.filter(
        email_status=Notification.EmailStatus.PENDING,
        created_at__lt=cutoff,
        email_attempts__lt=MAX_EMAIL_ATTEMPTS,
    ).values_list("pk", flat=True)
    count = 0
    for notification_id in stale:
        enqueue_notification_email(notification_id)
        count += 1
    return count
