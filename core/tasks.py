"""Background tasks of core. Every task is idempotent: running it twice changes nothing more."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import timedelta
from email.mime.base import MIMEBase
from email.mime.text import MIMEText

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import F, Model
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from django_q.tasks import async_task

from core.links import absolute_url
from core.models.notifications import MAX_EMAIL_ATTEMPTS

logger = logging.getLogger(__name__)

# A worker that has held an e-mail this long is taken for dead and its claim freed.
# Well above any SMTP timeout (30 s), so an e-mail being sent is never sent twice.
EMAIL_SEND_TIMEOUT = timedelta(minutes=15)


# --- delivery shared by notifications and account e-mails ---------------------


def send_mail(
    *,
    subject: str,
    message: str,
    recipient_list: list[str],
    html_message: str,
    attachments: Sequence[MIMEBase] = (),
    from_email: str | None = None,
) -> None:
    """Send one e-mail with its HTML version and MIME parts attached (a calendar item's
    ``.ics``): Django's ``send_mail`` with attachments, the one way this module sends."""
    email = EmailMultiAlternatives(
        subject=subject, body=message, from_email=from_email, to=recipient_list
    )
    email.attach_alternative(html_message, "text/html")
    for attachment in attachments:
        email.attach(attachment)
    email.send()


def _claim_email(model: type[Model], pk: int) -> bool:
    """Take one pending e-mail for this worker; a conditional update, so only one wins."""
    from core.models import EmailStatus

    return bool(
        model.objects.filter(
            pk=pk, email_status=EmailStatus.PENDING, email_attempts__lt=MAX_EMAIL_ATTEMPTS
        ).update(
            email_attempts=F("email_attempts") + 1,
            email_status=EmailStatus.SENDING,
            email_claimed_at=timezone.now(),
        )
    )


def _deliver(model: type[Model], pk: int, send: Callable[[Model], None]) -> str:
    """Claim the e-mail of row ``pk``, send it with ``send`` and record the outcome."""
    from core.models import EmailStatus

    if not _claim_email(model, pk):
        return "skipped"
    row = model.objects.get(pk=pk)
    try:
        send(row)
    except Exception:
        logger.exception("E-mail of %s %s failed", model.__name__, pk)
        failed = row.email_attempts >= MAX_EMAIL_ATTEMPTS
        model.objects.filter(pk=pk, email_status=EmailStatus.SENDING).update(
            email_status=EmailStatus.FAILED if failed else EmailStatus.PENDING,
            email_claimed_at=None,
        )
        raise
    changes = {"email_status": EmailStatus.SENT}
    if hasattr(row, "sent_at"):
        changes["sent_at"] = timezone.now()
    model.objects.filter(pk=pk).update(**changes)
    return "sent"


def _requeue_stale(
    model: type[Model], enqueue: Callable[[int], None], older_than: timedelta
) -> int:
    """Free claims older than ``older_than`` (a dead worker), then enqueue again what is
    still pending after ``older_than`` (a lost task). Returns how many were enqueued."""
    from django.db.models import Q

    from core.models import EmailStatus

    cutoff = timezone.now() - older_than
    # Only the claim time says whether a worker may still be sending: an old row
    # claimed a moment ago is being sent right now and must stay claimed.
    model.objects.filter(
        Q(email_claimed_at__lt=cutoff) | Q(email_claimed_at__isnull=True, created_at__lt=cutoff),
        email_status=EmailStatus.SENDING,
    ).update(email_status=EmailStatus.PENDING, email_claimed_at=None)
    stale = model.objects.filter(
        email_status=EmailStatus.PENDING,
        created_at__lt=cutoff,
        email_attempts__lt=MAX_EMAIL_ATTEMPTS,
    ).values_list("pk", flat=True)
    count = 0
    for pk in stale:
        enqueue(pk)
        count += 1
    return count


# --- notification e-mails ------------------------------------------------------


def enqueue_notification_email(notification_id: int) -> None:
    """Queue the e-mail of one notification."""
    async_task(
        "core.tasks.send_notification_email",
        notification_id,
        task_name=f"notification-email-{notification_id}",
        group="notifications",
    )


