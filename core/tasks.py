"""Background tasks of core. Every task is idempotent: running it twice changes nothing more."""

from __future__ import annotations

import logging

from django.core.mail import send_mail
from django.db.models import F
from django_q.tasks import async_task

from core.links import absolute_url
from core.models.notifications import MAX_EMAIL_ATTEMPTS

logger = logging.getLogger(__name__)


def send_notification_email(notification_id: int) -> str:
    """Send one notification's e-mail unless it was already sent or is no longer wanted."""
    from core.models import Notification

    # Claim the e-mail with a conditional update so two workers never both send it.
    claimed = Notification.objects.filter(
        pk=notification_id,
        email_status=Notification.EmailStatus.PENDING,
        email_attempts__lt=MAX_EMAIL_ATTEMPTS,
    ).update(email_attempts=F("email_attempts") + 1, email_status=Notification.EmailStatus.SENDING)
    if not claimed:
        return "skipped"
    notification = Notification.objects.select_related("user").get(pk=notification_id)
    body = notification.body
    if notification.url:
        body = f"{body}\n\n{absolute_url(notification.url)}".strip()
    try:
        send_mail(
            subject=notification.title,
            message=body,
            from_email=None,
            recipient_list=[notification.user.email],
        )
    except Exception:
        logger.exception("E-mail of notification %s failed", notification_id)
        failed = notification.email_attempts >= MAX_EMAIL_ATTEMPTS
        Notification.objects.filter(pk=notification_id).update(
            email_status=(
                Notification.EmailStatus.FAILED if failed else Notification.EmailStatus.PENDING
            )
        )
        raise
    Notification.objects.filter(pk=notification_id).update(
        email_status=Notification.EmailStatus.SENT
    )
    return "sent"


def sweep_pending_notification_emails() -> int:
    """Scheduled: re-enqueue e-mails whose task was lost (Redis can drop one in flight)."""
    from core.services import requeue_stale_notification_emails

    return requeue_stale_notification_emails()


def retry_failed_event_deliveries() -> int:
    """Scheduled: deliver again the events whose listener failed and whose retry is due."""
    from core.event_delivery import retry_due_failures

    return retry_due_failures()


def send_plain_email(subject: str, body: str, recipients: list[str]) -> None:
    """Send one prepared e-mail (head-teacher links, verification links…)."""
    send_mail(subject=subject, message=body, from_email=None, recipient_list=recipients)


def enqueue_email_after_commit(subject: str, body: str, recipients: list[str]) -> None:
    """Queue an e-mail for the task cluster once the current transaction commits."""
    from django.db import transaction

    transaction.on_commit(
        lambda: async_task("core.tasks.send_plain_email", subject, body, recipients, group="email")
    )
