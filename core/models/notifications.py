"""Notifications shown on-site and e-mailed, account e-mails, and each user's e-mail choices."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# --- e-mail delivery ---------------------------------------------------------------


class EmailStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    SKIPPED = "skipped", _("Not sent")
    FAILED = "failed", _("Failed")


class EmailDelivery(models.Model):
    """The delivery state of one e-mail, claimed by one worker at a time.

    ``email_claimed_at`` is when a worker took the e-mail: the sweep frees only
    claims older than the send timeout, so an e-mail being sent right now is
    never handed to a second worker, however old the row itself is.
    """

    EmailStatus = EmailStatus

    email_status = models.CharField(
        _("e-mail"), max_length=16, choices=EmailStatus.choices, default=EmailStatus.PENDING
    )
    email_attempts = models.PositiveSmallIntegerField(default=0)
    email_claimed_at = models.DateTimeField(_("e-mail claimed"), null=True, blank=True)

    class Meta:
        abstract = True


# --- notifications -----------------------------------------------------------------

# A notification's e-mail is tried this many times before it is marked failed.
MAX_EMAIL_ATTEMPTS = 5


class Notification(EmailDelivery):
    """A message to one user, shown on-site and, unless they turned it off, e-mailed.

    The text never stores another person's name: ``actor`` points at who did it and
    their name is put in when the message is shown or sent (``ACTOR`` marks the
    place), so erasing that person's data leaves no name behind in others' messages.
    """

    ACTOR = "{actor}"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=64)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    # The calendar item the notification is about: its e-mail carries the item's .ics.
    calendar_uid = models.CharField(_("calendar item"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "read_at"]),
            models.Index(fields=["email_status", "created_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    def _with_actor(self, text: str) -> str:
        if self.ACTOR not in text:
            return text
        from core.names import public_name

        return text.replace(self.ACTOR, public_name(self.actor))

    @property
    def shown_title(self) -> str:
        """The title with the actor's current name."""
        return self._with_actor(self.title)

    @property
    def shown_body(self) -> str:
        """The message with the actor's current name."""
        return self._with_actor(self.body)


class NotificationPreference(models.Model):
    """A user's choice to receive (or not) e-mail for one kind of notification."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("kind"), max_length=64)
    email_enabled = models.BooleanField(_("send by e-mail"), default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="core_notificationpref_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {'e-mail' if self.email_enabled else 'on-site only'}"


# --- account e-mails ---------------------------------------------------------------


class OutgoingEmail(EmailDelivery):
    """An e-mail that is not a notification (verification link, head teacher's link…),
    rendered when it is queued, in the reader's language, and sent once by a task."""

    purpose = models.CharField(_("purpose"), max_length=64)
    to = models.EmailField(_("to"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("about"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The account the e-mail is about; its erasure deletes the e-mail."),
    )
    subject = models.CharField(_("subject"), max_length=300)
    text_body = models.TextField(_("text"))
    html_body = models.TextField(_("HTML"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["email_status", "created_at"])]

    def __str__(self) -> str:
        return self.subject