def _calendar_attachment(user, uid: str) -> MIMEText | None:
    """The ``.ics`` of calendar item ``uid``, if it is still in ``user``'s calendar.

    Called in the reader's language, so the plugins' titles are in it too."""
    from core.calendar import event_for, ics_bytes, ics_filename

    event = event_for(user, uid)
    if event is None:
        return None
    # A MIME part of our own: Django's attach() would drop the "method" parameter that
    # mail programs read to offer "Add to calendar".
    part = MIMEText(ics_bytes([event], name=event.title).decode(), "calendar", "utf-8")
    part.set_param("method", "PUBLISH")
    part.add_header("Content-Disposition", "attachment", filename=ics_filename(uid))
    return part


def _send_notification(notification) -> None:
    from core.mail import render_email
    from core.models import Notification

    notification = Notification.objects.select_related("user", "actor").get(pk=notification.pk)
    user = notification.user
    with override(user.language or None):
        title = notification.shown_title
        text, html = render_email(
            "notification",
            {
                "subject": title,
                "greeting": _("Hello %(name)s,") % {"name": user.display_name()},
                "title": title,
                "body": notification.shown_body,
                "link": absolute_url(notification.url) if notification.url else "",
                "link_label": _("Open it on %(site)s") % {"site": settings.OPENTWIN_SITE_NAME},
                "reason": _(
                    "You get this e-mail because you have an account on %(site)s and "
                    "e-mails for this kind of notification are on."
                )
                % {"site": settings.OPENTWIN_SITE_NAME},
                "settings_url": absolute_url(reverse("core:notification-settings")),
            },
        )
        attachment = (
            _calendar_attachment(user, notification.calendar_uid)
            if notification.calendar_uid
            else None
        )
    send_mail(
        subject=title,
        message=text,
        recipient_list=[user.email],
        html_message=html,
        attachments=[attachment] if attachment is not None else [],
    )


def send_notification_email(notification_id: int) -> str:
    """Send one notification's e-mail unless it was already sent or is no longer wanted."""
    from core.models import Notification

    return _deliver(Notification, notification_id, _send_notification)


# --- account e-mails (verification, head teacher's link…) ---------------------------


def enqueue_outgoing_email(email_id: int) -> None:
    """Queue one account e-mail."""
    async_task(
        "core.tasks.send_outgoing_email",
        email_id,
        task_name=f"outgoing-email-{email_id}",
        group="email",
    )


def _send_outgoing(email) -> None:
    send_mail(
        subject=email.subject,
        message=email.text_body,
        from_email=None,
        recipient_list=[email.to],
        html_message=email.html_body,
    )


def send_outgoing_email(email_id: int) -> str:
    """Send one account e-mail unless it was already sent."""
    from core.models import OutgoingEmail

    return _deliver(OutgoingEmail, email_id, _send_outgoing)


# --- the sweep -------------------------------------------------------------------

# Account e-mails hold names and links: once settled, they are kept only this long.
OUTGOING_EMAIL_RETENTION = timedelta(days=30)


def forget_settled_outgoing_emails(older_than: timedelta = OUTGOING_EMAIL_RETENTION) -> int:
    """Delete account e-mails sent, dropped or given up on more than ``older_than`` ago."""
    from core.models import EmailStatus, OutgoingEmail

    deleted, _per_model = OutgoingEmail.objects.filter(
        email_status__in=[EmailStatus.SENT, EmailStatus.SKIPPED, EmailStatus.FAILED],
        created_at__lt=timezone.now() - older_than,
    ).delete()
    return deleted


def requeue_stale_emails(older_than: timedelta = EMAIL_SEND_TIMEOUT) -> int:
    """Enqueue again the notification and account e-mails whose task was lost."""
    from core.models import Notification, OutgoingEmail

    return _requeue_stale(Notification, enqueue_notification_email, older_than) + _requeue_stale(
        OutgoingEmail, enqueue_outgoing_email, older_than
    )


def sweep_pending_notification_emails() -> int:
    """Scheduled: re-enqueue e-mails whose task was lost (Redis can drop one in flight),
    and forget account e-mails settled long ago."""
    forget_settled_outgoing_emails()
    return requeue_stale_emails()


def retry_failed_event_deliveries() -> int:
    """Scheduled: deliver again the events whose listener failed and whose retry is due."""
    from core.event_delivery import retry_due_failures

    return retry_due_failures()
